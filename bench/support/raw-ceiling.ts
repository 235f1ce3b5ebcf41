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
