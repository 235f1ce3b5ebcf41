import { computeYield, StageCounts } from './yield-math';

const counts = (stage: string, position: number, c: Partial<StageCounts>): StageCounts => ({
  stage,
  position,
  unitsTested: 0,
  firstTested: 0,
  firstPassed: 0,
  unitsPassed: 0,
  retests: 0,
  results: 0,
  ...c,
});

describe('computeYield', () => {
  it('computes FPY and final yield per stage and multiplies FPY over the route in route order', () => {
    const figures = computeYield([
      counts('RF', 1, {
        unitsTested: 5,
        firstTested: 5,
        firstPassed: 4,
        unitsPassed: 5,
        retests: 1,
        results: 6,
      }),
      counts('FUNCTIONAL', 0, {
        unitsTested: 4,
        firstTested: 4,
        firstPassed: 3,
        unitsPassed: 3,
        retests: 2,
        results: 6,
      }),
    ]);
    expect(figures.stages.map((s) => s.stage)).toEqual(['FUNCTIONAL', 'RF']);
    expect(figures.stages[0]).toMatchObject({ firstPassYield: 0.75, finalYield: 0.75 });
    expect(figures.stages[1]).toMatchObject({ firstPassYield: 0.8, finalYield: 1 });
    expect(figures.rolledYield).toBe(0.6);
  });

  it('leaves a stage without first results out of the rolled yield and answers null for no data', () => {
    const figures = computeYield([
      counts('A', 0, { unitsTested: 3, firstTested: 3, firstPassed: 2, unitsPassed: 2 }),
      counts('B', 1, { unitsTested: 1, firstTested: 0, retests: 1, results: 1 }),
    ]);
    expect(figures.stages[1].firstPassYield).toBeNull();
    expect(figures.rolledYield).toBe(0.6667);
    expect(computeYield([]).rolledYield).toBeNull();
  });
});
