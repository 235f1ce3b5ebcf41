// Relative imports: jest runs globalSetup outside its module mapper.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describePostgresUrl, withDatabase } from '../../libs/database/src/postgres-url';

/** The server the tests use; the database part is replaced per suite. */
export const TEST_SERVER_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function templateDatabaseName(): string {
  const name = process.env.LT_TEMPLATE_DB;
  if (!name)
    throw new Error(
      'LT_TEMPLATE_DB is not set: run the suites through jest (globalSetup makes it)',
    );
  return name;
}

export async function adminQuery(sql: string, params: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: describePostgresUrl(TEST_SERVER_URL).adminUrl });
  await client.connect();
  try {
    await client.query(sql, params);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite, copied from the migrated template in milliseconds.
 * Each suite gets its own, so suites can run in any order and in parallel.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = templateDatabaseName();
  const name = `${template.replace(/^lt_tpl_/, 'lt_t_')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(TEST_SERVER_URL, name);
  return {
    url,
    name,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}
