import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { createQcFixture, QcFixture, TestUnit } from '../support/factories';

const ROUTE = ['FUNCTIONAL', 'RF', 'FINAL_QC'];
const DEFECTS = [
  { code: 'QR-FN-DEAD', stage: 'FUNCTIONAL' },
  { code: 'QR-RF-LOW', stage: 'RF' },
  { code: 'QR-ANY-SCRATCH', stage: null },
];

describe('QC results: route, rework, hold, scrap, idempotency, races, batches', () => {
  let api: ApiHarness;
  let db: DataSource;
  let fx: QcFixture;
  let sup: AuthedAgent;
  const key = () => `k-${randomUUID()}`;
  const post = (unit: string, body: object, idemKey: string = key()) =>
    sup.post(`/api/units/${unit}/qc-results`).set('Idempotency-Key', idemKey).send(body);
  const pass = (unit: TestUnit, stage: string) =>
    post(unit.serialNumber, { stage, result: 'PASS' }).expect(201);
  const fail = (unit: TestUnit, stage: string, defectCodes: string[]) =>
    post(unit.serialNumber, { stage, result: 'FAIL', defectCodes }).expect(201);
  const rework = (unit: TestUnit) =>
    sup.post(`/api/units/${unit.serialNumber}/rework`).send({ note: 'fixed' });
  const unitRow = async (id: string) =>
    (
      await db.query(
        'SELECT status, next_stage, route_position, registry_status, passed_at, held_from_status, stage_attempts FROM units WHERE id = $1',
        [id],
      )
    )[0];
  const events = async (id: string) =>
    await db.query<
      {
        type: string;
        from_status: string;
        to_status: string;
        stage: string;
        actor: string;
        at: Date;
        details: Record<string, unknown> | null;
      }[]
    >(
      'SELECT type, from_status, to_status, stage, actor, at, details FROM unit_history WHERE unit_id = $1 ORDER BY id',
      [id],
    );

  beforeAll(async () => {
    api = await startApi();
    db = api.app.get(DataSource);
    fx = await createQcFixture(api, { route: ROUTE, defectCodes: DEFECTS });
    sup = await api.as('SUPERVISOR');
  });
  afterAll(() => api.close());

  it('walks a unit through its route; the last PASS makes it PASSED, registry PENDING, with one outbox row', async () => {
    const [unit] = await fx.createUnits(1);
    const first = await post(unit.serialNumber, {
      stage: 'FUNCTIONAL',
      result: 'PASS',
      station: 'L1-FN-01',
      measurements: { currentMa: 120 },
    }).expect(201);
    expect(first.body).toMatchObject({
      unitId: unit.id,
      serialNumber: unit.serialNumber,
      stage: 'FUNCTIONAL',
      result: 'PASS',
      attempt: 1,
      firstAtStage: true,
      defectCodes: [],
      station: 'L1-FN-01',
      measurements: { currentMa: 120 },
      unit: { status: 'IN_QC', nextStage: 'RF', routePosition: 1, registryStatus: 'NOT_DUE' },
    });
    // By IMEI and by id, as a scanner or a station may send.
    await post(unit.imeis[1], { stage: 'RF', result: 'PASS' }).expect(201);
    const last = await post(unit.id, { stage: 'FINAL_QC', result: 'PASS' }).expect(201);
    expect(last.body.unit).toMatchObject({
      status: 'PASSED',
      nextStage: null,
      routePosition: 3,
      registryStatus: 'PENDING',
    });

    const row = await unitRow(unit.id);
    expect(row).toMatchObject({ status: 'PASSED', next_stage: null, registry_status: 'PENDING' });
    expect(row.passed_at).toBeInstanceOf(Date);
    const outbox = await db.query(
      'SELECT kind, claimed_at, submission_id FROM registry_outbox WHERE unit_id = $1',
      [unit.id],
    );
    expect(outbox).toEqual([{ kind: 'REGISTER', claimed_at: null, submission_id: null }]);
    const history = await events(unit.id);
    expect(history.map((e) => [e.type, e.from_status, e.to_status, e.stage])).toEqual([
      ['QC_PASSED', 'ASSEMBLED', 'IN_QC', 'FUNCTIONAL'],
      ['QC_PASSED', 'IN_QC', 'IN_QC', 'RF'],
      ['QC_PASSED', 'IN_QC', 'PASSED', 'FINAL_QC'],
    ]);
    expect(history[0].actor).toBe('supervisor@test.local');
    expect(history.map((e) => e.details)).toEqual([
      {
        resultId: first.body.id,
        attempt: 1,
        station: 'L1-FN-01',
        testedAt: first.body.testedAt,
      },
      { resultId: expect.any(String), attempt: 1, testedAt: expect.any(String) },
      {
        resultId: last.body.id,
        attempt: 1,
        testedAt: last.body.testedAt,
        registryStatus: 'PENDING',
      },
    ]);

    const again = await post(unit.serialNumber, { stage: 'FINAL_QC', result: 'PASS' }).expect(409);
    expect(again.body).toMatchObject({
      status: 409,
      unitStatus: 'PASSED',
      type: 'https://linetrack.dev/problems/unit-takes-no-results',
    });
  });

  it('refuses a stage out of order with 409 naming the expected stage, and writes nothing', async () => {
    const [unit] = await fx.createUnits(1);
    const res = await post(unit.serialNumber, { stage: 'RF', result: 'PASS' }).expect(409);
    expect(res.body).toMatchObject({ status: 409, expectedStage: 'FUNCTIONAL', stage: 'RF' });
    expect(res.body.detail).toMatch(/FUNCTIONAL/);
    await pass(unit, 'FUNCTIONAL');
    const back = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }).expect(409);
    expect(back.body.expectedStage).toBe('RF');
    const unknownStage = await post(unit.serialNumber, { stage: 'CAMERA', result: 'PASS' }).expect(
      409,
    );
    expect(unknownStage.body.expectedStage).toBe('RF');
    expect(
      await db.query('SELECT count(*)::int AS n FROM qc_results WHERE unit_id = $1', [unit.id]),
    ).toEqual([{ n: 1 }]);
  });

  it('requires the Idempotency-Key header, validates the body and answers 404 for an unknown unit', async () => {
    const [unit] = await fx.createUnits(1);
    const missing = await sup
      .post(`/api/units/${unit.serialNumber}/qc-results`)
      .send({ stage: 'FUNCTIONAL', result: 'PASS' })
      .expect(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
    const invalid = await post(unit.serialNumber, {
      stage: 'functional',
      result: 'MAYBE',
      extra: 1,
    }).expect(400);
    expect(invalid.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['stage', 'result', 'extra']),
    );
    await post('NO-SUCH-UNIT', { stage: 'FUNCTIONAL', result: 'PASS' }).expect(404);
  });

  it('needs a defect code valid for the stage on a FAIL (422 naming defectCodes); a code without a stage fits any stage', async () => {
    const [unit] = await fx.createUnits(1);
    const none = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'FAIL' }).expect(422);
    expect(none.body.errors).toEqual([expect.objectContaining({ field: 'defectCodes' })]);
    const unknown = await post(unit.serialNumber, {
      stage: 'FUNCTIONAL',
      result: 'FAIL',
      defectCodes: ['QR-FN-DEAD', 'NOPE'],
    }).expect(422);
    expect(unknown.body).toMatchObject({ defectCodes: ['NOPE'], stage: 'FUNCTIONAL' });
    expect(unknown.body.errors[0].field).toBe('defectCodes');
    const wrongStage = await post(unit.serialNumber, {
      stage: 'FUNCTIONAL',
      result: 'FAIL',
      defectCodes: ['QR-RF-LOW'],
    }).expect(422);
    expect(wrongStage.body.defectCodes).toEqual(['QR-RF-LOW']);
    await post(unit.serialNumber, {
      stage: 'FUNCTIONAL',
      result: 'PASS',
      defectCodes: ['QR-FN-DEAD'],
    }).expect(422);
    const ok = await fail(unit, 'FUNCTIONAL', ['QR-ANY-SCRATCH', 'QR-FN-DEAD']);
    expect(ok.body).toMatchObject({
      result: 'FAIL',
      defectCodes: ['QR-ANY-SCRATCH', 'QR-FN-DEAD'],
      unit: { status: 'FAILED', nextStage: 'FUNCTIONAL' },
    });
  });

  it('runs the rework loop: FAILED takes no result until rework, then the failed stage is tested again', async () => {
    const [unit] = await fx.createUnits(1);
    await pass(unit, 'FUNCTIONAL');
    await fail(unit, 'RF', ['QR-RF-LOW']);
    const blocked = await post(unit.serialNumber, { stage: 'RF', result: 'PASS' }).expect(409);
    expect(blocked.body).toMatchObject({ status: 409, unitStatus: 'FAILED', nextStage: 'RF' });
    expect(blocked.body.detail).toMatch(/rework/);

    const reworked = await rework(unit).expect(201);
    expect(reworked.body).toMatchObject({
      status: 'IN_REWORK',
      nextStage: 'RF',
      event: {
        type: 'REWORK_STARTED',
        fromStatus: 'FAILED',
        toStatus: 'IN_REWORK',
        details: { note: 'fixed' },
      },
    });
    await rework(unit).expect(409);
    const wrong = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }).expect(
      409,
    );
    expect(wrong.body.expectedStage).toBe('RF');
    const retest = await pass(unit, 'RF');
    expect(retest.body).toMatchObject({
      attempt: 2,
      firstAtStage: false,
      unit: { status: 'IN_QC', nextStage: 'FINAL_QC' },
    });
    const history = await events(unit.id);
    expect(history.map((e) => e.type)).toEqual([
      'QC_PASSED',
      'QC_FAILED',
      'REWORK_STARTED',
      'QC_PASSED',
    ]);
    expect(history.every((e) => e.actor === 'supervisor@test.local' && e.at instanceof Date)).toBe(
      true,
    );
  });

  it('refuses rework after more than QC_MAX_FAILS_PER_STAGE (3) fails at one stage; the unit can only be scrapped', async () => {
    const [unit] = await fx.createUnits(1);
    for (let i = 1; i <= 3; i++) {
      await fail(unit, 'FUNCTIONAL', ['QR-FN-DEAD']);
      await rework(unit).expect(201);
    }
    const fourth = await fail(unit, 'FUNCTIONAL', ['QR-FN-DEAD']);
    expect(fourth.body.attempt).toBe(4);
    const refused = await rework(unit).expect(409);
    expect(refused.body).toMatchObject({ fails: 4, maxFails: 3, stage: 'FUNCTIONAL' });
    expect(refused.body.detail).toMatch(/only be scrapped/);
    const scrapped = await sup
      .post(`/api/units/${unit.serialNumber}/scrap`)
      .send({ reason: 'dead board' })
      .expect(201);
    expect(scrapped.body).toMatchObject({
      status: 'SCRAPPED',
      event: { type: 'SCRAPPED', fromStatus: 'FAILED', details: { reason: 'dead board' } },
    });
    const after = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }).expect(
      409,
    );
    expect(after.body.unitStatus).toBe('SCRAPPED');
    await sup.post(`/api/units/${unit.serialNumber}/scrap`).send({ reason: 'again' }).expect(409);
    await sup.post(`/api/units/${unit.serialNumber}/hold`).send({ reason: 'x' }).expect(409);
  });

  it('holds and releases back to the status the unit had; a held unit takes no results', async () => {
    const [inQc, failed] = await fx.createUnits(2);
    await pass(inQc, 'FUNCTIONAL');
    await fail(failed, 'FUNCTIONAL', ['QR-FN-DEAD']);
    const manager = await api.as('MANAGER');
    const held = await manager
      .post(`/api/units/${inQc.serialNumber}/hold`)
      .send({ reason: 'suspect battery lot' })
      .expect(201);
    expect(held.body).toMatchObject({
      status: 'ON_HOLD',
      heldFromStatus: 'IN_QC',
      event: { type: 'HELD', actor: 'manager@test.local' },
    });
    await manager
      .post(`/api/units/${inQc.serialNumber}/hold`)
      .send({ reason: 'twice' })
      .expect(409);
    const blocked = await post(inQc.serialNumber, { stage: 'RF', result: 'PASS' }).expect(409);
    expect(blocked.body).toMatchObject({ status: 409, unitStatus: 'ON_HOLD' });
    expect(blocked.body.detail).toMatch(/release/);
    const released = await manager
      .post(`/api/units/${inQc.serialNumber}/release`)
      .send({ note: 'lot cleared' })
      .expect(201);
    expect(released.body).toMatchObject({ status: 'IN_QC', heldFromStatus: null, nextStage: 'RF' });
    await pass(inQc, 'RF');
    await manager
      .post(`/api/units/${inQc.serialNumber}/release`)
      .send({ note: 'no hold' })
      .expect(409);

    await sup.post(`/api/units/${failed.serialNumber}/hold`).send({ reason: 'check' }).expect(201);
    await rework(failed).expect(409);
    await sup.post(`/api/units/${failed.serialNumber}/release`).send({ note: 'ok' }).expect(201);
    expect(await unitRow(failed.id)).toMatchObject({
      status: 'FAILED',
      held_from_status: null,
      next_stage: 'FUNCTIONAL',
    });
    const failedHistory = await events(failed.id);
    expect(failedHistory[0].details).toEqual({
      resultId: expect.any(String),
      attempt: 1,
      defectCodes: expect.arrayContaining([expect.any(String)]),
      testedAt: expect.any(String),
    });
    expect(failedHistory.map((e) => [e.type, e.from_status, e.to_status])).toEqual([
      ['QC_FAILED', 'ASSEMBLED', 'FAILED'],
      ['HELD', 'FAILED', 'ON_HOLD'],
      ['RELEASED', 'ON_HOLD', 'FAILED'],
    ]);
    // A manager may hold but not rework or scrap; a station may do none of them.
    await manager.post(`/api/units/${failed.serialNumber}/scrap`).send({ reason: 'x' }).expect(403);
    await manager.post(`/api/units/${failed.serialNumber}/rework`).send({ note: 'x' }).expect(403);
  });

  it('replays a result with all its fields from a short stored answer, and a key stored whole as it is', async () => {
    const [unit, other] = await fx.createUnits(2);
    const k = key();
    const body = {
      stage: 'FUNCTIONAL',
      result: 'FAIL',
      defectCodes: ['QR-FN-DEAD'],
      station: 'L1-FCT-02',
      measurements: { currentMa: 412.5, ok: false, notes: ['no boot'] },
      testedAt: '2026-11-20T08:15:00.123Z',
    };
    const first = await post(unit.serialNumber, body, k).expect(201);
    expect((await post(unit.serialNumber, body, k).expect(201)).body).toEqual(first.body);
    const [stored] = await db.query(
      'SELECT response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      ['qc-result', k],
    );
    expect(stored.response_body).toEqual({ resultId: first.body.id, unit: first.body.unit });

    // Keys stored before answers were kept short hold the whole answer.
    const whole = await post(other.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }).expect(
      201,
    );
    const oldKey = key();
    await db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
       SELECT scope, $2, request_hash, 200, $3 FROM idempotency_keys WHERE scope = 'qc-result' AND response_body->>'resultId' = $1`,
      [whole.body.id, oldKey, JSON.stringify({ ...whole.body, station: 'as stored' })],
    );
    const replay = await sup
      .post('/api/qc-results/batch')
      .send({
        results: [{ unit: other.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: oldKey }],
      })
      .expect(200);
    expect(replay.body.items[0]).toMatchObject({
      ok: true,
      replayed: true,
      result: { ...whole.body, station: 'as stored' },
    });
  });

  it('answers a repeated key with the first answer and changes nothing; the same key with another body is 409', async () => {
    const [unit] = await fx.createUnits(1);
    const k = key();
    const first = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }, k).expect(
      201,
    );
    const second = await post(unit.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS' }, k).expect(
      201,
    );
    expect(second.body).toEqual(first.body);
    expect(
      await db.query('SELECT count(*)::int AS n FROM qc_results WHERE unit_id = $1', [unit.id]),
    ).toEqual([{ n: 1 }]);
    expect((await events(unit.id)).length).toBe(1);
    const other = await post(
      unit.serialNumber,
      { stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['QR-FN-DEAD'] },
      k,
    ).expect(409);
    expect(other.body.type).toMatch(/idempotency-key-reused/);
    // A refused request leaves its key free: the same key may carry the corrected request.
    const k2 = key();
    await post(unit.serialNumber, { stage: 'FINAL_QC', result: 'PASS' }, k2).expect(409);
    await post(unit.serialNumber, { stage: 'RF', result: 'PASS' }, k2).expect(201);
    // Optional keys on the unit actions are honoured.
    const hk = key();
    const held = await sup
      .post(`/api/units/${unit.serialNumber}/hold`)
      .set('Idempotency-Key', hk)
      .send({ reason: 'r' })
      .expect(201);
    const heldAgain = await sup
      .post(`/api/units/${unit.serialNumber}/hold`)
      .set('Idempotency-Key', hk)
      .send({ reason: 'r' })
      .expect(201);
    expect(heldAgain.body).toEqual(held.body);
    expect((await events(unit.id)).filter((e) => e.type === 'HELD').length).toBe(1);
  });

  it('accepts exactly one of two stations posting the same stage for the same unit at the same moment', async () => {
    const units = await fx.createUnits(20);
    const station = await api.as('ADMIN');
    const answers = await Promise.all(
      units.flatMap((u) => [
        post(u.serialNumber, { stage: 'FUNCTIONAL', result: 'PASS', station: 'A' }),
        station
          .post(`/api/units/${u.imeis[0]}/qc-results`)
          .set('Idempotency-Key', key())
          .send({ stage: 'FUNCTIONAL', result: 'PASS', station: 'B' }),
      ]),
    );
    for (let i = 0; i < units.length; i++) {
      const pair = [answers[2 * i].status, answers[2 * i + 1].status].sort();
      expect(pair).toEqual([201, 409]);
      const refused = answers[2 * i].status === 409 ? answers[2 * i] : answers[2 * i + 1];
      expect(refused.body.expectedStage).toBe('RF');
    }
    const counts = await db.query(
      'SELECT count(*)::int AS n, count(DISTINCT unit_id)::int AS units FROM qc_results WHERE unit_id = ANY($1::uuid[])',
      [units.map((u) => u.id)],
    );
    expect(counts).toEqual([{ n: 20, units: 20 }]);

    // Results that arrived together are written together, each under the name of who sent it.
    const accepted = answers.filter((a) => a.status === 201);
    const sentBy = (station: string) =>
      new Set(accepted.filter((a) => a.body.station === station).map((a) => a.body.recordedBy));
    expect(sentBy('A').size).toBeLessThanOrEqual(1);
    expect(sentBy('B').size).toBeLessThanOrEqual(1);
    expect([...sentBy('A')].some((name) => sentBy('B').has(name))).toBe(false);
    const written = await db.query<{ id: string; actor: string; event_actor: string }[]>(
      `SELECT r.id, r.actor, e.actor AS event_actor FROM qc_results r
       JOIN unit_history e ON e.unit_id = r.unit_id AND e.details ->> 'resultId' = r.id::text
       WHERE r.id = ANY($1::uuid[])`,
      [accepted.map((a) => a.body.id)],
    );
    expect(written).toHaveLength(20);
    for (const row of written) {
      const answer = accepted.find((a) => a.body.id === row.id);
      expect([row.actor, row.event_actor]).toEqual([
        answer?.body.recordedBy,
        answer?.body.recordedBy,
      ]);
    }
  });

  it('lets a station post with its API key', async () => {
    const admin = await api.as('ADMIN');
    const created = await admin
      .post('/api/station-keys')
      .send({ name: 'L1 functional tester' })
      .expect(201);
    const [unit] = await fx.createUnits(1);
    const res = await request(api.http)
      .post(`/api/units/${unit.imeis[0]}/qc-results`)
      .set('X-Api-Key', created.body.apiKey)
      .set('Idempotency-Key', key())
      .send({
        stage: 'FUNCTIONAL',
        result: 'PASS',
        testedAt: new Date(Date.now() - 60_000).toISOString(),
      })
      .expect(201);
    expect(res.body.recordedBy).toBe('station:L1 functional tester');
    const [row] = await db.query(
      'SELECT actor, station_key_id, user_id FROM qc_results WHERE id = $1',
      [res.body.id],
    );
    expect(row).toEqual({
      actor: 'station:L1 functional tester',
      station_key_id: created.body.id,
      user_id: null,
    });
    // A station records results but does not hold units.
    await request(api.http)
      .post(`/api/units/${unit.serialNumber}/hold`)
      .set('X-Api-Key', created.body.apiKey)
      .send({ reason: 'x' })
      .expect(403);
    const future = await request(api.http)
      .post(`/api/units/${unit.serialNumber}/qc-results`)
      .set('X-Api-Key', created.body.apiKey)
      .set('Idempotency-Key', key())
      .send({
        stage: 'RF',
        result: 'PASS',
        testedAt: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(400);
    expect(future.body.errors[0].field).toBe('testedAt');
  });

  describe('batches', () => {
    it('moves a unit named by its serial, an IMEI and its id in one batch as one unit', async () => {
      const [u] = await fx.createUnits(1);
      const items = [
        { unit: u.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: key() },
        { unit: u.imeis[0], stage: 'RF', result: 'FAIL', defectCodes: ['QR-RF-LOW'], key: key() },
        { unit: u.id.toUpperCase(), stage: 'RF', result: 'PASS', key: key() }, // FAILED: refused
      ];
      const res = await sup.post('/api/qc-results/batch').send({ results: items }).expect(200);
      expect(res.body.items.map((i: { ok: boolean; status?: number }) => i.ok || i.status)).toEqual(
        [true, true, 409],
      );
      expect(res.body.items[1].result).toMatchObject({ stage: 'RF', attempt: 1 });
      expect(await unitRow(u.id)).toMatchObject({
        status: 'FAILED',
        next_stage: 'RF',
        stage_attempts: 1,
      });
    });

    it('answers every item on its own, in order, and replays keys already seen', async () => {
      const [a, b, c] = await fx.createUnits(3);
      const items = [
        { unit: a.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: key() },
        {
          unit: a.serialNumber,
          stage: 'RF',
          result: 'FAIL',
          defectCodes: ['QR-RF-LOW'],
          key: key(),
        },
        { unit: a.serialNumber, stage: 'RF', result: 'PASS', key: key() }, // FAILED: refused
        { unit: b.imeis[0], stage: 'RF', result: 'PASS', key: key() }, // out of order
        { unit: b.id, stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['NOPE'], key: key() },
        { unit: 'NO-SUCH-UNIT', stage: 'FUNCTIONAL', result: 'PASS', key: key() },
        { unit: c.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: key() },
        { unit: c.serialNumber, stage: 'RF', result: 'PASS', key: key() },
        { unit: c.serialNumber, stage: 'FINAL_QC', result: 'PASS', key: key() },
      ];
      items.push({ ...items[0] }); // the same key twice in one batch
      const res = await sup.post('/api/qc-results/batch').send({ results: items }).expect(200);
      expect(res.body).toMatchObject({ accepted: 6, refused: 4 });
      const summary = res.body.items.map((i: { ok: boolean; status?: number; key: string }) =>
        i.ok ? 'ok' : i.status,
      );
      expect(summary).toEqual(['ok', 'ok', 409, 409, 422, 404, 'ok', 'ok', 'ok', 'ok']);
      expect(res.body.items.map((i: { key: string }) => i.key)).toEqual(items.map((i) => i.key));
      expect(res.body.items[1].result.unit).toMatchObject({ status: 'FAILED', nextStage: 'RF' });
      expect(res.body.items[3].error).toMatchObject({ expectedStage: 'FUNCTIONAL', status: 409 });
      expect(res.body.items[4].error.errors[0].field).toBe('defectCodes');
      expect(res.body.items[8].result.unit).toMatchObject({
        status: 'PASSED',
        registryStatus: 'PENDING',
      });
      expect(res.body.items[9]).toMatchObject({
        ok: true,
        replayed: true,
        result: res.body.items[0].result,
      });

      expect(await unitRow(a.id)).toMatchObject({ status: 'FAILED', next_stage: 'RF' });
      expect(await unitRow(b.id)).toMatchObject({ status: 'ASSEMBLED', next_stage: 'FUNCTIONAL' });
      expect(await unitRow(c.id)).toMatchObject({ status: 'PASSED', registry_status: 'PENDING' });
      expect(
        await db.query('SELECT count(*)::int AS n FROM registry_outbox WHERE unit_id = $1', [c.id]),
      ).toEqual([{ n: 1 }]);
      expect((await events(c.id)).map((e) => e.to_status)).toEqual(['IN_QC', 'IN_QC', 'PASSED']);
      // A refused item keeps no key: the station may send it again, corrected, under it.
      const refusedKeys = [2, 3, 4, 5].map((i) => items[i].key);
      expect(
        await db.query('SELECT key FROM idempotency_keys WHERE key = ANY($1::text[])', [
          refusedKeys,
        ]),
      ).toEqual([]);

      // The whole batch again: accepted items replay, refused ones are decided again.
      const again = await sup.post('/api/qc-results/batch').send({ results: items }).expect(200);
      expect(again.body.items[0]).toMatchObject({
        ok: true,
        replayed: true,
        result: res.body.items[0].result,
      });
      expect(again.body.items[8]).toMatchObject({ ok: true, replayed: true });
      expect(again.body.items[2].status).toBe(409);
      expect(
        await db.query(
          'SELECT count(*)::int AS n FROM qc_results WHERE unit_id = ANY($1::uuid[])',
          [[a.id, b.id, c.id]],
        ),
      ).toEqual([{ n: 5 }]);

      // A key means the same in a batch and as a single result; another body under it is refused.
      const single = await post(
        a.serialNumber,
        { stage: 'FUNCTIONAL', result: 'PASS' },
        items[0].key,
      ).expect(201);
      expect(single.body).toEqual(res.body.items[0].result);
      const reused = await sup
        .post('/api/qc-results/batch')
        .send({ results: [{ ...items[0], stage: 'RF' }] })
        .expect(200);
      expect(reused.body.items[0]).toMatchObject({ ok: false, status: 409 });
    });

    it('answers a batch sent again while the first is still being written with the first answers', async () => {
      const units = await fx.createUnits(50);
      const items = units.map((u) => ({
        unit: u.serialNumber,
        stage: 'FUNCTIONAL',
        result: 'PASS',
        key: key(),
      }));
      const send = () => sup.post('/api/qc-results/batch').send({ results: items }).expect(200);
      const [x, y] = await Promise.all([send(), send()]);
      items.forEach((item, i) => {
        expect(x.body.items[i]).toMatchObject({ ok: true, key: item.key });
        expect(y.body.items[i]).toMatchObject({ ok: true, key: item.key });
        expect(x.body.items[i].replayed).not.toBe(y.body.items[i].replayed);
        expect(x.body.items[i].result).toEqual(y.body.items[i].result);
      });
      const [{ n }] = await db.query(
        'SELECT count(*)::int AS n FROM qc_results WHERE unit_id = ANY($1::uuid[])',
        [units.map((u) => u.id)],
      );
      expect(n).toBe(50);
    });

    it('refuses an item whose key another request stores meanwhile (409) and records the rest', async () => {
      const [a, b] = await fx.createUnits(2);
      const taken = key();
      // Another request (for another unit) holds the key, not yet committed.
      const other = db.createQueryRunner();
      await other.connect();
      await other.startTransaction();
      await other.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
         VALUES ('qc-result', $1, 'another request', 200, '{}')`,
        [taken],
      );
      const batch = sup
        .post('/api/qc-results/batch')
        .send({
          results: [
            { unit: a.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: taken },
            { unit: b.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', key: key() },
          ],
        })
        .then((res) => res);
      // The batch waits on the held key; then the other request commits.
      try {
        const deadline = Date.now() + 30_000;
        for (let waiting = 0; waiting === 0;) {
          if (Date.now() > deadline) throw new Error('the batch never waited on the held key');
          await new Promise((resolve) => setTimeout(resolve, 20));
          [{ waiting }] = await db.query(
            "SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
          );
        }
        await other.commitTransaction();
      } finally {
        if (other.isTransactionActive) await other.rollbackTransaction();
        await other.release();
      }
      const res = await batch;
      expect(res.status).toBe(200);
      expect(res.body.items.map((i: { ok: boolean; status?: number }) => i.ok || i.status)).toEqual(
        [409, true],
      );
      expect(res.body.items[0].error.type).toContain('idempotency-key-reused');
      expect(await unitRow(a.id)).toMatchObject({ status: 'ASSEMBLED', next_stage: 'FUNCTIONAL' });
      expect(await unitRow(b.id)).toMatchObject({ status: 'IN_QC', next_stage: 'RF' });
    });

    it('refuses an empty batch or one over 1,000 items as a whole, naming the field', async () => {
      const empty = await sup.post('/api/qc-results/batch').send({ results: [] }).expect(400);
      expect(empty.body.errors[0].field).toBe('results');
      const item = { unit: 'X', stage: 'FUNCTIONAL', result: 'PASS' };
      const big = await sup
        .post('/api/qc-results/batch')
        .send({
          results: Array.from({ length: 1001 }, (_, i) => ({ ...item, key: `key-${i}-xxxxx` })),
        })
        .expect(400);
      expect(big.body.errors[0].field).toBe('results');
      const badItem = await sup
        .post('/api/qc-results/batch')
        .send({ results: [{ ...item, key: 'short' }] })
        .expect(400);
      expect(badItem.body.errors[0].field).toBe('results[0].key');
      const tooMuch = { big: 'x'.repeat(4096) };
      const heavy = await sup
        .post('/api/qc-results/batch')
        .send({ results: [{ ...item, key: 'key-heavy-1', measurements: tooMuch }] })
        .expect(400);
      expect(heavy.body.errors).toEqual([
        {
          field: 'results[0].measurements',
          message: 'measurements must take at most 4096 bytes as JSON',
        },
      ]);
      const single = await sup
        .post('/api/units/X/qc-results')
        .set('Idempotency-Key', key())
        .send({ stage: 'FUNCTIONAL', result: 'PASS', measurements: tooMuch })
        .expect(400);
      expect(single.body.errors[0].field).toBe('measurements');
    });

    it('takes 1,000 results from a station in one request, and parallel batches on the same units stay consistent', async () => {
      const admin = await api.as('ADMIN');
      const created = await admin
        .post('/api/station-keys')
        .send({ name: 'L1 batch tester' })
        .expect(201);
      const units = await fx.createUnits(500);
      // Nearly the most readings a result may carry (4,096 bytes as JSON): about 4 MB in all,
      // over the 1 MiB limit of other routes.
      const measurements = Object.fromEntries(
        Array.from({ length: 180 }, (_, i) => [
          `reading${String(i).padStart(3, '0')}`,
          1000 + i / 1000,
        ]),
      );
      expect(Buffer.byteLength(JSON.stringify(measurements))).toBeGreaterThan(3800);
      const items = units.flatMap((u) => [
        { unit: u.serialNumber, stage: 'FUNCTIONAL', result: 'PASS', measurements, key: key() },
        { unit: u.serialNumber, stage: 'RF', result: 'PASS', measurements, key: key() },
      ]);
      expect(Buffer.byteLength(JSON.stringify({ results: items }))).toBeGreaterThan(4_000_000);
      const res = await request(api.http)
        .post('/api/qc-results/batch')
        .set('X-Api-Key', created.body.apiKey)
        .send({ results: items })
        .expect(200);
      expect(res.body.accepted).toBe(1000);

      // Two batches racing for FINAL_QC of the same 500 units (in opposite orders): one result per unit.
      const finals = (station: string) =>
        units.map((u) => ({
          unit: u.serialNumber,
          stage: 'FINAL_QC',
          result: 'PASS',
          station,
          key: key(),
        }));
      const [x, y] = await Promise.all([
        sup
          .post('/api/qc-results/batch')
          .send({ results: finals('X') })
          .expect(200),
        sup
          .post('/api/qc-results/batch')
          .send({ results: finals('Y').reverse() })
          .expect(200),
      ]);
      expect(x.body.accepted + y.body.accepted).toBe(500);
      const [counts] = await db.query(
        `SELECT count(*)::int AS results, count(DISTINCT unit_id)::int AS units,
                (SELECT count(*)::int FROM registry_outbox WHERE unit_id = ANY($1::uuid[])) AS outbox
         FROM qc_results WHERE stage = 'FINAL_QC' AND unit_id = ANY($1::uuid[])`,
        [units.map((u) => u.id)],
      );
      expect(counts).toEqual({ results: 500, units: 500, outbox: 500 });
    });
  });
});
