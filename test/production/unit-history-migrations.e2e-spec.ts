import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrations } from '../../libs/database/src/migrations';
import { runMigrations } from '../../libs/database/src/run-migrations';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { addRangePool, createPlantFixture } from '../support/plant-fixture';

/**
 * A unit's ASSEMBLED event and its QC results became rows read as events (migrations
 * QcResultsAreEvents and AssembledEventsFromUnits). Undoing them writes those events into
 * unit_events; doing them again leaves events already written where they are, and new
 * units and results are read off their rows again. At every step a unit's history, and
 * the unit list's last event, read the same.
 */
describe('unit history: the migrations that made rows into events, both ways', () => {
  let api: ApiHarness;
  let sup: AuthedAgent;

  beforeAll(async () => {
    api = await startApi();
    sup = await api.as('SUPERVISOR');
  });
  afterAll(() => api.close());

  const sql = (text: string, params: unknown[] = []) =>
    api.app.get(DataSource).query<Record<string, unknown>[]>(text, params);

  const undoMigrations = async (count: number) => {
    const source = new DataSource({ type: 'postgres', url: api.db.url, migrations });
    await source.initialize();
    try {
      for (let n = 0; n < count; n++) await source.undoLastMigration({ transaction: 'each' });
    } finally {
      await source.destroy();
    }
  };

  it('keeps every unit history as it was', async () => {
    const admin = await api.as('ADMIN');
    const fx = await createPlantFixture(api, { route: ['MA', 'MB'] });
    await addRangePool(api, fx, 0, 99);
    await admin
      .post('/api/defect-codes')
      .send({ code: 'MIG_SCREEN', description: 'Screen', stage: 'MA' })
      .expect(201);
    const workOrderId = await fx.workOrderId(10);
    const record = async () =>
      (
        await sup
          .post('/api/units')
          .set('Idempotency-Key', randomUUID())
          .send({ workOrderId })
          .expect(201)
      ).body as { id: string; serialNumber: string };
    const unit = await record();
    const other = await record();
    const result = (ref: string, body: object) =>
      sup
        .post(`/api/units/${ref}/qc-results`)
        .set('Idempotency-Key', randomUUID())
        .send(body)
        .expect(201);
    const ref = unit.serialNumber;
    await result(ref, { stage: 'MA', result: 'FAIL', defectCodes: ['MIG_SCREEN'] });
    await sup.post(`/api/units/${ref}/rework`).send({ note: 'new screen' }).expect(201);
    await result(ref, { stage: 'MA', result: 'PASS', station: 'ST-1' });
    await sup.post(`/api/units/${ref}/hold`).send({ reason: 'audit' }).expect(201);
    await sup.post(`/api/units/${ref}/release`).send({ note: 'ok' }).expect(201);
    await result(ref, { stage: 'MB', result: 'PASS', testedAt: '2026-11-27T10:00:00.123Z' });
    await result(other.serialNumber, { stage: 'MA', result: 'PASS' });

    const history = async (r: string) =>
      (await sup.get(`/api/units/${r}`).expect(200)).body.history as {
        type: string;
        actor: string;
        details: Record<string, unknown> | null;
      }[];
    const before = await history(ref);
    expect(before.map((e) => e.type)).toEqual([
      'ASSEMBLED',
      'QC_FAILED',
      'REWORK_STARTED',
      'QC_PASSED',
      'HELD',
      'RELEASED',
      'QC_PASSED',
    ]);
    expect(before[0]).toMatchObject({
      actor: 'supervisor@test.local',
      details: { workOrder: expect.any(String) },
    });
    expect(before.at(-1)?.details).toMatchObject({
      testedAt: '2026-11-27T10:00:00.123Z',
      registryStatus: 'PENDING',
    });
    const otherBefore = await history(other.serialNumber);
    const onlyEvents = async () =>
      (
        await sql(
          `SELECT at, type, from_status AS "fromStatus", to_status AS "toStatus", stage, actor, details
           FROM unit_events WHERE unit_id = $1 ORDER BY id`,
          [unit.id],
        )
      ).map((e) => ({ ...e, at: (e.at as Date).toISOString() }));

    const lastEvents = async () =>
      (await sup.get(`/api/units?workOrderId=${workOrderId}`).expect(200)).body.items.map(
        (u: { serialNumber: string; lastEvent: unknown }) => [u.serialNumber, u.lastEvent],
      );
    const lastBefore = await lastEvents();
    expect(lastBefore).toHaveLength(2);

    await undoMigrations(1); // the ASSEMBLED events are rows again
    expect(await history(ref)).toEqual(before);
    expect((await onlyEvents())[0]).toEqual(before[0]);
    expect(await lastEvents()).toEqual(lastBefore);

    await undoMigrations(1); // and so are the QC results': the history was unit_events alone
    expect(await onlyEvents()).toEqual(before);

    await runMigrations(api.db.url);
    expect(await history(ref)).toEqual(before);
    expect(await history(other.serialNumber)).toEqual(otherBefore);
    expect(await lastEvents()).toEqual(lastBefore);

    // New units and results are rows again, after the events written meanwhile.
    await result(other.serialNumber, { stage: 'MB', result: 'PASS' });
    const third = await record();
    expect((await history(other.serialNumber)).map((e) => e.type)).toEqual([
      'ASSEMBLED',
      'QC_PASSED',
      'QC_PASSED',
    ]);
    expect((await history(third.serialNumber)).map((e) => e.type)).toEqual(['ASSEMBLED']);
    expect(
      await sql(
        `SELECT count(*)::int AS n FROM unit_events WHERE unit_id = ANY($1::uuid[])
         AND type IN ('ASSEMBLED', 'QC_PASSED', 'QC_FAILED')`,
        [[other.id, third.id]],
      ),
    ).toEqual([{ n: 2 }]); // other's ASSEMBLED and first result, written while undone
  });
});
