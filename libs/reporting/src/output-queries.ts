import { DataSource } from 'typeorm';
import { round4 } from '@lt/quality';

/**
 * The set-based queries behind the output reports. Each reads one plant-local window by
 * line and time and groups by line and a bucket: the plant-local minute of the day for the
 * daily report, the plant-local date for the series. Output and first tries come from the
 * counts kept per minute and quarter hour; defects and registry status from indexes on
 * (line, time) of QC results and units.
 */
export type Bucketing = 'minute' | 'date';

export interface Window {
  lineIds: string[];
  from: Date;
  to: Date;
  timezone: string;
  bucketing: Bucketing;
}

export interface BucketCounts {
  line_id: string;
  bucket: string;
  assembled: number;
  passed: number;
  packed: number;
  shipped: number;
  scrapped: number;
}

export interface LineFirstTries {
  line_id: string;
  bucket: string;
  stage: string;
  firstTested: number;
  firstPassed: number;
}

/** The product of first-pass yields over the stages with first tries; null when there are none. */
export function rolledFirstPassYield(
  rows: { stage: string; firstTested: number; firstPassed: number }[],
): number | null {
  const byStage = new Map<string, { tested: number; passed: number }>();
  for (const row of rows) {
    const known = byStage.get(row.stage) ?? { tested: 0, passed: 0 };
    known.tested += row.firstTested;
    known.passed += row.firstPassed;
    byStage.set(row.stage, known);
  }
  let rolled: number | null = null;
  for (const { tested, passed } of byStage.values())
    if (tested > 0) rolled = (rolled ?? 1) * (passed / tested);
  return rolled === null ? null : round4(rolled);
}

/**
 * A counted bucket's label, and the expression to group by. Minutes are counted from the
 * window's start (`localMinutesOfDay` turns them into local minutes of the day).
 */
function bucketOf(column: string, bucketing: Bucketing): { label: string; key: string } {
  if (bucketing === 'minute')
    return {
      key: column,
      label: `(extract(epoch FROM ${column} - $2::timestamptz) / 60)::int::text`,
    };
  const key = `to_char(${column} AT TIME ZONE $4, 'YYYY-MM-DD')`;
  return { key, label: key };
}

const params = (w: Window) => [w.lineIds, w.from.toISOString(), w.to.toISOString(), w.timezone];

/**
 * A window of a count table with the deltas not yet rolled into it (migration
 * 1764000009000): one statement, one snapshot, so every change is counted once.
 */
function counted(table: string, deltas: string, bucket: string, columns: string): string {
  const where = `line_id = ANY($1::uuid[]) AND ${bucket} >= $2 AND ${bucket} < $3`;
  return `(SELECT line_id, ${bucket}, ${columns} FROM ${table} WHERE ${where}
           UNION ALL
           SELECT line_id, ${bucket}, ${columns} FROM ${deltas} WHERE ${where})`;
}

export async function countOutput(db: DataSource, w: Window): Promise<BucketCounts[]> {
  const bucket = bucketOf('minute', w.bucketing);
  return db.query<BucketCounts[]>(
    `SELECT line_id, ${bucket.label} AS bucket, sum(assembled)::int AS assembled, sum(passed)::int AS passed,
            sum(packed)::int AS packed, sum(shipped)::int AS shipped, sum(scrapped)::int AS scrapped
     FROM ${counted('line_minute_counts', 'line_minute_count_deltas', 'minute', 'assembled, passed, packed, shipped, scrapped')} c
     GROUP BY line_id, ${bucket.key}
     HAVING sum(assembled) <> 0 OR sum(passed) <> 0 OR sum(packed) <> 0 OR sum(shipped) <> 0 OR sum(scrapped) <> 0`,
    // Minutes need no time zone ($4), and PostgreSQL refuses a parameter it cannot type.
    w.bucketing === 'minute' ? params(w).slice(0, 3) : params(w),
  );
}

/**
 * First tries per line, stage and plant-local date: all the output reports need for the
 * rolled first-pass yield (docs/quality-formulas.md), counted per quarter hour.
 */
export async function countFirstTries(db: DataSource, w: Window): Promise<LineFirstTries[]> {
  // The daily report's window is one local date: no need to work out each bucket's.
  const date =
    w.bucketing === 'date'
      ? bucketOf('quarter', 'date').key
      : `to_char($2::timestamptz AT TIME ZONE $4, 'YYYY-MM-DD')`;
  return db.query<LineFirstTries[]>(
    `SELECT line_id, ${date} AS bucket, stage,
            sum(tested)::int AS "firstTested", sum(passed)::int AS "firstPassed"
     FROM ${counted('line_first_try_counts', 'line_first_try_count_deltas', 'quarter', 'stage, tested, passed')} c
     GROUP BY 1, 2, 3
     HAVING sum(tested) <> 0`,
    params(w),
  );
}

export async function countDefects(
  db: DataSource,
  w: Window,
): Promise<{ line_id: string; code: string; count: number }[]> {
  return db.query(
    `SELECT q.line_id, d.code, count(*)::int AS count
     FROM qc_results q CROSS JOIN LATERAL unnest(q.defect_codes) AS d(code)
     WHERE q.line_id = ANY($1::uuid[]) AND q.tested_at >= $2 AND q.tested_at < $3 AND q.result = 'FAIL'
     GROUP BY 1, 2`,
    params(w).slice(0, 3),
  );
}

/** Registry status of the units that passed in the window. */
export async function countRegistry(
  db: DataSource,
  w: Window,
): Promise<{ line_id: string; registered: number; pending: number; rejected: number }[]> {
  return db.query(
    `SELECT line_id,
            count(*) FILTER (WHERE registry_status IN ('REGISTERED', 'DEREGISTERED'))::int AS registered,
            count(*) FILTER (WHERE registry_status IN ('PENDING', 'SUBMITTED'))::int AS pending,
            count(*) FILTER (WHERE registry_status = 'REJECTED')::int AS rejected
     FROM units WHERE line_id = ANY($1::uuid[]) AND passed_at >= $2 AND passed_at < $3
     GROUP BY 1`,
    params(w).slice(0, 3),
  );
}
