/**
 * The yield formulas (docs/quality-formulas.md) over the counts one SQL query gathers per
 * stage. Kept apart from the SQL so the arithmetic is unit-tested on hand-made numbers.
 */

export interface StageCounts {
  stage: string;
  /** Position of the stage on the route (0-based), for ordering. */
  position: number;
  /** Distinct units with at least one result at the stage in the window. */
  unitsTested: number;
  /** Units whose first-ever result at the stage falls in the window. */
  firstTested: number;
  /** ... and that first result was a PASS. */
  firstPassed: number;
  /** Distinct units tested in the window with a PASS at the stage in the window. */
  unitsPassed: number;
  /** Results in the window that were not the unit's first at the stage. */
  retests: number;
  results: number;
}

export interface StageYield extends StageCounts {
  firstPassYield: number | null;
  finalYield: number | null;
}

export interface YieldFigures {
  stages: StageYield[];
  rolledYield: number | null;
}

/** Shares are rounded to 4 decimals for the answer; the rolled yield multiplies unrounded ones. */
export const round4 = (x: number) => Math.round(x * 10000) / 10000;

const share = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function computeYield(counts: StageCounts[]): YieldFigures {
  const ordered = [...counts].sort(
    (a, b) => a.position - b.position || a.stage.localeCompare(b.stage),
  );
  let rolled: number | null = null;
  const stages = ordered.map((c) => {
    const fpy = share(c.firstPassed, c.firstTested);
    if (fpy !== null) rolled = (rolled ?? 1) * fpy;
    const finalYield = share(c.unitsPassed, c.unitsTested);
    return {
      ...c,
      firstPassYield: fpy === null ? null : round4(fpy),
      finalYield: finalYield === null ? null : round4(finalYield),
    };
  });
  return { stages, rolledYield: rolled === null ? null : round4(rolled) };
}
