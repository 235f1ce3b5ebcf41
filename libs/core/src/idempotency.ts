import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ConflictError } from './domain-errors';

export interface StoredAnswer<T> {
  replayed: boolean;
  value: T;
}

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

/**
 * Runs `work` at most once per (scope, key), inside the caller's transaction: the key row is
 * inserted first, so a concurrent retry with the same key waits on it and then replays the
 * stored answer. A rollback removes the key with everything else. Same key with a different
 * request: 409.
 */
export async function oncePerKey<T>(
  tx: EntityManager,
  scope: string,
  key: string,
  hash: string,
  work: () => Promise<T>,
  /**
   * The answer, when it is known before the work runs (e.g. the ids the work will create):
   * stored with the key at once, which spares an UPDATE at the end of a hot transaction.
   */
  plannedAnswer?: T,
): Promise<StoredAnswer<T>> {
  const inserted: unknown[] = await tx.query(
    `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT DO NOTHING RETURNING key`,
    [
      scope,
      key,
      hash,
      plannedAnswer === undefined ? null : 200,
      plannedAnswer === undefined ? null : JSON.stringify(plannedAnswer),
    ],
  );
  if (inserted.length === 0) {
    const [row] = await tx.query<{ request_hash: string; response_body: T }[]>(
      'SELECT request_hash, response_body FROM idempotency_keys WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    if (row.request_hash !== hash) {
      throw new ConflictError(
        'idempotency-key-reused',
        'This Idempotency-Key was already used for a different request.',
        { key },
      );
    }
    return { replayed: true, value: row.response_body };
  }
  const value = await work();
  if (plannedAnswer !== undefined) return { replayed: false, value };
  await tx.query(
    'UPDATE idempotency_keys SET response_status = 200, response_body = $3 WHERE scope = $1 AND key = $2',
    [scope, key, JSON.stringify(value)],
  );
  return { replayed: false, value };
}

/**
 * Deletes keys stored before `before`, oldest first, `chunk` at a time (each chunk its own
 * statement, so no lock is held long), at most `maxChunks` chunks: a run that cannot finish
 * leaves the rest to the next, so it never holds up the other maintenance jobs for long.
 * Each chunk starts where the last one ended, so it does not walk the index entries of
 * keys already deleted. A retry comes within minutes; after retention a key only takes space.
 */
export async function pruneIdempotencyKeys(
  db: Pick<EntityManager, 'query'>,
  before: Date,
  { chunk = 10_000, maxChunks = 50 } = {},
): Promise<number> {
  let deleted = 0;
  let from = new Date(0);
  for (let n = 0; n < maxChunks; n++) {
    const [done] = await db.query<{ count: number; last: Date | null }[]>(
      `WITH gone AS (
         DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(
           SELECT ctid FROM idempotency_keys WHERE created_at >= $1 AND created_at < $2
           ORDER BY created_at LIMIT $3))
         RETURNING created_at)
       SELECT count(*)::int AS count, max(created_at) AS last FROM gone`,
      [from, before, chunk],
    );
    deleted += done.count;
    if (done.count < chunk || !done.last) break;
    from = done.last;
  }
  return deleted;
}
