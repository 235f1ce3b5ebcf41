import { AQL_VALUES, codeLetterFor, samplingPlan, table2ACell } from './sampling-plan';

describe('ISO 2859-1 single sampling, normal inspection, level II', () => {
  it.each([
    [2, 'A'],
    [8, 'A'],
    [9, 'B'],
    [15, 'B'],
    [16, 'C'],
    [25, 'C'],
    [26, 'D'],
    [50, 'D'],
    [51, 'E'],
    [90, 'E'],
    [91, 'F'],
    [150, 'F'],
    [151, 'G'],
    [280, 'G'],
    [281, 'H'],
    [500, 'H'],
    [501, 'J'],
    [1200, 'J'],
    [1201, 'K'],
    [3200, 'K'],
    [3201, 'L'],
    [5500, 'L'],
    [10000, 'L'],
    [10001, 'M'],
    [35000, 'M'],
    [35001, 'N'],
    [150000, 'N'],
    [150001, 'P'],
    [500000, 'P'],
    [500001, 'Q'],
    [3_000_000, 'Q'],
  ])('Table 1: lot of %i -> code letter %s', (lotSize, letter) => {
    expect(codeLetterFor(lotSize)).toBe(letter);
  });

  // [lot size, AQL, code letter, plan letter, sample size, Ac, Re] — read off Table 2-A.
  it.each([
    [5500, 0.65, 'L', 'L', 200, 3, 4], // the example
    [5500, 1.0, 'L', 'L', 200, 5, 6],
    [5500, 2.5, 'L', 'L', 200, 10, 11],
    [5500, 4.0, 'L', 'L', 200, 14, 15],
    [5500, 6.5, 'L', 'L', 200, 21, 22],
    [2000, 4.0, 'K', 'K', 125, 10, 11],
    [2000, 0.65, 'K', 'K', 125, 2, 3],
    [1000, 0.65, 'J', 'J', 80, 1, 2],
    [1000, 2.5, 'J', 'J', 80, 5, 6],
    [400, 0.65, 'H', 'J', 80, 1, 2], // H at 0.65 points down to J
    [200, 0.65, 'G', 'F', 20, 0, 1], // G at 0.65 points up to F
    [120, 0.65, 'F', 'F', 20, 0, 1],
    [40, 2.5, 'D', 'C', 5, 0, 1], // up arrow
    [60, 2.5, 'E', 'F', 20, 1, 2], // down arrow
    [60, 1.5, 'E', 'D', 8, 0, 1], // up arrow
    [5500, 0.1, 'L', 'K', 125, 0, 1], // up to K
    [5500, 0.065, 'L', 'L', 200, 0, 1],
    [5500, 0.01, 'L', 'Q', 1250, 0, 1],
    [5500, 0.04, 'L', 'M', 315, 0, 1], // down to M
    [100, 6.5, 'F', 'F', 20, 3, 4],
    [5, 1000, 'A', 'A', 2, 30, 31], // nonconformities per 100 units
    [10, 1000, 'B', 'B', 3, 44, 45],
    [300, 1000, 'H', 'B', 3, 44, 45], // up the column to B
    [5500, 10, 'L', 'K', 125, 21, 22], // up arrow below 21/22
    [5, 10, 'A', 'C', 5, 1, 2], // top-row up arrow: first plan below
  ])(
    'lot %i at AQL %f -> %s (plan %s): n %i, Ac %i, Re %i',
    (lot, aql, letter, planLetter, n, ac, re) => {
      const plan = samplingPlan(lot, aql);
      expect({
        codeLetter: plan.codeLetter,
        planLetter: plan.planLetter,
        sampleSize: plan.sampleSize,
        ac: plan.acceptNumber,
        re: plan.rejectNumber,
      }).toEqual({
        codeLetter: letter,
        planLetter,
        sampleSize: n,
        ac,
        re,
      });
    },
  );

  it('inspects every unit when the sample reaches the lot size', () => {
    expect(samplingPlan(5, 0.65)).toMatchObject({
      codeLetter: 'A',
      planLetter: 'F',
      sampleSize: 5,
      everyUnit: true,
      acceptNumber: 0,
      rejectNumber: 1,
    });
    expect(samplingPlan(1, 2.5)).toMatchObject({ sampleSize: 1, everyUnit: true });
    expect(samplingPlan(5500, 0.65).everyUnit).toBe(false);
  });

  it('finds a plan for every letter A..Q and every standard AQL, with Re = Ac + 1', () => {
    for (const lot of [
      2, 9, 16, 26, 51, 91, 151, 281, 501, 1201, 3201, 10001, 35001, 150001, 500001,
    ]) {
      for (const aql of AQL_VALUES) {
        const plan = samplingPlan(lot, aql);
        expect(plan.rejectNumber).toBe(plan.acceptNumber + 1);
        expect(plan.sampleSize).toBeGreaterThan(0);
      }
    }
  });

  it('refuses an AQL that is not a standard value', () => {
    expect(() => samplingPlan(100, 0.7)).toThrow(RangeError);
  });

  it('has the arrow bands of Table 2-A beside the 0/1 diagonal', () => {
    expect(table2ACell('F', 0.65)).toEqual({ ac: 0, re: 1 });
    expect(table2ACell('G', 0.65)).toBe('up');
    expect(table2ACell('H', 0.65)).toBe('down');
    expect(table2ACell('A', 0.65)).toBe('down');
    expect(table2ACell('R', 0.65)).toEqual({ ac: 21, re: 22 });
  });
});
