import { DataSource } from 'typeorm';
import { AppConfig } from '@lt/config';
import { pruneIdempotencyKeys } from '@lt/core';
import { IdempotencyPruneHandler } from '../../apps/worker/src/idempotency-prune.handler';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('idempotency key retention', () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
  });

  afterAll(async () => {
    await db.destroy();
    await database.drop();
  });

  beforeEach(() => db.query('TRUNCATE idempotency_keys'));

  /** Stores `count` keys named `prefix-n`, as if stored `daysAgo` days ago. */
  const store = (prefix: string, count: number, daysAgo: number) =>
    db.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body, created_at)
       SELECT 'test', $1 || '-' || n, 'h', 200, '{}', now() - make_interval(days => $2)
       FROM generate_series(1, $3) n`,
      [prefix, daysAgo, count],
    );
  const keys = async () =>
    (await db.query<{ key: string }[]>('SELECT key FROM idempotency_keys ORDER BY key')).map(
      (r) => r.key,
    );

  it('deletes the keys stored more than IDEMPOTENCY_KEY_DAYS ago and keeps the rest', async () => {
    await store('old', 3, 31);
    await store('young', 2, 29);
    const handler = new IdempotencyPruneHandler(db, { IDEMPOTENCY_KEY_DAYS: 30 } as AppConfig);
    expect(await handler.handle()).toEqual({ deleted: 3 });
    expect(await keys()).toEqual(['young-1', 'young-2']);
    expect(await handler.handle()).toEqual({ deleted: 0 });
  });

  it('deletes in chunks until none is left, at most so many chunks a run', async () => {
    await store('old', 7, 40);
    await store('older', 3, 50);
    await store('young', 1, 0);
    const dayAgo = new Date(Date.now() - 86_400_000);
    expect(await pruneIdempotencyKeys(db, dayAgo, { chunk: 2, maxChunks: 2 })).toBe(4);
    expect((await keys()).filter((k) => k.startsWith('older-'))).toEqual([]);
    expect(await pruneIdempotencyKeys(db, dayAgo, { chunk: 2 })).toBe(6);
    expect(await keys()).toEqual(['young-1']);
  });
});
