import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { migrations } from '../../libs/database/src/migrations';
import { runMigrations } from '../../libs/database/src/run-migrations';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { createQcFixture } from '../support/factories';

/**
 * QC results became their own history events (migration QcResultsAreEvents). Undoing it
 * writes the results' events back into unit_events, and doing it again takes them out:
 * either way a unit's history reads the same, event for event, in the same order.
 */
describe('QC results as history events: the migration both ways', () => {
  let api: ApiHarness;
  let sup: AuthedAgent;

  beforeAll(async () => {
    api = await startApi();
    sup = await api.as('SUPERVISOR');
  });
  afterAll(() => api.close());

  const undoLastMigration = async () => {
    const source = new DataSource({ type: 'postgres', url: api.db.url, migrations });
    await source.initialize();
    try {
      await source.undoLastMigration({ transaction: 'each' });
    } finally {
      await source.destroy();
    }
  };

  it('keeps every unit history as it was', async () => {
    const fx = await createQcFixture(api, {
      route: ['MA', 'MB'],
      defectCodes: [{ code: 'MIG-SCREEN', stage: 'MA' }],
    });
    const [unit, other] = await fx.createUnits(2);
    const result = (ref: string, body: object) =>
      sup
        .post(`/api/units/${ref}/qc-results`)
        .set('Idempotency-Key', randomUUID())
        .send(body)
        .expect(201);
    await result(unit.serialNumber, { stage: 'MA', result: 'FAIL', defectCodes: ['MIG-SCREEN'] });
    await sup
      .post(`/api/units/${unit.serialNumber}/rework`)
      .send({ note: 'new screen' })
      .expect(201);
    await result(unit.serialNumber, { stage: 'MA', result: 'PASS', station: 'ST-1' });
    await sup.post(`/api/units/${unit.serialNumber}/hold`).send({ reason: 'audit' }).expect(201);
    await sup.post(`/api/units/${unit.serialNumber}/release`).send({ note: 'ok' }).expect(201);
    await result(unit.serialNumber, {
      stage: 'MB',
      result: 'PASS',
      testedAt: '2026-11-27T10:00:00.123Z',
    });
    await result(other.serialNumber, { stage: 'MA', result: 'PASS' });

    const history = async (ref: string) =>
      (await sup.get(`/api/units/${ref}`).expect(200)).body.history as {
        type: string;
        details: Record<string, unknown> | null;
      }[];
    const before = await history(unit.serialNumber);
    expect(before.map((e) => e.type)).toEqual([
      'QC_FAILED',
      'REWORK_STARTED',
      'QC_PASSED',
      'HELD',
      'RELEASED',
      'QC_PASSED',
    ]);
    expect(before.at(-1)?.details).toMatchObject({
      testedAt: '2026-11-27T10:00:00.123Z',
      registryStatus: 'PENDING',
    });
    const otherBefore = await history(other.serialNumber);

    await undoLastMigration();
    // Before the migration, the history was unit_events alone.
    const undone = await sqlRows(
      `SELECT at, type, from_status AS "fromStatus", to_status AS "toStatus", stage, actor, details
       FROM unit_events WHERE unit_id = $1 ORDER BY id`,
      [unit.id],
    );
    expect(undone.map((e) => ({ ...e, at: (e.at as Date).toISOString() }))).toEqual(before);

    await runMigrations(api.db.url);
    expect(
      await sqlRows("SELECT count(*)::int AS n FROM unit_events WHERE type LIKE 'QC_%'", []),
    ).toEqual([{ n: 0 }]);
    expect(await history(unit.serialNumber)).toEqual(before);
    expect(await history(other.serialNumber)).toEqual(otherBefore);
  });

  const sqlRows = (sql: string, params: unknown[]) =>
    api.app.get(DataSource).query<Record<string, unknown>[]>(sql, params);
});
