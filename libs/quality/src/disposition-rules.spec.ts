import {
  decideHold,
  decideRelease,
  decideRework,
  decideScrap,
  DispositionUnit,
} from './disposition-rules';

const unit = (over: Partial<DispositionUnit> = {}): DispositionUnit => ({
  serialNumber: 'SN1',
  status: 'FAILED',
  heldFromStatus: null,
  nextStage: 'RF',
  routePosition: 1,
  passedAt: null,
  ...over,
});
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as { code: string }).code;
  }
  return 'no error';
};

describe('disposition rules', () => {
  it('reworks a FAILED unit up to the fail limit, then refuses', () => {
    expect(decideRework(unit(), 3, 3)).toMatchObject({
      toStatus: 'IN_REWORK',
      eventType: 'REWORK_STARTED',
    });
    expect(code(() => decideRework(unit(), 4, 3))).toBe('rework-limit-reached');
    expect(code(() => decideRework(unit({ status: 'IN_QC' }), 1, 3))).toBe('unit-not-failed');
  });

  it('holds and releases back to the status held from', () => {
    expect(decideHold(unit({ status: 'IN_QC' }))).toMatchObject({
      toStatus: 'ON_HOLD',
      heldFromStatus: 'IN_QC',
    });
    expect(code(() => decideHold(unit({ status: 'ON_HOLD' })))).toBe('unit-already-on-hold');
    expect(code(() => decideHold(unit({ status: 'SCRAPPED' })))).toBe('invalid-transition');
    expect(decideRelease(unit({ status: 'ON_HOLD', heldFromStatus: 'FAILED' }))).toMatchObject({
      toStatus: 'FAILED',
      heldFromStatus: null,
    });
    expect(decideRelease(unit({ status: 'ON_HOLD', passedAt: new Date() })).toStatus).toBe(
      'PASSED',
    );
    expect(code(() => decideRelease(unit({ status: 'IN_QC' })))).toBe('unit-not-on-hold');
  });

  it('scraps from any status but SCRAPPED and SHIPPED', () => {
    expect(decideScrap(unit({ status: 'ON_HOLD' })).toStatus).toBe('SCRAPPED');
    expect(code(() => decideScrap(unit({ status: 'SCRAPPED' })))).toBe('invalid-transition');
    expect(code(() => decideScrap(unit({ status: 'SHIPPED' })))).toBe('invalid-transition');
  });
});
