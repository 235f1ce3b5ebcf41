import {
  bootSim,
  createRegistration,
  imei,
  pollUntil,
  registerAndWait,
  SimHarness,
  TAC_DUAL,
  USER,
} from './sim-harness';

describe('registry-sim search (1.8) and Core (section 2)', () => {
  let sim: SimHarness;
  const approvedRows = [[imei(TAC_DUAL, 1), imei(TAC_DUAL, 2)]];
  let approvedId: number;
  let orphanId: number;

  beforeAll(async () => {
    sim = await bootSim();
    approvedId = (await registerAndWait(sim, approvedRows)).id;
    orphanId = (
      await createRegistration(sim, { rows: [[imei(TAC_DUAL, 3), imei(TAC_DUAL, 4)]] }).expect(200)
    ).body.id;
  });
  afterAll(() => sim.close());

  const search = (body: Record<string, unknown>) => sim.post('/api/v1/search').send(body);
  const specs = { group: 'importer', request_type: 1, user_id: USER };

  it('finds requests by 14-digit IMEI with the DRS quirks', async () => {
    const res = await search({
      start: 1,
      limit: 10,
      search_specs: specs,
      search_args: { imeis: [approvedRows[0][1].slice(0, 14)] },
    }).expect(200);
    expect(res.body).toMatchObject({ start: 1, limit: 10, count: 1, previous: '', next: '' });
    const [found] = res.body.requests;
    expect(found).toMatchObject({
      id: approvedId,
      status: 'Approved',
      report_status_label: 10,
      processing_status_label: 10,
      request_type: 1,
      creator: { user_id: USER, user_name: 'Line 3' },
      reviewer: { user_id: 'N/A', user_name: 'N/A' },
      device_details: {
        brand: 'Acme',
        model_name: 'A1',
        operating_system: 'Android',
        device_type: 'Smartphone',
        imeis: [approvedRows[0][0], ` ${approvedRows[0][1]}`],
        device_count: '1',
        technologies: '2G, 3G, 4G',
      },
    });
  });

  it('lists the orphan without IMEIs, filters by status, and pages', async () => {
    const all = await search({ start: 1, limit: 1, search_specs: specs, search_args: {} }).expect(
      200,
    );
    expect(all.body.count).toBe(2);
    expect(all.body.next).toBe('/search?start=2&limit=1');
    const orphan = await search({
      start: 1,
      limit: 10,
      search_specs: specs,
      search_args: { status: 'New Request' },
    }).expect(200);
    expect(orphan.body.requests.map((r: { id: number }) => r.id)).toEqual([orphanId]);
    expect(orphan.body.requests[0].device_details).toMatchObject({ imeis: 'N/A', brand: 'N/A' });
    // Not processed: its IMEIs are not searchable.
    const none = await search({
      start: 1,
      limit: 10,
      search_specs: specs,
      search_args: { imeis: [imei(TAC_DUAL, 3)] },
    }).expect(200);
    expect(none.body).toEqual({
      start: 1,
      previous: '',
      next: '',
      requests: [],
      count: 0,
      limit: 10,
    });
    const tech = await search({
      start: 1,
      limit: 10,
      search_specs: specs,
      search_args: { technologies: ['5G', '4G'] },
    }).expect(200);
    expect(tech.body.count).toBe(1);
    const past = await search({ start: 5, limit: 10, search_specs: specs, search_args: {} }).expect(
      404,
    );
    expect(past.body.message).toBe('Not Found');
    const missing = await search({
      start: 1,
      limit: 10,
      search_specs: { group: 'importer' },
      search_args: {},
    }).expect(404);
    expect(missing.body.message).toBe('Search Specs attributes missing!');
    const nobody = await search({
      start: 1,
      limit: 10,
      search_specs: { ...specs, user_id: 'nobody' },
      search_args: {},
    }).expect(200);
    expect(nobody.body).toBeNull();
  });

  it('answers Core IMEI lookups for pending, whitelist and removed', async () => {
    // The IMEIs are pending from half the processing delay to its end (1 to 2 s here).
    await sim.post('/admin/faults').send({ processingDelayMs: 2000 }).expect(200);
    const pendingRows = [[imei(TAC_DUAL, 20), imei(TAC_DUAL, 21)]];
    const reg = await createRegistration(sim, { rows: pendingRows }).expect(200);
    await sim
      .post('/api/v1/registration/device')
      .field('reg_id', String(reg.body.id))
      .field('user_id', USER)
      .field('brand', 'Acme')
      .field('model_name', 'A1')
      .field('model_num', 'X')
      .field('operating_system', 'Android')
      .field('device_type', 'Smartphone')
      .field('technologies', '4G')
      .expect(200);
    await sim.post('/admin/faults').send({ processingDelayMs: 0 }).expect(200);
    // Waits for the pending state rather than guessing when it starts: a fixed 400 ms into a
    // 600 ms delay was too early for a slow machine.
    const pending = await pollUntil(
      () =>
        sim
          .get(
            `/api/v2/imei/${pendingRows[0][0]}?include_registration_status=true&include_stolen_status=true`,
          )
          .expect(200),
      (r) => r.body.registration_status.status !== null,
    );
    expect(pending.body).toEqual({
      imei_norm: pendingRows[0][0].slice(0, 14),
      block_date: null,
      first_seen: null,
      classification_state: { blocking_conditions: [], informative_conditions: [] },
      realtime_checks: {
        ever_observed_on_network: false,
        invalid_imei: false,
        is_paired: false,
        is_exempted_device: false,
        gsma_not_found: false,
        in_registration_list: false,
      },
      registration_status: { status: 'pending', provisional_only: true },
      stolen_status: { status: null, provisional_only: null },
    });
    const white = await sim
      .get(`/api/v2/imei/${approvedRows[0][0]}?include_registration_status=true`)
      .expect(200);
    expect(white.body.registration_status).toEqual({
      status: 'whitelist',
      provisional_only: false,
    });
    expect(white.body.realtime_checks.in_registration_list).toBe(true);
    expect(white.body.stolen_status).toBeUndefined();
    const plain = await sim.get(`/api/v2/imei/${approvedRows[0][0]}`).expect(200);
    expect(plain.body.registration_status).toBeUndefined();
    const odd = await sim.get('/api/v2/imei/abc123').expect(200);
    expect(odd.body.imei_norm).toBe('ABC123');
    expect(odd.body.realtime_checks.invalid_imei).toBe(true);
    const tooLong = await sim.get('/api/v2/imei/12345678901234567').expect(400);
    expect(tooLong.headers['content-type']).toMatch(/text\/html/);
    expect(tooLong.text).toContain('Bad IMEI format (too long)');
    await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: [''] })
      .expect(400)
      .expect((r) => expect(r.text).toContain('Bad IMEI format (empty imei).'));
    await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: ['1 2'] })
      .expect(400)
      .expect((r) => expect(r.text).toContain('Bad IMEI format (whitespces not allowed).'));
    await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: Array.from({ length: 1001 }, (_, i) => String(i)) })
      .expect(400);
    const batch = await sim
      .post('/api/v2/imei-batch')
      .send({ imeis: [approvedRows[0][0], '35123456999999'], include_registration_status: true })
      .expect(200);
    expect(batch.body.results.map((r: { imei_norm: string }) => r.imei_norm)).toEqual([
      approvedRows[0][0].slice(0, 14),
      '35123456999999',
    ]);
  });

  it('serves TAC lookups from the seeded table', async () => {
    const one = await sim.get(`/api/v2/tac/${TAC_DUAL}`).expect(200);
    expect(one.body.tac).toBe(TAC_DUAL);
    expect(one.body.gsma).toMatchObject({ brand_name: 'Acme', model_name: 'A1', simslot: '2' });
    await sim.get('/api/v2/tac/11112222').expect(200, { tac: '11112222', gsma: null });
    const bad = await sim.get('/api/v2/tac/123').expect(400);
    expect(bad.text).toContain('Bad TAC format');
    const batch = await sim
      .post('/api/v2/tac')
      .send({ tacs: [TAC_DUAL, '11112222'] })
      .expect(200);
    expect(batch.body.results.map((r: { gsma: unknown }) => r.gsma === null)).toEqual([
      false,
      true,
    ]);
    await sim
      .post('/admin/tacs')
      .send({
        tacs: [{ tac: '11112222', brand_name: 'New', model_name: 'N1', simslot: 'Not Known' }],
      })
      .expect(200, { tacs: 1 });
    const added = await sim.get('/api/v2/tac/11112222').expect(200);
    expect(added.body.gsma).toMatchObject({ brand_name: 'New', simslot: 'Not Known' });
    await sim
      .post('/admin/tacs')
      .send({ tacs: [{ tac: 'x' }] })
      .expect(400);
  });
});
