import { DataSource } from 'typeorm';
import { round4 } from '@lt/quality';

/**
 * The set-based queries behind the output reports. Each reads one plant-local window
 * through an index on (line, time) and groups by line and a bucket: the plant-local minute
 * of the day for the daily report, the plant-local date for the series.
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
 * A row's bucket: its label, and the expression to group by. Minutes are counted from the
 * window's start (`localMinutesOfDay` turns them into local minutes of the day); grouping
 * on the bare `date_bin` lets PostgreSQL work out each label once per group, not per row.
 */
function bucketOf(column: string, bucketing: Bucketing): { label: string; key: string } {
  if (bucketing === 'minute') {
    const key = `date_bin('1 minute', ${column}, $2::timestamptz)`;
    return { key, label: `(extract(epoch FROM ${key} - $2::timestamptz) / 60)::int::text` };
  }
  const key = `to_char(${column} AT TIME ZONE $4, 'YYYY-MM-DD')`;
  return { key, label: key };
}

const params = (w: Window) => [w.lineIds, w.from.toISOString(), w.to.toISOString(), w.timezone];

export async function countOutput(db: DataSource, w: Window): Promise<BucketCounts[]> {
  const assembled = bucketOf('assembled_at', w.bucketing);
  const passed = bucketOf('passed_at', w.bucketing);
  const moved = bucketOf('at', w.bucketing);
  return db.query<BucketCounts[]>(
    `SELECT line_id, bucket, sum(assembled)::int AS assembled, sum(passed)::int AS passed, sum(packed)::int AS packed,
            sum(shipped)::int AS shipped, sum(scrapped)::int AS scrapped
     FROM (
       SELECT line_id, ${assembled.label} AS bucket, count(*) AS assembled,
              0 AS passed, 0 AS packed, 0 AS shipped, 0 AS scrapped
       FROM units WHERE line_id = ANY($1::uuid[]) AND assembled_at >= $2 AND assembled_at < $3
       GROUP BY line_id, ${assembled.key}
       UNION ALL
       SELECT line_id, ${passed.label}, 0, count(*), 0, 0, 0
       FROM units WHERE line_id = ANY($1::uuid[]) AND passed_at >= $2 AND passed_at < $3
       GROUP BY line_id, ${passed.key}
       UNION ALL
       SELECT line_id, ${moved.label}, 0,
              0,
              count(*) FILTER (WHERE to_status = 'PACKED') - count(*) FILTER (WHERE from_status = 'PACKED' AND to_status = 'PASSED'),
              count(*) FILTER (WHERE to_status = 'SHIPPED'),
              count(*) FILTER (WHERE to_status = 'SCRAPPED')
       FROM unit_events
       WHERE line_id = ANY($1::uuid[]) AND at >= $2 AND at < $3
         AND (to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED')
       GROUP BY line_id, ${moved.key}
     ) counts
     GROUP BY line_id, bucket`,
    // Minutes need no time zone ($4), and PostgreSQL refuses a parameter it cannot type.
    w.bucketing === 'minute' ? params(w).slice(0, 3) : params(w),
  );
}

/**
 * First tries per line, stage and plant-local date: all the output reports need for the
 * rolled first-pass yield (docs/quality-formulas.md). No distinct counts and no join, so a
 * day is one pass over a covering index.
 */
export async function countFirstTries(db: DataSource, w: Window): Promise<LineFirstTries[]> {
  // The daily report's window is one local date: no need to work out each row's.
  const date =
    w.bucketing === 'date'
      ? bucketOf('q.tested_at', 'date').key
      : `to_char($2::timestamptz AT TIME ZONE $4, 'YYYY-MM-DD')`;
  return db.query<LineFirstTries[]>(
    `SELECT q.line_id, ${date} AS bucket, q.stage,
            count(*)::int AS "firstTested", count(*) FILTER (WHERE q.result = 'PASS')::int AS "firstPassed"
     FROM qc_results q
     WHERE q.line_id = ANY($1::uuid[]) AND q.tested_at >= $2 AND q.tested_at < $3 AND q.attempt = 1
     GROUP BY 1, 2, 3`,
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
