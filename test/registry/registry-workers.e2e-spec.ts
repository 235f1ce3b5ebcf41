import { RegistryHarness, startRegistryHarness } from './registry-harness';

describe('registry push: registry down, and two workers', () => {
  let h: RegistryHarness;

  beforeAll(async () => {
    h = await startRegistryHarness();
  });
  afterAll(() => h?.close());

  it('keeps the backlog while the registry is down and drains it once it is back', async () => {
    const worker = await h.startWorker();
    await h.sim.stop();
    await h.passUnits(300);
    await new Promise((r) => setTimeout(r, 3000));
    const [{ n }] = await h.db.query<{ n: string }[]>(
      `SELECT count(*) n FROM units WHERE device_model_id = $1 AND registry_status IN ('PENDING', 'SUBMITTED')`,
      [h.fixture.deviceModelId],
    );
    expect(Number(n)).toBe(300);
    const admin = await h.api.as('ADMIN');
    const backlog = await admin.get('/api/registry/backlog').expect(200);
    expect(backlog.body.counts.PENDING + backlog.body.counts.SUBMITTED).toBe(300);
    expect(backlog.body.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(2);
    await h.sim.start();
    expect(await h.drained(60_000)).toEqual({ REGISTERED: 300 });
    const stats = await h.sim.stats();
    expect(stats.imeisRegistered).toBe(600);

    // The same worker rolls the report counts' deltas (one per unit and result written) into the counts.
    const deltas = async () =>
      Number(
        (
          await h.db.query<{ n: string }[]>(
            'SELECT (SELECT count(*) FROM line_minute_count_deltas) + (SELECT count(*) FROM line_first_try_count_deltas) AS n',
          )
        )[0].n,
      );
    const deadline = Date.now() + 10_000;
    while ((await deltas()) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await deltas()).toBe(0);
    const [counted] = await h.db.query<{ assembled: string; passed: string }[]>(
      'SELECT sum(assembled) AS assembled, sum(passed) AS passed FROM line_minute_counts',
    );
    expect(counted).toEqual({ assembled: '300', passed: '300' });
    await worker.kill();
  });

  it('two worker processes share the work without sending any unit twice', async () => {
    await h.sim.faults({ errorRate: 0.1, storeThenErrorRate: 0.05, processingDelayMs: 100 });
    const workers = await Promise.all([h.startWorker(), h.startWorker()]);
    await h.passUnits(1000);
    expect(await h.drained(90_000)).toEqual({ REGISTERED: 1300 });
    await h.sim.faults({ errorRate: 0, storeThenErrorRate: 0 });
    let stats = await h.sim.stats();
    for (let i = 0; i < 40 && (stats.registrationRequests['New Request'] ?? 0) > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      stats = await h.sim.stats();
    }
    expect(stats.imeisRegistered).toBe(2600);
    expect(stats.imeisInMultipleApprovedRequests).toBe(0);
    expect(stats.registrationRequests['New Request'] ?? 0).toBe(0);
    const [subs] = await h.db.query<{ approved: string }[]>(
      `SELECT count(*) approved FROM registry_submissions WHERE state = 'APPROVED'`,
    );
    expect(stats.registrationRequests.Approved).toBe(Number(subs.approved));
    await Promise.all(workers.map((w) => w.kill()));
  });
});
