import { Pool } from 'pg';
import { LoadResult, summarize } from './http-load';

/**
 * The machine's raw ceiling for the ratio targets: single-row INSERT transactions per
 * second through the pg driver at the given concurrency, into a table shaped like `units`
 * (uuid key, unique text column, a few more columns and indexes), each its own commit.
 */
export async function rawInsertCeiling(
  databaseUrl: string,
  clients: number,
  total: number,
): Promise<LoadResult> {
  const pool = new Pool({ connectionString: databaseUrl, max: clients });
  await pool.query(`DROP TABLE IF EXISTS raw_ceiling;
    CREATE TABLE raw_ceiling (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), serial text NOT NULL UNIQUE,
      line text NOT NULL, status text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
    CREATE INDEX ON raw_ceiling (line, created_at)`);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = await pool.connect();
      try {
        for (let i = next++; i < total; i = next++) {
          const t0 = performance.now();
          await client.query('INSERT INTO raw_ceiling (serial, line, status) VALUES ($1, $2, $3)', [
            `S${i}`,
            'L1',
            'ASSEMBLED',
          ]);
          latencies.push(performance.now() - t0);
        }
      } finally {
        client.release();
      }
    }),
  );
  const result = summarize(latencies, 0, started);
  await pool.query('DROP TABLE raw_ceiling');
  await pool.end();
  return result;
}

export interface BracketedCeiling {
  before: LoadResult;
  after: LoadResult;
  /** The mean of before and after: what the ratio targets divide by. */
  perSecond: number;
}

/**
 * Runs `work` between two measurements of the raw ceiling. This machine's speed drifts by
 * half within minutes (other tenants), so one measurement taken after the load could
 * make the ratio look better or worse than it was; the mean of the two brackets it.
 */
export async function withCeilingAround<T>(
  databaseUrl: string,
  clients: number,
  total: number,
  work: () => Promise<T>,
): Promise<{ result: T; ceiling: BracketedCeiling }> {
  const before = await rawInsertCeiling(databaseUrl, clients, total);
  const result = await work();
  const after = await rawInsertCeiling(databaseUrl, clients, total);
  return {
    result,
    ceiling: { before, after, perSecond: Math.round((before.perSecond + after.perSecond) / 2) },
  };
}
