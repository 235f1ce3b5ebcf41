import request from 'supertest';
import {
  addDevice,
  bootSim,
  createRegistration,
  imei,
  pollUntil,
  registerAndWait,
  SimHarness,
  TAC_DUAL,
  TAC_SINGLE,
  TAC_UNKNOWN_SIMSLOT,
  tsv,
  USER,
  waitForStatus,
} from './sim-harness';

const form = (
  sim: SimHarness,
  fields: Record<string, string>,
  file?: { content: Buffer; name: string },
) => {
  let test = sim.post('/api/v1/registration');
  for (const [k, v] of Object.entries(fields)) test = test.field(k, v);
  return file ? test.attach('file', file.content, file.name) : test;
};
const base = {
  user_id: USER,
  user_name: 'Line 3',
  device_count: '1',
  imei_per_device: '2',
  m_location: 'local',
};
const twoImeis = { content: tsv([[imei(TAC_DUAL, 900), imei(TAC_DUAL, 901)]]), name: 'one.tsv' };

describe('registry-sim registration (DRS 1.1-1.5, section 3)', () => {
  let sim: SimHarness;
  let serial = 1000;
  const unit = (tac = TAC_DUAL, n = 2) => Array.from({ length: n }, () => imei(tac, serial++));

  beforeAll(async () => {
    sim = await bootSim();
  });
  afterAll(() => sim.close());

  it('refuses a missing or wrong Bearer key with 401 (deviation a)', async () => {
    const body = { message: 'invalid user', status_code: 401 };
    await request(sim.url).get('/api/v1/registration').expect(401, body);
    await request(sim.url)
      .get('/api/v1/registration')
      .set('Authorization', 'Bearer nope')
      .expect(401, body);
    await request(sim.url).get('/admin/stats').expect(401, body);
  });

  it('answers unknown routes 404 and wrong methods 405 with DRS shapes', async () => {
    await sim.get('/api/v1/nothing-here').expect(404, { message: null, status_code: 404 });
    await sim.get('/api/v1/search').expect(405, { message: 'method not allowed', status: 405 });
    await sim.post('/api/v1/registration/12').expect(405);
  });

  it('approves a file request through the state machine (section 4)', async () => {
    const rows = [unit(), unit()];
    const created = await createRegistration(sim, { rows }).expect(200);
    expect(created.body).toMatchObject({
      user_id: USER,
      user_name: 'Line 3',
      device_count: 2,
      imei_per_device: 2,
      m_location: 'local',
      file: 'b000123.tsv',
      imeis: null,
      status_label: 'New Request',
      processing_status_label: 'New Request',
      report_status_label: 'New Request',
      report: null,
      report_allowed: false,
      reviewer_id: null,
      reviewer_name: null,
      duplicate_imeis_file: null,
    });
    expect(created.body.tracking_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(created.body.file_link).toMatch(new RegExp(`/${created.body.tracking_id}/b000123.tsv$`));
    expect(created.body.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    // No IMEI is reserved at 1.1.
    const before = await sim
      .get(`/api/v2/imei/${rows[0][0]}?include_registration_status=true`)
      .expect(200);
    expect(before.body.registration_status).toEqual({ status: null, provisional_only: null });

    const device = await addDevice(sim, created.body.id).expect(200);
    expect(device.body).toEqual({
      id: expect.any(String),
      reg_details_id: created.body.id,
      brand: 'Acme',
      model_name: 'A1',
      model_num: 'A1-2026',
      operating_system: 'Android',
      device_type: 'Smartphone',
      technologies: ['2G', '3G', '4G'],
      user_id: USER,
    });
    expect(await waitForStatus(sim, created.body.id, ['Approved', 'Rejected'])).toBe('Approved');
    const done = await sim.get(`/api/v1/registration/${created.body.id}`).expect(200);
    expect(done.body).toMatchObject({
      processing_status_label: 'Processed',
      report_status_label: 'Processed',
      report_allowed: true,
    });
    expect(done.body.report).toMatch(/^compliant_report[0-9a-f-]{36}\.tsv$/);
    await addDevice(sim, created.body.id).expect(422, {
      status: ['This step can only be performed for New Request'],
    });

    const report = await sim
      .get(
        `/api/v1/report/download?user_type=importer&request_type=registration_request&request_id=${created.body.id}&user_id=${USER}`,
      )
      .expect(200);
    expect(report.headers['content-disposition']).toContain(`user_report-${done.body.report}`);
    expect(report.text.split('\n')[0]).toBe('\timei\tstatus');
    expect(report.text.split('\n')[1]).toBe(`0\t${rows[0][0].slice(0, 14)}\tCompliant (Inactive)`);
    await sim
      .get(
        `/api/v1/report/download?user_type=importer&request_type=registration_request&user_id=${USER}`,
      )
      .expect(422, { error: ['request_id is required'] });
    await sim
      .get(
        `/api/v1/report/download?user_type=importer&request_type=registration_request&request_id=${created.body.id}&user_id=other`,
      )
      .expect(422, { message: ['Report not allowed.'] });

    await sim
      .get(`/api/v1/registration/device/${created.body.id}`)
      .expect(200)
      .expect((res) => {
        expect(res.body.user_id).toBeUndefined();
        expect(res.body.brand).toBe('Acme');
      });
    const sections = await sim.get(`/api/v1/registration/sections/${created.body.id}`).expect(200);
    expect(Object.keys(sections.body)).toEqual(['reg_details', 'reg_device', 'reg_docs']);
  });

  it('shows the intermediate labels with a processing delay', async () => {
    // Stored at half the delay (1 s), reviewed at its end (2 s): wide windows, so a slow
    // machine still sees each label.
    await sim.post('/admin/faults').send({ processingDelayMs: 2000 }).expect(200);
    try {
      const created = await createRegistration(sim, { rows: [unit()] }).expect(200);
      await addDevice(sim, created.body.id).expect(200);
      const lookUp = () => sim.get(`/api/v1/registration/${created.body.id}`).expect(200);
      const pending = await lookUp();
      expect(pending.body).toMatchObject({
        status_label: 'Pending Review',
        processing_status_label: 'Processing',
        report_status_label: 'New Request',
      });
      const stored = await pollUntil(
        lookUp,
        (r) => r.body.processing_status_label !== 'Processing',
      );
      expect(stored.body).toMatchObject({
        status_label: 'Pending Review',
        processing_status_label: 'Processed',
        report_status_label: 'Processing',
      });
      expect(await waitForStatus(sim, created.body.id, ['Approved'])).toBe('Approved');
    } finally {
      await sim.post('/admin/faults').send({ processingDelayMs: 0 }).expect(200);
    }
  });

  it('rule 1: file and imeis both or neither', async () => {
    const either = 'Either file or webpage input is required';
    await form(sim, base).expect(422, { imeis: [either], file: [either] });
    await form(sim, { ...base, imeis: "[['1','2']]" }, twoImeis).expect(422, {
      imeis: [either],
      file: [either],
    });
  });

  it('rules 2-6: form fields, all errors in one body', async () => {
    const res = await form(sim, {}, twoImeis).expect(422);
    expect(res.body).toEqual({
      device_count: ['Device count is required'],
      imei_per_device: ['Imei per device count is required'],
      user_id: ['User Id is required'],
      user_name: ['User Name is required'],
      m_location: ['manufacturing location is a required field'],
    });
    await form(sim, { ...base, device_count: 'two' }, twoImeis).expect(422, {
      device_count: ['Not a valid integer.'],
    });
    await form(sim, { ...base, device_count: '0' }, twoImeis).expect(422, {
      device_count: ['Device count must be a positive number'],
    });
    await form(sim, { ...base, device_count: '10000001' }, twoImeis).expect(422, {
      device_count: ['Device count in single request should be less than 10000000'],
    });
    await form(sim, { ...base, m_location: 'moon' }, twoImeis).expect(422, {
      m_location: ['Manufacturing location must be either local or overseas'],
    });
    await form(sim, base, { ...twoImeis, name: 'one.csv' }).expect(422, {
      file: ['Only tsv files are allowed'],
    });
    await form(sim, base, { ...twoImeis, name: `${'x'.repeat(101)}.tsv` }).expect(422, {
      file: ['File name length should be under 100 characters'],
    });
    await form(sim, { ...base, user_id: ' factory' }, twoImeis).expect(422, {
      user_id: ['user id cannot start or ends with spaces'],
    });
    await form(sim, { ...base, user_name: 'Line\t' }, twoImeis).expect(422, {
      user_name: ['user name cannot start or ends with tabs'],
    });
    await form(sim, { ...base, user_name: 'Line\n' }, twoImeis).expect(422, {
      user_name: ['user name cannot end with line breaks'],
    });
    await form(sim, { ...base, user_id: 'u'.repeat(1001) }, twoImeis).expect(422, {
      user_id: ['user id value should be between 1 and 1000'],
    });
  });

  it('rule 5: a 31-100 character file name fails with the 1.1 500 (varchar(30)), nothing stored', async () => {
    const count = (await sim.get('/api/v1/registration').expect(200)).body.length;
    await form(sim, base, { ...twoImeis, name: `${'x'.repeat(40)}.tsv` }).expect(500, {
      message: ['Registration request failed, check upload path or database connection'],
    });
    expect((await sim.get('/api/v1/registration').expect(200)).body.length).toBe(count);
  });

  it('rule 6: inline imeis checks', async () => {
    const inline = (imeis: string, extra: Record<string, string> = {}) =>
      form(sim, { ...base, ...extra, imeis });
    await inline('not a list').expect(422, { imeis: ['Invalid format for IMEIs Input'] });
    await inline("[['35123456000000','35123456000000']]").expect(422, {
      imeis: ['Duplicate IMEIs in request'],
    });
    const eleven = `[${Array.from({ length: 11 }, (_, i) => `['3512345600001${i % 10}${i}']`).join(',')}]`;
    await inline(eleven, { device_count: '11', imei_per_device: '1' }).expect(422, {
      imeis: ['Only 10 device are allowed in case of webpage input'],
    });
    await inline("[['35123456000001','35123456000002']]", { device_count: '2' }).expect(422, {
      imeis: ['Device count should be same as no of devices'],
    });
    await inline("[['1','2','3','4','5','6']]", { imei_per_device: '6' }).expect(422, {
      imeis: ['Only 5 imeis are allowed per device in webpage'],
    });
    await inline("[['35123456000001']]").expect(422, {
      imeis: ['No of imei for each device should be same as imei per device'],
    });
    await inline("[['3512345600000A','35123456000002']]").expect(422, { imeis: ['invalid imei'] });
    const ok = await inline(`[['${imei(TAC_DUAL, 5)}','${imei(TAC_DUAL, 6)}']]`).expect(200);
    expect(ok.body.imeis).toBe(`[['${imei(TAC_DUAL, 5)}','${imei(TAC_DUAL, 6)}']]`);
    expect(ok.body.file).toBeNull();
  });

  it('step 2 and rule 7: empty upload and file content checks, all at once', async () => {
    await form(sim, base, { content: Buffer.alloc(0), name: 'e.tsv' }).expect(422, {
      size: ['The file should not be Empty'],
    });
    const bad = Buffer.from(
      '35123456000001\t35123456000001\n3512345600000X\t123\n35123456000009\n',
    );
    const res = await form(
      sim,
      { ...base, device_count: '2', imei_per_device: '3' },
      { content: bad, name: 'bad.tsv' },
    ).expect(422);
    expect(res.body).toEqual({
      imei_per_device: ['IMEIs per device count in file is not same as input.'],
      device_count: ['Device count in file is not same as input'],
      invalid_imeis: ['Invalid IMEIs in the input file'],
      duplicate_imeis: ['Duplicate IMEIs in the input file'],
      missing_imeis: ['Some IMEIs are missing in the columns'],
      invalid_format: ['Invalid IMEIs Format in input file'],
    });
    const header = Buffer.from(`imei1\timei2\n${imei(TAC_DUAL, 7)}\t${imei(TAC_DUAL, 8)}\n`);
    const withHeader = await form(
      sim,
      { ...base, device_count: '2' },
      { content: header, name: 'h.tsv' },
    ).expect(422);
    expect(withHeader.body.invalid_format).toEqual(['Invalid IMEIs Format in input file']);
  });

  it('1.2: not found, permission, status and field errors in order', async () => {
    const notFound = { message: ['Registration Request not found.'] };
    await addDevice(sim, 999999).expect(422, notFound);
    await sim.post('/api/v1/registration/device').field('reg_id', 'abc').expect(422, notFound);
    await sim.post('/api/v1/registration/device').field('brand', 'x').expect(422, notFound);
    await sim.get('/api/v1/registration/abc').expect(422, notFound);
    await sim.get('/api/v1/registration/424242').expect(422, notFound);
    const created = await createRegistration(sim, { rows: [unit()] }).expect(200);
    const id = created.body.id;
    await addDevice(sim, id, { user_id: 'someone-else' }).expect(422, {
      user_id: ['Permission denied for this request'],
    });
    const missing = await addDevice(sim, id, {
      brand: undefined,
      model_name: undefined,
      model_num: undefined,
      operating_system: undefined,
      device_type: undefined,
      technologies: undefined,
      user_id: undefined,
    }).expect(422);
    expect(missing.body).toEqual({
      brand: ['Brand is required'],
      model_name: ['Model name is required'],
      model_num: ['Model number is required'],
      operating_system: ['Operating system is required'],
      device_type: ['Device type is required'],
      user_id: ['user_id is required'],
      technologies: ['Missing data for required field.'],
    });
    await addDevice(sim, id, { brand: '' }).expect(422, {
      brand: ['brand value should be between 1 and 1000'],
    });
    await addDevice(sim, id, { brand: ' Acme' }).expect(422, {
      brand: ['brand cannot start or ends with spaces'],
    });
    await addDevice(sim, id, { technologies: '2G, 3G' }).expect(422, {
      technologies: ['Radio Access Technology can be 2G,3G,4G,5G only'],
    });
    await addDevice(sim, id, { technologies: '6G' }).expect(422, {
      technologies: ['Radio Access Technology can be 2G,3G,4G,5G only'],
    });
    await addDevice(sim, id, { device_type: 'Toaster' }).expect(500, {
      message: 'request device addition failed',
    });
    const still = await sim.get(`/api/v1/registration/${id}`).expect(200);
    expect(still.body.status_label).toBe('New Request');
  });

  it('rule 8: multi-SIM check per row against the TAC table', async () => {
    const check = async (rows: string[][]) => {
      const created = await createRegistration(sim, { rows, imeiPerDevice: rows[0].length }).expect(
        200,
      );
      return addDevice(sim, created.body.id).expect(422);
    };
    const unknown = imei('35123499', 1);
    const r1 = await check([[unknown, imei('35123499', 2)]]);
    expect(r1.body).toEqual({
      message: { '0': { gsma_tac_response: 'No record found for TAC:35123499' } },
    });
    const single = [imei(TAC_SINGLE, 1)];
    const dual = unit(TAC_DUAL, 1);
    const r2 = await check([dual]);
    expect(r2.body).toEqual({
      message: {
        '0': {
          simslot_mismatch: `GSMA record for TAC: ${TAC_DUAL} shows: 2 count, Provided IMEIs: ${dual[0]} are: 1`,
        },
      },
    });
    const three = [
      imei(TAC_UNKNOWN_SIMSLOT, 1),
      imei(TAC_UNKNOWN_SIMSLOT, 2),
      imei(TAC_UNKNOWN_SIMSLOT, 3),
    ];
    const r3 = await check([three]);
    expect(r3.body).toEqual({
      message: {
        '0': {
          combo_euicc_uicc_mismatch: `GSMA record for TAC: ${TAC_UNKNOWN_SIMSLOT} shows: 0 count, Provided IMEIs: ${three.join(' ')} are: 3`,
        },
      },
    });
    const mixed = [imei(TAC_DUAL, 77), imei(TAC_SINGLE, 78)];
    const r4 = await check([mixed]);
    expect(r4.body).toEqual({
      message: {
        '0': {
          simslot_mismatch: `GSMA record for TAC: ${TAC_SINGLE} shows: 1 count, Provided IMEIs: ${mixed.join(' ')} are: 2`,
        },
        '1': {
          same_model_mismatch: `Provided IMEIs: ${mixed.join(' ')} are not of the same model. GSMA models for provided IMEIs are: (A1 & B2)`,
        },
      },
    });
    // Not Known accepts one or two IMEIs; a simslot-1 TAC accepts one.
    const created = await createRegistration(sim, { rows: [single] }).expect(200);
    await addDevice(sim, created.body.id).expect(200);
    const nk = await createRegistration(sim, {
      rows: [[imei(TAC_UNKNOWN_SIMSLOT, 10), imei(TAC_UNKNOWN_SIMSLOT, 11)]],
    }).expect(200);
    await addDevice(sim, nk.body.id).expect(200);
  });

  it('rule 9: rejects a batch holding a whitelisted IMEI, lists it, removes the rest', async () => {
    const first = [unit(), unit()];
    expect((await registerAndWait(sim, first)).status).toBe('Approved');
    const fresh = unit();
    // The 14-digit prefix decides: a different check digit is still a duplicate.
    const dupOther = `${first[1][0].slice(0, 14)}7`;
    const second = await registerAndWait(
      sim,
      [fresh, [first[0][0], dupOther].reverse()].map((r) => r),
    );
    expect(second.status).toBe('Rejected');
    const body = (await sim.get(`/api/v1/registration/${second.id}`).expect(200)).body;
    expect(body.duplicate_imeis_file).toMatch(
      new RegExp(`/${body.tracking_id}/duplicated_imeis\\.txt$`),
    );
    const file = await sim
      .get(`/api/v1/files/download?path=${encodeURIComponent(body.duplicate_imeis_file)}`)
      .expect(200);
    expect(file.headers['content-type']).toMatch(/^text\/plain/);
    expect(file.headers['content-disposition']).toContain('duplicated_imeis.txt');
    expect(file.text.trim().split('\n').sort()).toEqual(
      [first[0][0].slice(0, 14), first[1][0].slice(0, 14)].sort(),
    );
    const lookup = await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: [fresh[0], first[0][0]], include_registration_status: true })
      .expect(200);
    expect(
      lookup.body.results.map((r: { registration_status: unknown }) => r.registration_status),
    ).toEqual([
      { status: null, provisional_only: null },
      { status: 'whitelist', provisional_only: false },
    ]);
    await sim.get('/api/v1/files/download').expect(422, { error: ['path cannot be empty'] });
    await sim
      .get('/api/v1/files/download?path=/etc/passwd')
      .expect(400, { error: ['file not found or bad file path'] });
    // A removed IMEI may be sent again and is approved.
    expect((await registerAndWait(sim, [fresh])).status).toBe('Approved');
  });

  it('section 6: two requests processed before either is approved are both approved', async () => {
    await sim.post('/admin/faults').send({ processingDelayMs: 300 }).expect(200);
    try {
      const rows = [unit()];
      const a = await createRegistration(sim, { rows }).expect(200);
      const b = await createRegistration(sim, { rows }).expect(200);
      await addDevice(sim, a.body.id).expect(200);
      await addDevice(sim, b.body.id).expect(200);
      expect(await waitForStatus(sim, a.body.id, ['Approved', 'Rejected'])).toBe('Approved');
      expect(await waitForStatus(sim, b.body.id, ['Approved', 'Rejected'])).toBe('Approved');
      const stats = await sim.get('/admin/stats').expect(200);
      expect(stats.body.imeisInMultipleApprovedRequests).toBeGreaterThanOrEqual(2);
    } finally {
      await sim.post('/admin/faults').send({ processingDelayMs: 0 }).expect(200);
    }
  });

  it('1.5 and section 6: an orphan holds no IMEI, is listed, and can be closed once', async () => {
    const rows = [unit()];
    const orphan = await createRegistration(sim, { rows }).expect(200);
    const list = await sim.get('/api/v1/registration').expect(200);
    expect(list.body[0].id).toBe(orphan.body.id);
    const close = (fields: Record<string, string>) => {
      let test = sim.put('/api/v1/registration');
      for (const [k, v] of Object.entries(fields)) test = test.field(k, v);
      return test;
    };
    await close({ reg_id: String(orphan.body.id), user_id: 'other', close_request: 'True' }).expect(
      422,
      { user_id: ['Permission denied for this request.'] },
    );
    const closed = await close({
      reg_id: String(orphan.body.id),
      user_id: USER,
      close_request: 'True',
    }).expect(200);
    expect(closed.body.status_label).toBe('Closed');
    await close({ reg_id: String(orphan.body.id), user_id: USER, close_request: 'True' }).expect(
      422,
      { message: ['The request status is already Closed'] },
    );
    await addDevice(sim, orphan.body.id).expect(422, {
      status: ['This step can only be performed for New Request'],
    });
    const approved = await registerAndWait(sim, [unit()]);
    await close({ reg_id: String(approved.id), user_id: USER, close_request: 'True' }).expect(422, {
      message: ['The request status is Approved, which cannot be Closed'],
    });
    // The orphan's IMEIs were never stored, so they register normally.
    expect((await registerAndWait(sim, rows)).status).toBe('Approved');
  });
});
