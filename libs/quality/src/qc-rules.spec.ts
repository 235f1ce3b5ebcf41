import { applyDecision, decideQcResult, UnitQcState } from './qc-rules';

const route = ['FUNCTIONAL', 'RF', 'FINAL_QC'];
const defects = new Map<string, string | null>([
  ['FN-DEAD', 'FUNCTIONAL'],
  ['RF-LOW', 'RF'],
  ['SCRATCH', null],
]);

function unit(over: Partial<UnitQcState> = {}): UnitQcState {
  return {
    id: 'u1',
    serialNumber: 'SN1',
    lineId: 'l1',
    deviceModelId: 'm1',
    status: 'ASSEMBLED',
    routePosition: 0,
    nextStage: 'FUNCTIONAL',
    registryStatus: 'NOT_DUE',
    passedAt: null,
    route,
    stageAttempts: 0,
    ...over,
  };
}

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('decideQcResult', () => {
  it('moves a PASS to the next stage and the last PASS to PASSED', () => {
    const u = unit();
    const first = decideQcResult(u, { stage: 'FUNCTIONAL', result: 'PASS' }, defects);
    expect(first).toMatchObject({
      toStatus: 'IN_QC',
      nextStage: 'RF',
      routePosition: 1,
      attempt: 1,
      completesRoute: false,
    });
    applyDecision(u, first, new Date());
    applyDecision(u, decideQcResult(u, { stage: 'RF', result: 'PASS' }, defects), new Date());
    const last = decideQcResult(u, { stage: 'FINAL_QC', result: 'PASS' }, defects);
    expect(last).toMatchObject({
      toStatus: 'PASSED',
      nextStage: null,
      routePosition: 3,
      completesRoute: true,
    });
    applyDecision(u, last, new Date());
    expect(u).toMatchObject({ status: 'PASSED', registryStatus: 'PENDING' });
    expect(u.passedAt).toBeInstanceOf(Date);
  });

  it('passes the last stage again without a second registration (after an outgoing inspection fail)', () => {
    const passedAt = new Date('2026-11-20T08:00:00Z');
    const u = unit({
      status: 'IN_REWORK',
      routePosition: 2,
      nextStage: 'FINAL_QC',
      stageAttempts: 1,
      registryStatus: 'REGISTERED',
      passedAt,
    });
    const again = decideQcResult(u, { stage: 'FINAL_QC', result: 'PASS' }, defects);
    expect(again).toMatchObject({
      toStatus: 'PASSED',
      attempt: 2,
      completesRoute: true,
      dueForRegistry: false,
    });
    applyDecision(u, again, new Date());
    expect(u).toMatchObject({ status: 'PASSED', registryStatus: 'REGISTERED', passedAt });
  });

  it('keeps a FAIL on the failed stage and counts attempts', () => {
    const u = unit({
      status: 'IN_REWORK',
      routePosition: 1,
      nextStage: 'RF',
      stageAttempts: 2,
    });
    expect(
      decideQcResult(
        u,
        { stage: 'RF', result: 'FAIL', defectCodes: ['RF-LOW', 'RF-LOW'] },
        defects,
      ),
    ).toMatchObject({
      toStatus: 'FAILED',
      nextStage: 'RF',
      routePosition: 1,
      attempt: 3,
      defectCodes: ['RF-LOW'],
    });
  });

  it('counts attempts at the stage due: kept on a fail, back to none on a pass', () => {
    const u = unit();
    const fail = decideQcResult(
      u,
      { stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['FN-DEAD'] },
      defects,
    );
    applyDecision(u, fail, new Date());
    expect(u.stageAttempts).toBe(1);
    u.status = 'IN_REWORK';
    const pass = decideQcResult(u, { stage: 'FUNCTIONAL', result: 'PASS' }, defects);
    expect(pass.attempt).toBe(2);
    applyDecision(u, pass, new Date());
    expect(u.stageAttempts).toBe(0);
    expect(decideQcResult(u, { stage: 'RF', result: 'PASS' }, defects).attempt).toBe(1);
  });

  it('refuses the wrong stage, statuses that take no results, and bad defect codes', () => {
    expect(code(() => decideQcResult(unit(), { stage: 'RF', result: 'PASS' }, defects))).toBe(
      'stage-out-of-order',
    );
    for (const status of ['FAILED', 'ON_HOLD', 'SCRAPPED', 'PASSED'] as const) {
      expect(
        code(() =>
          decideQcResult(unit({ status }), { stage: 'FUNCTIONAL', result: 'PASS' }, defects),
        ),
      ).toBe('unit-takes-no-results');
    }
    expect(
      code(() => decideQcResult(unit(), { stage: 'FUNCTIONAL', result: 'FAIL' }, defects)),
    ).toBe('defect-code-required');
    expect(
      code(() =>
        decideQcResult(
          unit(),
          { stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['RF-LOW'] },
          defects,
        ),
      ),
    ).toBe('unknown-defect-code');
    expect(
      code(() =>
        decideQcResult(
          unit(),
          { stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['NOPE'] },
          defects,
        ),
      ),
    ).toBe('unknown-defect-code');
    expect(
      code(() =>
        decideQcResult(
          unit(),
          { stage: 'FUNCTIONAL', result: 'PASS', defectCodes: ['SCRATCH'] },
          defects,
        ),
      ),
    ).toBe('defect-codes-on-pass');
    expect(
      code(() =>
        decideQcResult(
          unit(),
          { stage: 'FUNCTIONAL', result: 'FAIL', defectCodes: ['SCRATCH'] },
          defects,
        ),
      ),
    ).toBe('no error');
  });

  it('falls back to the route when next_stage is not kept', () => {
    expect(
      decideQcResult(unit({ nextStage: null }), { stage: 'FUNCTIONAL', result: 'PASS' }, defects)
        .nextStage,
    ).toBe('RF');
  });
});
