import { RegistryHarness, startRegistryHarness, WorkerProcess } from './registry-harness';

const UNITS = 2000;

/**
 * The fault suite: units pass QC while the stand-in fails a fifth of its answers,
 * stores some requests and then answers 500, never answers some, rate-limits bursts, and
 * already holds 1% of the IMEIs; midway the worker is killed (SIGKILL) and Redis is
 * flushed (this suite's prefix), and another worker carries on from PostgreSQL alone.
 */
describe('registry push under faults', () => {
  let h: RegistryHarness;

  beforeAll(async () => {
    h = await startRegistryHarness();
  });
  afterAll(() => h?.close());

  it('registers every unit exactly once, rejects exactly the pre-registered ones, and leaves no request open', async () => {
    const first = await h.passUnits(UNITS / 2);
    const preregistered = first.filter((_, i) => i % 100 === 7);
    await h.sim.preregister(preregistered.map((u) => u.imeis[0]));
    await h.sim.faults({
      errorRate: 0.2,
      storeThenErrorRate: 0.05,
      hangRate: 0.03,
      rateLimitPerSecond: 25,
      processingDelayMs: 150,
    });

    let worker: WorkerProcess = await h.startWorker();
    // let it get into the middle of things
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [{ n }] = await h.db.query<{ n: string }[]>(
        `SELECT count(*) n FROM units WHERE registry_status = 'REGISTERED'`,
      );
      if (Number(n) >= 200 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await worker.kill('SIGKILL');
    const flushed = await h.flushRedis();
    expect(flushed).toBeGreaterThan(0);
    const second = await h.passUnits(UNITS / 2);
    const preregistered2 = second.filter((_, i) => i % 100 === 7);
    await h.sim.preregister(preregistered2.map((u) => u.imeis[1]));
    worker = await h.startWorker();

    const counts = await h.drained(150_000);
    expect(counts).toEqual({ REGISTERED: UNITS - 20, REJECTED: 20 });
    const rejected = await h.db.query<{ id: string; registry_reason: string }[]>(
      `SELECT id, registry_reason FROM units WHERE registry_status = 'REJECTED'`,
    );
    expect(rejected.map((r) => r.id).sort()).toEqual(
      [...preregistered, ...preregistered2].map((u) => u.id).sort(),
    );
    expect(
      rejected.every((r) =>
        /^Duplicate: IMEI \d{15} is already registered/.test(r.registry_reason),
      ),
    ).toBe(true);

    // the faults stop; orphans of lost answers are closed by reconciliation
    const during = await h.sim.stats();
    await h.sim.faults({ errorRate: 0, storeThenErrorRate: 0, hangRate: 0, rateLimitPerSecond: 0 });
    let stats = await h.sim.stats();
    for (let i = 0; i < 60 && (stats.registrationRequests['New Request'] ?? 0) > 0; i++) {
      await new Promise((r) => setTimeout(r, 500));
      stats = await h.sim.stats();
    }
    expect(stats.registrationRequests['New Request'] ?? 0).toBe(0);
    expect(stats.imeisRegistered).toBe(2 * (UNITS - 20) + 20);
    expect(stats.imeisInMultipleApprovedRequests).toBe(0);
    // Faults did happen, as a share of the calls made while they were on (how many calls the
    // push needs varies): about 28 % are expected, plus the rate-limited ones.
    const faults =
      during.faults.error +
      during.faults.storeThenError +
      during.faults.hang +
      during.faults.rateLimited;
    expect(during.faults.error).toBeGreaterThan(0);
    expect(faults / during.requests).toBeGreaterThan(0.1);

    const [subs] = await h.db.query<{ failed: string; approved: string }[]>(
      `SELECT count(*) FILTER (WHERE state = 'FAILED') failed, count(*) FILTER (WHERE state = 'APPROVED') approved FROM registry_submissions`,
    );
    expect(Number(subs.failed)).toBe(0);
    // one approved request per approved submission, none more (the other two: the pre-registrations)
    expect(stats.registrationRequests.Approved).toBe(Number(subs.approved) + 2);
    // unknown outcomes happened and were resolved by asking the registry
    const [lookups] = await h.db.query<{ n: string }[]>(
      `SELECT count(*) n FROM registry_submission_steps WHERE step = 'lookup'`,
    );
    expect(Number(lookups.n)).toBeGreaterThan(0);
    await worker.kill();
    // Its own waits bound it (30 s to get going, 150 s to drain, 30 s for the orphans); the
    // global 120 s cut one short on a slow machine, where this test once needed more.
  }, 300_000);
});
