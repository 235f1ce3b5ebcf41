import request from 'supertest';
import { AuthedAgent } from '../support/api-harness';
import { TestUnit } from '../support/factories';
import { RegistryHarness, SIM_KEY, startRegistryHarness } from './registry-harness';

/**
 * Issue 6: shipping a lot abroad de-registers its units' IMEIs through the same outbox and
 * queue as registration. Units are registered through the real push; some are still
 * unregistered (worker stopped) when the lot ships, so their de-registration must wait in
 * the outbox until their registration ends, then go out too.
 */
describe('registry push: de-registration of exported units', () => {
  let h: RegistryHarness;
  let log: AuthedAgent;

  beforeAll(async () => {
    h = await startRegistryHarness();
    await h.db.query(`UPDATE plants SET gs1_company_prefix = '0614141' WHERE id = $1`, [
      h.fixture.plantId,
    ]);
    log = await h.api.as('LOGISTICS');
  });
  afterAll(() => h?.close());

  /** An AE lot of these units in closed cartons, inspected, accepted, sealed and shipped. */
  const shipLot = async (units: TestUnit[]) => {
    const lot = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: h.fixture.plantId,
          destinationCountry: 'AE',
          consignee: 'Gulf Mobile LLC',
          plannedQuantity: units.length,
          deviceModelIds: [h.fixture.deviceModelId],
          // Takes units the registry has not confirmed yet, so some ship while PENDING.
          requiresRegistration: false,
        })
        .expect(201)
    ).body;
    for (let i = 0; i < units.length; i += 20) {
      const carton = (
        await log.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity: 20 }).expect(201)
      ).body;
      for (const u of units.slice(i, i + 20)) {
        const res = await log
          .post(`/api/cartons/${carton.sscc}/units`)
          .send({ unit: u.serialNumber });
        if (res.status !== 201)
          throw new Error(`pack ${u.serialNumber}: ${JSON.stringify(res.body)}`);
      }
      await log.post(`/api/cartons/${carton.sscc}/close`).expect(200);
    }
    const draw = (await log.post(`/api/export-lots/${lot.id}/inspection`).expect(201)).body;
    for (const serial of draw.units as string[])
      await log
        .post(`/api/export-lots/${lot.id}/inspection/results`)
        .send({ unit: serial, result: 'PASS' })
        .expect(201);
    await log.post(`/api/export-lots/${lot.id}/seal`).expect(200);
    await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-DEREG-1', transportDocument: 'AWB-DEREG-1' })
      .expect(200);
  };

  const statuses = async (ids: string[]) =>
    Object.fromEntries(
      (
        await h.db.query<{ registry_status: string; n: number }[]>(
          `SELECT registry_status, count(*)::int n FROM units WHERE id = ANY($1::uuid[]) GROUP BY 1`,
          [ids],
        )
      ).map((r) => [r.registry_status, r.n]),
    );

  it('de-registers every shipped unit, waiting for registrations still under way', async () => {
    let worker = await h.startWorker();
    const registered = await h.passUnits(30);
    expect(await h.drained(60_000)).toEqual({ REGISTERED: 30 });
    await worker.kill();

    // Passed while no worker runs: still PENDING when the lot ships.
    const late = await h.passUnits(10);
    const units = [...registered, ...late];
    const ids = units.map((u) => u.id);
    await shipLot(units);
    expect(await statuses(ids)).toEqual({ REGISTERED: 30, PENDING: 10 });

    await h.sim.faults({ processingDelayMs: 300 });
    worker = await h.startWorker();
    const deadline = Date.now() + 90_000;
    let now = await statuses(ids);
    while (now.DEREGISTERED !== 40 && Date.now() < deadline) {
      // The late units' DEREGISTER rows stay unclaimed while their registration is under way.
      const early = await h.db.query<{ n: number }[]>(
        `SELECT count(*)::int n FROM registry_outbox o JOIN units u ON u.id = o.unit_id
         WHERE o.kind = 'DEREGISTER' AND o.claimed_at IS NOT NULL AND u.id = ANY($1::uuid[])
           AND u.registry_status IN ('PENDING', 'SUBMITTED')`,
        [ids],
      );
      expect(early[0].n).toBe(0);
      await new Promise((r) => setTimeout(r, 200));
      now = await statuses(ids);
    }
    expect(now).toEqual({ DEREGISTERED: 40 });

    const stats = (
      await request(h.sim.url)
        .get('/admin/stats')
        .set('Authorization', `Bearer ${SIM_KEY}`)
        .expect(200)
    ).body;
    expect(stats.imeisRemoved).toBe(80);
    expect(stats.imeisRegistered).toBe(0);
    expect(stats.deregistrationRequests).toMatchObject({ 'New Request': 0, 'Pending Review': 0 });
    expect(stats.deregistrationRequests.Approved).toBeGreaterThanOrEqual(2);
    for (const imei of [units[0].imeis[0], units[39].imeis[1]]) {
      const core = await request(h.sim.url)
        .get(`/api/v2/imei/${imei}?include_registration_status=true`)
        .set('Authorization', `Bearer ${SIM_KEY}`)
        .expect(200);
      expect(core.body.registration_status?.status).not.toBe('whitelist');
    }

    const subs = await h.db.query<{ state: string; reason: string; file_name: string }[]>(
      `SELECT DISTINCT s.state, s.reason, s.file_name LIKE 'lt-%.txt' AS txt FROM registry_submissions s
       JOIN registry_submission_units su ON su.submission_id = s.id
       WHERE s.kind = 'DEREGISTER' AND su.unit_id = ANY($1::uuid[])`,
      [ids],
    );
    expect(subs).toEqual([{ state: 'APPROVED', reason: 'Export to AE', txt: true }]);
    const [{ n: unclaimed }] = await h.db.query<{ n: number }[]>(
      `SELECT count(*)::int n FROM registry_outbox WHERE unit_id = ANY($1::uuid[]) AND claimed_at IS NULL`,
      [ids],
    );
    expect(unclaimed).toBe(0);

    // Visible per unit: its events, and its registryStatus through the API.
    const [{ n: events }] = await h.db.query<{ n: number }[]>(
      `SELECT count(DISTINCT unit_id)::int n FROM unit_events WHERE unit_id = ANY($1::uuid[]) AND type = 'REGISTRY_DEREGISTERED'`,
      [ids],
    );
    expect(events).toBe(40);
    const admin = await h.api.as('ADMIN');
    const shown = await admin.get(`/api/units/${units[0].serialNumber}`).expect(200);
    expect(shown.body.registryStatus).toBe('DEREGISTERED');
    await worker.kill();
  });

  it('keeps units REGISTERED when the registry rejects their de-registration, and sends them again on an administrator retry', async () => {
    const until = async (what: string, done: () => Promise<boolean>, timeoutMs = 60_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await done())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const worker = await h.startWorker();
    try {
      const units = await h.passUnits(4);
      const ids = units.map((u) => u.id);
      await until('registration', async () => (await statuses(ids)).REGISTERED === 4);

      // The registry's reviewer rejects the de-registration while it waits for review.
      await h.sim.faults({ processingDelayMs: 60_000 });
      await shipLot(units);
      let dereg: { id: number } | undefined;
      await until('the de-registration request', async () => {
        [dereg] = await h.sim.sql<{ id: number }>(
          `SELECT id FROM registry_sim.dereg_details WHERE status_label = 'Pending Review' ORDER BY id DESC LIMIT 1`,
        );
        return !!dereg;
      });
      await h.sim.sql(
        `UPDATE registry_sim.dereg_details SET status_label = 'Rejected' WHERE id = $1`,
        [dereg!.id],
      );
      const rejectedReasons = async () =>
        (
          await h.db.query<{ registry_status: string; registry_reason: string | null }[]>(
            'SELECT registry_status, registry_reason FROM units WHERE id = ANY($1::uuid[])',
            [ids],
          )
        ).filter(
          (u) =>
            u.registry_status === 'REGISTERED' &&
            u.registry_reason?.startsWith('De-registration rejected'),
        ).length;
      await until('the rejection', async () => (await rejectedReasons()) === 4);
      await h.sim.faults({ processingDelayMs: 0 });

      // One unit by its id, then the rest by the rejected submission (the administration
      // screen's Retry button); each unit is queued once.
      const [{ id: rejected }] = await h.db.query<{ id: string }[]>(
        `SELECT DISTINCT s.id FROM registry_submissions s JOIN registry_submission_units su ON su.submission_id = s.id
       WHERE s.kind = 'DEREGISTER' AND s.state = 'REJECTED' AND su.unit_id = ANY($1::uuid[])`,
        [ids],
      );
      const admin = await h.api.as('ADMIN');
      const one = await admin
        .post('/api/registry/retry')
        .send({ unitIds: [ids[0]] })
        .expect(200);
      expect(one.body).toEqual({ submissionIds: [], unitIds: [ids[0]], skipped: [] });
      // Two administrators at once, by submission and by units: the rest queued once each.
      const [x, y] = await Promise.all([
        admin
          .post('/api/registry/retry')
          .send({ submissionIds: [rejected] })
          .expect(200),
        admin.post('/api/registry/retry').send({ unitIds: ids }).expect(200),
      ]);
      const both = [...x.body.unitIds, ...y.body.unitIds];
      expect(both.sort()).toEqual(ids.slice(1).sort());
      const again = await admin
        .post('/api/registry/retry')
        .send({ submissionIds: [rejected] })
        .expect(200);
      expect(again.body).toEqual({ submissionIds: [], unitIds: [], skipped: [rejected] });
      const [{ n: rows }] = await h.db.query<{ n: number }[]>(
        `SELECT count(*)::int n FROM registry_outbox WHERE unit_id = ANY($1::uuid[]) AND kind = 'DEREGISTER'`,
        [ids],
      );
      expect(rows).toBe(8); // the shipment's four and the retry's four

      await until('the de-registration', async () => (await statuses(ids)).DEREGISTERED === 4);
      const approved = await h.db.query<{ reason: string }[]>(
        `SELECT DISTINCT s.reason FROM registry_submissions s JOIN registry_submission_units su ON su.submission_id = s.id
       WHERE s.kind = 'DEREGISTER' AND s.state = 'APPROVED' AND su.unit_id = ANY($1::uuid[])`,
        [ids],
      );
      expect(approved).toEqual([{ reason: 'Export to AE' }]);
      const [{ n }] = await h.db.query<{ n: number }[]>(
        `SELECT count(*)::int n FROM unit_events WHERE unit_id = ANY($1::uuid[]) AND type = 'REGISTRY_RETRY'`,
        [ids],
      );
      expect(n).toBe(4);
    } finally {
      await worker.kill();
    }
  }, 240_000);

  it('retries the units whose latest de-registration was rejected, also in a child submission; skips units already waiting or resubmitted', async () => {
    // The states are written directly: no worker runs, so nothing moves them meanwhile.
    const [child, waiting, resubmitted] = await h.passUnits(3);
    const ids = [child.id, waiting.id, resubmitted.id];
    await h.db.query(
      `UPDATE units SET status = 'SHIPPED', registry_status = 'REGISTERED',
              registry_reason = 'De-registration rejected: IMEI not found' WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const submission = async (
      state: string,
      reason: string,
      units: { id: string; outcome: string | null }[],
      parentId: string | null = null,
    ) => {
      const [{ id }] = await h.db.query<{ id: string }[]>(
        `INSERT INTO registry_submissions (id, device_model_id, kind, state, file_name, device_count, parent_id, reason, created_at)
         VALUES (gen_random_uuid(), $1, 'DEREGISTER', $2, 'retry-' || substr(md5(random()::text), 1, 12), $3, $4, $5,
                 clock_timestamp())
         RETURNING id`,
        [h.fixture.deviceModelId, state, units.length, parentId, reason],
      );
      for (const u of units)
        await h.db.query(
          'INSERT INTO registry_submission_units (submission_id, unit_id, outcome) VALUES ($1, $2, $3)',
          [id, u.id, u.outcome],
        );
      return id;
    };
    // All three were in a first request that was closed; each was resubmitted in a child.
    const first = await submission(
      'CLOSED',
      'Export to AE',
      ids.map((id) => ({ id, outcome: 'REQUEUED' })),
    );
    await submission(
      'REJECTED',
      'Export to AE (resent)',
      [child, waiting].map((u) => ({ id: u.id, outcome: 'REJECTED' })),
      first,
    );
    await submission(
      'CREATED',
      'Export to AE (resent)',
      [{ id: resubmitted.id, outcome: null }],
      first,
    );
    await h.db.query(
      `INSERT INTO registry_outbox (unit_id, kind, reason) VALUES ($1, 'DEREGISTER', 'Export to AE')`,
      [waiting.id],
    );

    const admin = await h.api.as('ADMIN');
    const retried = await admin.post('/api/registry/retry').send({ unitIds: ids }).expect(200);
    expect(retried.body).toEqual({
      submissionIds: [],
      unitIds: [child.id],
      skipped: [waiting.id, resubmitted.id],
    });
    const outbox = await h.db.query<{ unit_id: string; reason: string; claimed_at: Date | null }[]>(
      `SELECT unit_id, reason, claimed_at FROM registry_outbox
       WHERE unit_id = ANY($1::uuid[]) AND kind = 'DEREGISTER' ORDER BY id`,
      [ids],
    );
    expect(outbox).toEqual([
      { unit_id: waiting.id, reason: 'Export to AE', claimed_at: null },
      { unit_id: child.id, reason: 'Export to AE (resent)', claimed_at: null },
    ]);
    const reasons = await h.db.query<{ id: string; registry_reason: string | null }[]>(
      'SELECT id, registry_reason FROM units WHERE id = ANY($1::uuid[]) ORDER BY id',
      [ids],
    );
    expect(Object.fromEntries(reasons.map((r) => [r.id, r.registry_reason]))).toEqual({
      [child.id]: null,
      [waiting.id]: 'De-registration rejected: IMEI not found',
      [resubmitted.id]: 'De-registration rejected: IMEI not found',
    });
  });
});
