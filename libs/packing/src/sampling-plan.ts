/**
 * ISO 2859-1 single sampling, normal inspection, general inspection level II.
 *
 * Table 1 gives the sample-size code letter for the lot size; Table 2-A gives, for a code
 * letter and an AQL, either a plan (sample size, Ac, Re) or an arrow to the first plan below
 * (larger sample) or above (smaller sample) in the same AQL column. Table 2-A is diagonal:
 * moving one letter down or one AQL column right shifts the same sequence of Ac/Re pairs by
 * one cell, so a cell is determined by d = letter index + AQL column index:
 *   d < 14 or d = 16: arrow down;  d = 14: Ac 0 Re 1;  d = 15: arrow up;
 *   d = 17..24: 1/2, 2/3, 3/4, 5/6, 7/8, 10/11, 14/15, 21/22;
 *   d = 25, 26: 30/31, 44/45, only in letters A to E (the nonconformities-per-100-units
 *   columns, AQL 150 and up); elsewhere d >= 25 is an arrow up.
 * Checked against the standard's printed cells, e.g. L at 0.65 = 3/4, K at 4.0 = 10/11,
 * D at 2.5 = up to C (n 5, 0/1), E at 2.5 = down to F (n 20, 1/2), A at 1000 = 30/31.
 * The one cell the rule cannot take literally is A at AQL 10 (an up arrow in the top row):
 * there is no plan above, so we take the first plan below (C: n 5, 1/2).
 * When the sample size reaches the lot size, every unit is inspected (sample = lot).
 */

export const AQL_VALUES = [
  0.01, 0.015, 0.025, 0.04, 0.065, 0.1, 0.15, 0.25, 0.4, 0.65, 1, 1.5, 2.5, 4, 6.5, 10, 15, 25, 40,
  65, 100, 150, 250, 400, 650, 1000,
] as const;

export const CODE_LETTERS = [
  'A',
  'B',
  'C',
  'D',
  'E',
  'F',
  'G',
  'H',
  'J',
  'K',
  'L',
  'M',
  'N',
  'P',
  'Q',
  'R',
] as const;
export type CodeLetter = (typeof CODE_LETTERS)[number];

const SAMPLE_SIZES = [2, 3, 5, 8, 13, 20, 32, 50, 80, 125, 200, 315, 500, 800, 1250, 2000];

/** Table 1, general level II: the largest lot size of each code letter A..Q. */
const LOT_SIZE_LIMITS: [number, CodeLetter][] = [
  [8, 'A'],
  [15, 'B'],
  [25, 'C'],
  [50, 'D'],
  [90, 'E'],
  [150, 'F'],
  [280, 'G'],
  [500, 'H'],
  [1200, 'J'],
  [3200, 'K'],
  [10000, 'L'],
  [35000, 'M'],
  [150000, 'N'],
  [500000, 'P'],
  [Infinity, 'Q'],
];

const PAIRS: [number, number][] = [
  [1, 2],
  [2, 3],
  [3, 4],
  [5, 6],
  [7, 8],
  [10, 11],
  [14, 15],
  [21, 22],
];

export interface SamplingPlan {
  lotSize: number;
  aql: number;
  /** The letter Table 1 gives for the lot size. */
  codeLetter: CodeLetter;
  /** The letter of the plan used after following arrows (same as codeLetter when none). */
  planLetter: CodeLetter;
  /** Units to draw: the plan's sample size, or the whole lot when that is smaller. */
  sampleSize: number;
  acceptNumber: number;
  rejectNumber: number;
  /** True when the sample is the whole lot. */
  everyUnit: boolean;
}

type Cell = { ac: number; re: number } | 'down' | 'up';

export function isStandardAql(aql: number): boolean {
  return aqlIndex(aql) >= 0;
}

function aqlIndex(aql: number): number {
  return AQL_VALUES.findIndex((v) => Math.abs(v - aql) < 1e-9);
}

export function codeLetterFor(lotSize: number): CodeLetter {
  if (!Number.isInteger(lotSize) || lotSize < 1)
    throw new RangeError(`lot size must be a positive integer: ${lotSize}`);
  return LOT_SIZE_LIMITS.find(([max]) => lotSize <= max)![1];
}

/** One cell of Table 2-A (normal inspection). */
export function table2ACell(letter: CodeLetter, aql: number): Cell {
  const row = CODE_LETTERS.indexOf(letter);
  const column = aqlIndex(aql);
  if (row < 0 || column < 0) throw new RangeError(`no Table 2-A cell for ${letter} at AQL ${aql}`);
  const d = row + column;
  if (d === 14) return { ac: 0, re: 1 };
  if (d === 15) return row === 0 ? 'down' : 'up';
  if (d < 14 || d === 16) return 'down';
  if (d <= 24) {
    const [ac, re] = PAIRS[d - 17];
    return { ac, re };
  }
  if (row <= 4 && d === 25) return { ac: 30, re: 31 };
  if (row <= 4 && d === 26) return { ac: 44, re: 45 };
  return 'up';
}

export function samplingPlan(lotSize: number, aql: number): SamplingPlan {
  if (!isStandardAql(aql)) throw new RangeError(`AQL ${aql} is not one of the standard values`);
  const codeLetter = codeLetterFor(lotSize);
  let row = CODE_LETTERS.indexOf(codeLetter);
  let cell = table2ACell(codeLetter, aql);
  // Follow arrows; the table guarantees a plan within a few steps in the arrow's direction.
  const direction = cell === 'down' ? 1 : cell === 'up' ? -1 : 0;
  while (typeof cell === 'string') {
    row += direction;
    if (row < 0 || row >= CODE_LETTERS.length)
      throw new Error(`Table 2-A has no plan for ${codeLetter} at AQL ${aql}`);
    cell = table2ACell(CODE_LETTERS[row], aql);
  }
  const planSize = SAMPLE_SIZES[row];
  return {
    lotSize,
    aql,
    codeLetter,
    planLetter: CODE_LETTERS[row],
    sampleSize: Math.min(planSize, lotSize),
    acceptNumber: cell.ac,
    rejectNumber: cell.re,
    everyUnit: planSize >= lotSize,
  };
}
