import { randomUUID } from 'node:crypto';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { createQcFixture, QcFixture, TestUnit } from '../support/factories';

const ROUTE = ['FUNCTIONAL', 'RF', 'FINAL_QC'];
const DEFECTS = [
  { code: 'QY-FN-DEAD', stage: 'FUNCTIONAL', description: 'Does not power on' },
  { code: 'QY-RF-LOW', stage: 'RF', description: 'Low transmit power' },
  { code: 'QY-ANY-SCRATCH', stage: null, description: 'Scratch on housing' },
];
const HOUR = 3600_000;

/**
 * A small line whose figures were worked out by hand (see docs/quality-formulas.md):
 *
 *   u1  FUNCTIONAL P        RF P              FINAL_QC P
 *   u2  FUNCTIONAL F (FN-DEAD), rework, P     RF P
 *   u3  FUNCTIONAL P        RF F (RF-LOW), rework, F (RF-LOW, SCRATCH)
 *   u4  FUNCTIONAL F (FN-DEAD, SCRATCH)
 *   u5  FUNCTIONAL P        RF F (RF-LOW), rework, P    FINAL_QC F (SCRATCH)
 *
 *   FUNCTIONAL: tested 5, first tries 5, passed first 3 (u1 u3 u5) -> FPY 0.6;
 *               passed 4 (all but u4) -> final 0.8; retests 1 (u2); results 6
 *   RF:         tested 4, first tries 4, passed first 2 (u1 u2) -> FPY 0.5;
 *               passed 3 (u1 u2 u5) -> final 0.75; retests 2 (u3 u5); results 6
 *   FINAL_QC:   tested 2, passed first 1 (u1) -> FPY 0.5; final 0.5; retests 0; results 2
 *   rolled yield 0.6 x 0.5 x 0.5 = 0.15
 *
 *   Defects: RF-LOW 3 (u3 twice, u5), SCRATCH 3 (u3, u4, u5), FN-DEAD 2 (u2, u4): 8 in all
 *   on 6 failed results; shares 0.375, 0.375, 0.25 (ties by code), cumulative 0.375, 0.75, 1.
 *
 * Noise the filters must leave out: u6 on the same line tested 5 hours ago (before the
 * window), and u7 on another line in the window.
 */
describe('quality reports: WIP, yield and defect Pareto on a hand-computed example', () => {
  let api: ApiHarness;
  let fx: QcFixture;
  let other: QcFixture;
  let sup: AuthedAgent;
  let manager: AuthedAgent;
  const start = Date.now() - 2 * HOUR;
  let tick = 0;
  const from = new Date(Date.now() - 3 * HOUR).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();

  const post = (
    unit: TestUnit,
    stage: string,
    result: 'PASS' | 'FAIL',
    defectCodes?: string[],
    testedAt?: Date,
  ) =>
    sup
      .post(`/api/units/${unit.serialNumber}/qc-results`)
      .set('Idempotency-Key', `k-${randomUUID()}`)
      .send({
        stage,
        result,
        defectCodes,
        testedAt: (testedAt ?? new Date(start + ++tick * 1000)).toISOString(),
      })
      .expect(201);
  const rework = (unit: TestUnit) =>
    sup.post(`/api/units/${unit.serialNumber}/rework`).send({ note: 'repaired' }).expect(201);

  beforeAll(async () => {
    api = await startApi();
    fx = await createQcFixture(api, { route: ROUTE, defectCodes: DEFECTS });
    other = await createQcFixture(api, { route: ROUTE });
    sup = await api.as('SUPERVISOR');
    manager = await api.as('MANAGER');
    const [u1, u2, u3, u4, u5, u6, u8] = await fx.createUnits(7);
    const [u7] = await other.createUnits(1);

    await post(u1, 'FUNCTIONAL', 'PASS');
    await post(u1, 'RF', 'PASS');
    await post(u1, 'FINAL_QC', 'PASS');
    await post(u2, 'FUNCTIONAL', 'FAIL', ['QY-FN-DEAD']);
    await rework(u2);
    await post(u2, 'FUNCTIONAL', 'PASS');
    await post(u2, 'RF', 'PASS');
    await post(u3, 'FUNCTIONAL', 'PASS');
    await post(u3, 'RF', 'FAIL', ['QY-RF-LOW']);
    await rework(u3);
    await post(u3, 'RF', 'FAIL', ['QY-RF-LOW', 'QY-ANY-SCRATCH']);
    await post(u4, 'FUNCTIONAL', 'FAIL', ['QY-FN-DEAD', 'QY-ANY-SCRATCH']);
    await post(u5, 'FUNCTIONAL', 'PASS');
    await post(u5, 'RF', 'FAIL', ['QY-RF-LOW']);
    await rework(u5);
    await post(u5, 'RF', 'PASS');
    await post(u5, 'FINAL_QC', 'FAIL', ['QY-ANY-SCRATCH']);

    await post(u6, 'FUNCTIONAL', 'FAIL', ['QY-FN-DEAD'], new Date(Date.now() - 5 * HOUR));
    await post(u7, 'FUNCTIONAL', 'FAIL', ['QY-FN-DEAD']);
    await sup.post(`/api/units/${u2.serialNumber}/hold`).send({ reason: 'audit' }).expect(201);
    void u8; // stays ASSEMBLED, untested
  });
  afterAll(() => api.close());

  it('computes per-stage yield and the rolled yield', async () => {
    const res = await manager
      .get(`/api/quality/yield?lineId=${fx.lineId}&from=${from}&to=${to}`)
      .expect(200);
    expect(res.body.stages).toEqual([
      {
        stage: 'FUNCTIONAL',
        unitsTested: 5,
        firstTested: 5,
        firstPassed: 3,
        firstPassYield: 0.6,
        unitsPassed: 4,
        finalYield: 0.8,
        retests: 1,
        results: 6,
      },
      {
        stage: 'RF',
        unitsTested: 4,
        firstTested: 4,
        firstPassed: 2,
        firstPassYield: 0.5,
        unitsPassed: 3,
        finalYield: 0.75,
        retests: 2,
        results: 6,
      },
      {
        stage: 'FINAL_QC',
        unitsTested: 2,
        firstTested: 2,
        firstPassed: 1,
        firstPassYield: 0.5,
        unitsPassed: 1,
        finalYield: 0.5,
        retests: 0,
        results: 2,
      },
    ]);
    expect(res.body).toMatchObject({ lineId: fx.lineId, rolledYield: 0.15 });
  });

  it('counts the other line and the older results only when the filters let them in', async () => {
    const allLines = await manager.get(`/api/quality/yield?from=${from}&to=${to}`).expect(200);
    // u7 (other line) fails FUNCTIONAL at its first try: 3 of 6.
    expect(allLines.body.stages[0]).toMatchObject({
      stage: 'FUNCTIONAL',
      unitsTested: 6,
      firstTested: 6,
      firstPassed: 3,
      firstPassYield: 0.5,
    });
    const wide = new Date(Date.now() - 6 * HOUR).toISOString();
    const older = await manager
      .get(`/api/quality/yield?lineId=${fx.lineId}&from=${wide}&to=${to}`)
      .expect(200);
    expect(older.body.stages[0]).toMatchObject({
      unitsTested: 6,
      firstPassed: 3,
      firstPassYield: 0.5,
    });
    const empty = await manager
      .get(`/api/quality/yield?lineId=${fx.lineId}&from=${wide}&to=${from}`)
      .expect(200);
    expect(empty.body.stages).toEqual([
      expect.objectContaining({ stage: 'FUNCTIONAL', unitsTested: 1, firstPassYield: 0 }),
    ]);
    await manager.get(`/api/quality/yield?from=${to}&to=${from}`).expect(400);
  });

  it('ranks defects by count with their shares (Pareto)', async () => {
    const res = await manager
      .get(`/api/quality/defects?lineId=${fx.lineId}&from=${from}&to=${to}`)
      .expect(200);
    expect(res.body).toMatchObject({ failedResults: 6, totalDefects: 8 });
    expect(res.body.defects).toEqual([
      {
        code: 'QY-ANY-SCRATCH',
        description: 'Scratch on housing',
        stage: null,
        count: 3,
        share: 0.375,
        cumulativeShare: 0.375,
      },
      {
        code: 'QY-RF-LOW',
        description: 'Low transmit power',
        stage: 'RF',
        count: 3,
        share: 0.375,
        cumulativeShare: 0.75,
      },
      {
        code: 'QY-FN-DEAD',
        description: 'Does not power on',
        stage: 'FUNCTIONAL',
        count: 2,
        share: 0.25,
        cumulativeShare: 1,
      },
    ]);
    const rf = await sup
      .get(`/api/quality/defects?lineId=${fx.lineId}&stage=RF&from=${from}&to=${to}`)
      .expect(200);
    expect(rf.body.defects.map((d: { code: string; count: number }) => [d.code, d.count])).toEqual([
      ['QY-RF-LOW', 3],
      ['QY-ANY-SCRATCH', 1],
    ]);
  });

  it('shows work in progress per stage and status now', async () => {
    const res = await manager.get(`/api/quality/wip?lineId=${fx.lineId}`).expect(200);
    expect(res.body).toMatchObject({
      lineId: fx.lineId,
      units: 6,
      byStatus: { FAILED: 4, ASSEMBLED: 1, ON_HOLD: 1 },
    });
    expect(res.body.stages).toEqual([
      { stage: 'FUNCTIONAL', units: 3, byStatus: { FAILED: 2, ASSEMBLED: 1 } },
      { stage: 'RF', units: 1, byStatus: { FAILED: 1 } },
      { stage: 'FINAL_QC', units: 2, byStatus: { FAILED: 1, ON_HOLD: 1 } },
    ]);
    const all = await manager.get('/api/quality/wip').expect(200);
    expect(all.body.units).toBe(7);
  });

  it('is read by managers, supervisors and administrators only', async () => {
    const logistics = await api.as('LOGISTICS');
    await logistics.get('/api/quality/wip').expect(403);
    await (await api.as('ADMIN')).get('/api/quality/defects').expect(200);
  });
});
