import { Agent, request as httpRequest } from 'node:http';
import request from 'supertest';
import { startRegistrySim } from '../../apps/registry-sim/src';
import type { Faults } from '../../apps/registry-sim/src';
import {
  addDevice,
  API_KEY,
  bootSim,
  createRegistration,
  imei,
  registerAndWait,
  SimHarness,
  TAC_DUAL,
  USER,
  waitForStatus,
} from './sim-harness';

describe('registry-sim faults and admin API (section 5)', () => {
  let sim: SimHarness;
  let serial = 1;
  const unit = () => [imei(TAC_DUAL, serial++), imei(TAC_DUAL, serial++)];
  const setFaults = (faults: Record<string, unknown>) =>
    sim.post('/admin/faults').send(faults).expect(200);
  const reset = () =>
    setFaults({
      latencyMs: 0,
      errorRate: 0,
      storeThenErrorRate: 0,
      hangRate: 0,
      rateLimitPerSecond: 0,
      down: false,
    });
  const count = async () =>
    (await sim.get('/api/v1/registration').expect(200)).body.length as number;
  /** A second stand-in on the same database, in a schema of its own. */
  const startInSchema = (schema: string, faults: Partial<Faults>) =>
    startRegistrySim({ databaseUrl: sim.db.url, port: 0, apiKey: API_KEY, schema, faults });

  beforeAll(async () => {
    sim = await bootSim();
  });
  afterEach(() => reset());
  afterAll(() => sim.close());

  it('merges fault settings and answers the full set', async () => {
    const res = await setFaults({ latencyMs: 5 });
    expect(res.body).toEqual({
      latencyMs: 5,
      processingDelayMs: 0,
      errorRate: 0,
      storeThenErrorRate: 0,
      hangRate: 0,
      rateLimitPerSecond: 0,
      down: false,
    });
    await sim.post('/admin/faults').send({ errorRate: 2 }).expect(400);
    await sim.post('/admin/faults').send({ bogus: 1 }).expect(400);
  });

  it('down answers 503 everywhere but /admin', async () => {
    await setFaults({ down: true });
    await sim
      .get('/api/v1/registration')
      .expect(503, { message: 'service unavailable', status_code: 503 });
    await sim.get(`/api/v2/tac/${TAC_DUAL}`).expect(503);
    await sim.get('/admin/stats').expect(200);
  });

  it('rate limit answers 429 with Retry-After', async () => {
    await setFaults({ rateLimitPerSecond: 2 });
    const answers = await Promise.all(
      Array.from({ length: 6 }, () => sim.get(`/api/v2/tac/${TAC_DUAL}`)),
    );
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(2);
    expect(limited[0].body).toEqual({ message: 'too many requests', status_code: 429 });
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('latency delays each answer', async () => {
    await setFaults({ latencyMs: 150 });
    const started = Date.now();
    await sim.get(`/api/v2/tac/${TAC_DUAL}`).expect(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('errorRate answers the endpoint 500 and stores nothing', async () => {
    const before = await count();
    await setFaults({ errorRate: 1 });
    await createRegistration(sim, { rows: [unit()] }).expect(500, {
      message: ['Registration request failed, check upload path or database connection'],
    });
    await sim
      .get('/api/v1/registration/1')
      .expect(500, { message: ['Failed to retrieve response, please try later'] });
    await reset();
    expect(await count()).toBe(before);
  });

  it('storeThenErrorRate keeps the effects, then answers 500', async () => {
    const before = await count();
    await setFaults({ storeThenErrorRate: 1 });
    await createRegistration(sim, { rows: [unit()] }).expect(500, {
      message: ['Registration request failed, check upload path or database connection'],
    });
    await reset();
    expect(await count()).toBe(before + 1);
    const orphan = (await sim.get('/api/v1/registration').expect(200)).body[0];
    await setFaults({ storeThenErrorRate: 1 });
    await addDevice(sim, orphan.id).expect(500, { message: 'request device addition failed' });
    // A 422 is not swapped: only successful answers are.
    await addDevice(sim, orphan.id).expect(422, {
      status: ['This step can only be performed for New Request'],
    });
    await reset();
    expect(await waitForStatus(sim, orphan.id, ['Approved', 'Rejected'])).toBe('Approved');
  });

  it('hangRate never answers; the client times out', async () => {
    await setFaults({ hangRate: 1 });
    await expect(sim.get(`/api/v2/tac/${TAC_DUAL}`).timeout(300)).rejects.toThrow(/Timeout/i);
  });

  it('preregister whitelists IMEIs in an Approved request of preregistered-owner', async () => {
    const dup = unit();
    await sim
      .post('/admin/preregister')
      .send({ imeis: [dup[0], `${dup[0].slice(0, 14)}9`] })
      .expect(200, { preregistered: 1 });
    const res = await sim
      .get(`/api/v2/imei/${dup[0]}?include_registration_status=true`)
      .expect(200);
    expect(res.body.registration_status.status).toBe('whitelist');
    expect((await registerAndWait(sim, [dup])).status).toBe('Rejected');
    const list = await sim.get('/api/v1/registration').expect(200);
    expect(
      list.body.some(
        (r: { user_id: string; status_label: string }) =>
          r.user_id === 'preregistered-owner' && r.status_label === 'Approved',
      ),
    ).toBe(true);
  });

  it('reports stats', async () => {
    const stats = await sim.get('/admin/stats').expect(200);
    expect(Object.keys(stats.body)).toEqual([
      'requests',
      'imeisRegistered',
      'imeisPending',
      'imeisRemoved',
      'devicesRegistered',
      'registrationRequests',
      'deregistrationRequests',
      'imeisInMultipleApprovedRequests',
      'faults',
    ]);
    expect(stats.body.requests).toBeGreaterThan(10);
    expect(stats.body.faults).toEqual({
      error: 2,
      storeThenError: 3,
      hang: 1,
      rateLimited: expect.any(Number),
      down: 2,
    });
    expect(stats.body.faults.rateLimited).toBeGreaterThanOrEqual(2);
    expect(stats.body.imeisRegistered).toBe(3); // the orphan's unit, and the preregistered IMEI
    expect(stats.body.imeisRemoved).toBe(1); // the rejected batch's non-duplicate IMEI
    expect(stats.body.imeisPending).toBe(0);
    expect(stats.body.devicesRegistered).toBe(2);
    expect(stats.body.registrationRequests).toMatchObject({ Approved: 2, Rejected: 1 });
    expect(stats.body.imeisInMultipleApprovedRequests).toBe(0);
  });

  it('starts with initial faults in another schema and finishes stranded processing after a restart', async () => {
    const other = await startInSchema('registry_sim_b', { processingDelayMs: 60000 });
    const api = (path: string) =>
      request(other.url).post(path).set('Authorization', `Bearer ${API_KEY}`);
    const rows = [unit()];
    let regId: number;
    try {
      const created = await api('/api/v1/registration')
        .field('user_id', USER)
        .field('user_name', 'L')
        .field('device_count', '1')
        .field('imei_per_device', '2')
        .field('m_location', 'overseas')
        .attach('file', Buffer.from(rows[0].join('\t')), 'r.tsv')
        .expect(200);
      regId = created.body.id;
      await api('/admin/tacs')
        .send({ tacs: [{ tac: TAC_DUAL, brand_name: 'Acme', model_name: 'A1', simslot: '2' }] })
        .expect(200);
      await api('/api/v1/registration/device')
        .field('reg_id', String(regId))
        .field('user_id', USER)
        .field('brand', 'b')
        .field('model_name', 'm')
        .field('model_num', 'n')
        .field('operating_system', 'o')
        .field('device_type', 'Tablet')
        .field('technologies', '5G')
        .expect(200);
    } finally {
      await other.close();
    }
    const restarted = await startInSchema('registry_sim_b', { down: true });
    try {
      const get = () =>
        request(restarted.url)
          .get(`/api/v1/registration/${regId}`)
          .set('Authorization', `Bearer ${API_KEY}`);
      await get().expect(503);
      await request(restarted.url)
        .post('/admin/faults')
        .set('Authorization', `Bearer ${API_KEY}`)
        .send({ down: false })
        .expect(200);
      const deadline = Date.now() + 3000;
      let label = '';
      while (Date.now() < deadline && label !== 'Approved') {
        label = (await get().expect(200)).body.status_label;
        if (label !== 'Approved') await new Promise((r) => setTimeout(r, 20));
      }
      expect(label).toBe('Approved');
    } finally {
      await restarted.close();
    }
    // The default schema's data is untouched by the other one.
    expect((await sim.get(`/api/v1/registration/${regId}`)).status).toBeLessThan(500);
  });

  it('closes while a client keeps its keep-alive connection busy, as a polling worker does', async () => {
    // Each answer takes a while, so a request is in flight whenever close() starts.
    const busy = await startInSchema('registry_sim_c', { latencyMs: 100 });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    let polling = true;
    const poll = async () => {
      while (polling) {
        await new Promise<void>((resolve) => {
          const req = httpRequest(
            `${busy.url}/api/v1/registration/1`,
            { agent, headers: { authorization: `Bearer ${API_KEY}` } },
            (res) => res.resume().on('end', resolve),
          );
          req.on('error', () => setTimeout(resolve, 20));
          req.end();
        });
      }
    };
    const polled = poll();
    try {
      await new Promise((r) => setTimeout(r, 300));
      // Before the fix, close() waited for that connection to go idle, which it never did.
      const outcome = await Promise.race([
        busy.close().then(() => 'closed'),
        new Promise((r) => setTimeout(() => r('still open after 10 s'), 10_000)),
      ]);
      expect(outcome).toBe('closed');
    } finally {
      polling = false;
      await polled;
      agent.destroy();
    }
  });
});
