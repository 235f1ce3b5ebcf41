import {
  bootSim,
  imei,
  registerAndWait,
  SimHarness,
  TAC_DUAL,
  USER,
  waitForStatus,
} from './sim-harness';

describe('registry-sim de-registration (DRS 1.6-1.7)', () => {
  let sim: SimHarness;
  beforeAll(async () => {
    sim = await bootSim();
  });
  afterAll(() => sim.close());

  const create = (imeis: string[], fields: Record<string, string> = {}, name = 'x000045.txt') => {
    let test = sim.post('/api/v1/deregistration');
    const all = {
      user_id: USER,
      user_name: 'Line 3',
      device_count: String(imeis.length),
      reason: 'Exported to UAE',
      ...fields,
    };
    for (const [k, v] of Object.entries(all)) test = test.field(k, v);
    return test.attach('file', Buffer.from(imeis.map((i) => `${i}\n`).join('')), name);
  };
  const devicesStep = (id: number, devices: unknown, userId: string | null = USER) => {
    let test = sim.post('/api/v1/deregistration/devices').field('dereg_id', String(id));
    if (userId !== null) test = test.field('user_id', userId);
    if (devices !== undefined)
      test = test.field('devices', typeof devices === 'string' ? devices : JSON.stringify(devices));
    return test;
  };

  it('removes whole units on approval and refuses unregistered IMEIs', async () => {
    const units = [
      [imei(TAC_DUAL, 1), imei(TAC_DUAL, 2)],
      [imei(TAC_DUAL, 3), imei(TAC_DUAL, 4)],
    ];
    expect((await registerAndWait(sim, units)).status).toBe('Approved');
    // One IMEI of the first dual-SIM unit plus an IMEI of an unknown TAC (left out of devices).
    const created = await create([units[0][0], imei('35000000', 9)]).expect(200);
    expect(created.body.request).toMatchObject({
      user_id: USER,
      device_count: 2,
      reason: 'Exported to UAE',
      file: 'x000045.txt',
      status_label: 'New Request',
      processing_status_label: 'New Request',
      report_status_label: 'New Request',
      invalid_imeis_file: null,
    });
    expect(created.body.devices).toEqual([
      {
        tac: TAC_DUAL,
        model_name: 'A1',
        brand_name: 'Acme',
        model_num: 'N/A',
        technology: 'N/A',
        device_type: 'Smartphone',
        count: 1,
        operating_system: 'Android',
      },
    ]);
    const id = created.body.request.id;
    await devicesStep(id, created.body.devices, 'other').expect(422, {
      user_id: ['Permission denied for this request'],
    });
    await devicesStep(id, created.body.devices, null).expect(422, {
      user_id: ['User Id is required'],
    });
    await devicesStep(id, undefined).expect(422, { devices: ['Missing data for required field.'] });
    await devicesStep(id, [{ tac: TAC_DUAL }])
      .expect(422)
      .expect((res) => {
        expect(res.body.devices['0'].model_name).toEqual(['model_name is a required field']);
      });
    await devicesStep(id, '{not json').expect(500, {
      message: ['Failed to retrieve response, please try later'],
    });
    await devicesStep(999999, created.body.devices).expect(422, {
      message: ['De-Registration Request not found.'],
    });
    const step = await devicesStep(id, created.body.devices).expect(200);
    expect(step.body).toEqual({
      devices: [{ id: expect.any(Number), ...created.body.devices[0] }],
      dreg_id: id,
    });
    // Status is checked before user_id.
    await devicesStep(id, created.body.devices, null).expect(422, {
      status: ['This step can only be performed for New Request'],
    });
    expect(await waitForStatus(sim, id, ['Approved', 'Rejected'], '/api/v1/deregistration/')).toBe(
      'Approved',
    );
    const listed = await sim.get(`/api/v1/deregistration/devices/${id}`).expect(200);
    expect(listed.body).toHaveLength(1);

    const lookup = await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: [...units[0], units[1][0]], include_registration_status: true })
      .expect(200);
    expect(
      lookup.body.results.map(
        (r: { registration_status: { status: string | null } }) => r.registration_status.status,
      ),
    ).toEqual([null, null, 'whitelist']);
    const stats = await sim.get('/admin/stats').expect(200);
    expect(stats.body.imeisRemoved).toBe(2);
    expect(stats.body.deregistrationRequests.Approved).toBe(1);

    // Repeated after approval: the IMEI is removed now.
    const again = await create([units[0][1]]).expect(200);
    await devicesStep(again.body.request.id, again.body.devices).expect(422, {
      not_registered_imeis: [units[0][1].slice(0, 14)],
    });
  });

  it('validates the form and the file', async () => {
    const one = [imei(TAC_DUAL, 50)];
    const none = await sim.post('/api/v1/deregistration').field('user_id', USER).expect(422);
    expect(none.body).toMatchObject({
      file: ['file is a required field'],
      reason: ['reason is a required field'],
      device_count: ['device count is a required field'],
      user_name: ['User Name is required'],
    });
    await create(one, { reason: '  ' }).expect(422, { reason: ['Invalid reason'] });
    await create(one, { device_count: '0' }).expect(422, {
      device_count: ['Device count must be a positive number'],
    });
    await create(one, {}, 'x.csv').expect(422, { file: ['Only txt files are allowed'] });
    await create(one, { user_id: 'u ' }).expect(422, {
      user_id: ['user id cannot start or ends with spaces'],
    });
    await create(one, { device_count: '2' }).expect(422, {
      device_count: ['Device count in file is not same as input'],
    });
    await create(['123', '35123456ABCDEF0', '123'], { device_count: '3' }).expect(422, {
      invalid_imeis: ['Invalid IMEIs in the input file'],
      duplicate_imeis: ['Duplicate IMEIs in the input file'],
      invalid_format: ['Invalid IMEIs Format in input file'],
    });
    await sim
      .post('/api/v1/deregistration')
      .field('user_id', USER)
      .field('user_name', 'L')
      .field('device_count', '1')
      .field('reason', 'r')
      .attach('file', Buffer.alloc(0), 'e.txt')
      .expect(422, { size: ['The file should not be Empty'] });
  });

  it('answers an unknown id with 200 and a JSON string (DRS quirk)', async () => {
    const res = await sim.get('/api/v1/deregistration/987654').expect(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.text).toBe(JSON.stringify('{"message": ["De-Registration Request not found."]}'));
  });
});
