import { EntityManager } from 'typeorm';
import { preparedQuery } from '@lt/database';

/**
 * `oncePerKey` for many keys at once, with the same table and the same meaning, so a
 * station may retry a batch item as a single result and get the same answer.
 *
 * `oncePerKey` claims a key first and stores the answer with a second write. Here each key
 * is written once, with its answer, after the work (`storeKeys`), which refuses the whole
 * batch when one of its keys is already stored: a retry of a committed request, or a
 * concurrent request that got there first. The caller rolls back and tries again with the
 * keys looked up first (`findKeys`), or takes the items one by one through `oncePerKey`.
 */
export interface KeyClaim {
  key: string;
  hash: string;
}

export interface StoredKey<T> {
  hash: string;
  value: T | null;
}

/** Keys `storeKeys` found stored already, by an earlier or a concurrent request. */
export class KeysAlreadyStoredError extends Error {
  constructor(readonly keys: string[]) {
    super(`Idempotency keys already stored: ${keys.join(', ')}`);
  }
}

/** The keys already stored, with their request hash and answer. */
export async function findKeys<T>(
  tx: EntityManager,
  scope: string,
  keys: string[],
): Promise<Map<string, StoredKey<T>>> {
  if (keys.length === 0) return new Map();
  const rows = await tx.query<{ key: string; request_hash: string; response_body: T | null }[]>(
    'SELECT key, request_hash, response_body FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])',
    [scope, [...new Set(keys)]],
  );
  return new Map(rows.map((r) => [r.key, { hash: r.request_hash, value: r.response_body }]));
}

/**
 * Stores the keys of the items this batch decided: the answers of those it accepted, and
 * (held only until the deletion below, in the same transaction) those it refused, so that a
 * stored key is noticed whatever this batch answered its item.
 * In sorted order, so two batches sharing keys wait for each other in one order.
 */
export async function storeKeys(
  tx: EntityManager,
  scope: string,
  answers: (KeyClaim & { value: unknown })[],
  refused: KeyClaim[],
): Promise<void> {
  const rows = [
    ...answers.map((a) => ({ key: a.key, hash: a.hash, value: a.value })),
    ...refused.map((r) => ({ key: r.key, hash: r.hash, value: null })),
  ]
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((row, n) => ({ ...row, n }));
  if (rows.length === 0) return;
  const inserted = await preparedQuery<{ key: string }[]>(
    tx,
    'idempotency-store-keys',
    `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
     SELECT $1, r.key, r.hash, CASE WHEN r.value IS NULL THEN NULL ELSE 200 END, r.value
     FROM jsonb_to_recordset($2::jsonb) AS r(key text, hash text, value jsonb, n int) ORDER BY r.n
     ON CONFLICT DO NOTHING RETURNING key`,
    [scope, JSON.stringify(rows)],
  );
  if (inserted.length < rows.length) {
    const stored = new Set(inserted.map((r) => r.key));
    throw new KeysAlreadyStoredError(rows.filter((r) => !stored.has(r.key)).map((r) => r.key));
  }
  if (refused.length > 0) {
    await tx.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])', [
      scope,
      refused.map((r) => r.key),
    ]);
  }
}
