import { EntityManager } from 'typeorm';

/**
 * `oncePerKey` for many keys at once, with the same table and the same meaning, so a
 * station may retry a batch item as a single result and get the same answer. Keys are
 * claimed in sorted order (a concurrent request holding a key makes us wait for its
 * commit, as `oncePerKey` does); unclaimed keys come back with what was stored for them.
 */
export interface KeyClaim {
  key: string;
  hash: string;
}

export type KeyState<T> = { claimed: true } | { claimed: false; hash: string; value: T | null };

export async function claimKeys<T>(
  tx: EntityManager,
  scope: string,
  claims: KeyClaim[],
): Promise<Map<string, KeyState<T>>> {
  const sorted = [...new Map(claims.map((c) => [c.key, c])).values()].sort((a, b) =>
    a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
  );
  const inserted = await tx.query<{ key: string }[]>(
    `INSERT INTO idempotency_keys (scope, key, request_hash)
     SELECT $1, t.key, t.hash FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(key, hash, n) ORDER BY t.n
     ON CONFLICT DO NOTHING RETURNING key`,
    [scope, sorted.map((c) => c.key), sorted.map((c) => c.hash)],
  );
  const states = new Map<string, KeyState<T>>(inserted.map((r) => [r.key, { claimed: true }]));
  const taken = sorted.filter((c) => !states.has(c.key)).map((c) => c.key);
  if (taken.length > 0) {
    const rows = await tx.query<{ key: string; request_hash: string; response_body: T | null }[]>(
      'SELECT key, request_hash, response_body FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])',
      [scope, taken],
    );
    for (const row of rows)
      states.set(row.key, { claimed: false, hash: row.request_hash, value: row.response_body });
  }
  return states;
}

/** Stores the answers of the keys whose work succeeded and releases the keys whose work was refused. */
export async function settleKeys(
  tx: EntityManager,
  scope: string,
  answers: { key: string; value: unknown }[],
  released: string[],
): Promise<void> {
  if (answers.length > 0) {
    await tx.query(
      `UPDATE idempotency_keys k SET response_status = 200, response_body = a.value
       FROM jsonb_to_recordset($2::jsonb) AS a(key text, value jsonb)
       WHERE k.scope = $1 AND k.key = a.key`,
      [scope, JSON.stringify(answers)],
    );
  }
  if (released.length > 0) {
    await tx.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = ANY($2::text[])', [
      scope,
      released,
    ]);
  }
}
