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

const bucketOf = (column: string, bucketing: Bucketing) =>
  bucketing === 'minute'
    ? `(extract(hour FROM ${column} AT TIME ZONE $4) * 60 + extract(minute FROM ${column} AT TIME ZONE $4))::int::text`
    : `to_char(${column} AT TIME ZONE $4, 'YYYY-MM-DD')`;

const params = (w: Window) => [w.lineIds, w.from.toISOString(), w.to.toISOString(), w.timezone];

export async function countOutput(db: DataSource, w: Window): Promise<BucketCounts[]> {
  return db.query<BucketCounts[]>(
    `SELECT line_id, bucket, sum(assembled)::int AS assembled, sum(passed)::int AS passed, sum(packed)::int AS packed,
            sum(shipped)::int AS shipped, sum(scrapped)::int AS scrapped
     FROM (
       SELECT line_id, ${bucketOf('assembled_at', w.bucketing)} AS bucket, count(*) AS assembled,
              0 AS passed, 0 AS packed, 0 AS shipped, 0 AS scrapped
       FROM units WHERE line_id = ANY($1::uuid[]) AND assembled_at >= $2 AND assembled_at < $3 GROUP BY 1, 2
       UNION ALL
       SELECT line_id, ${bucketOf('passed_at', w.bucketing)}, 0, count(*), 0, 0, 0
       FROM units WHERE line_id = ANY($1::uuid[]) AND passed_at >= $2 AND passed_at < $3 GROUP BY 1, 2
       UNION ALL
       SELECT e.line_id, ${bucketOf('e.at', w.bucketing)}, 0, 0,
              count(*) FILTER (WHERE e.to_status = 'PACKED') - count(*) FILTER (WHERE e.from_status = 'PACKED' AND e.to_status = 'PASSED'),
              count(*) FILTER (WHERE e.to_status = 'SHIPPED'),
              count(*) FILTER (WHERE e.to_status = 'SCRAPPED')
       -- The line by a primary-key lookup per event of the day, never a join over all units.
       FROM (SELECT ev.at, ev.from_status, ev.to_status, (SELECT line_id FROM units WHERE id = ev.unit_id) AS line_id
             FROM unit_events ev
             WHERE ev.at >= $2 AND ev.at < $3
               AND (ev.to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR ev.from_status = 'PACKED')) e
       WHERE e.line_id = ANY($1::uuid[])
       GROUP BY 1, 2
     ) counts
     GROUP BY line_id, bucket`,
    params(w),
  );
}

/**
 * First tries per line, stage and plant-local date: all the output reports need for the
 * rolled first-pass yield (docs/quality-formulas.md). No distinct counts and no join, so a
 * day is one pass over a covering index.
 */
export async function countFirstTries(db: DataSource, w: Window): Promise<LineFirstTries[]> {
  return db.query<LineFirstTries[]>(
    `SELECT q.line_id, ${bucketOf('q.tested_at', 'date')} AS bucket, q.stage,
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
