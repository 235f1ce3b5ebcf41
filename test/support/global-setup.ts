import { ensureDatabase } from '../../libs/database/src/ensure-database';
import { withDatabase } from '../../libs/database/src/postgres-url';
import { runMigrations } from '../../libs/database/src/run-migrations';
import { TEST_SERVER_URL } from './test-database';

/** Migrates one template database per test run; every suite copies it. */
export default async function globalSetup(): Promise<void> {
  const name = `lt_tpl_${Date.now().toString(36)}_${process.pid}`;
  const url = withDatabase(TEST_SERVER_URL, name);
  await ensureDatabase(url);
  await runMigrations(url);
  process.env.LT_TEMPLATE_DB = name;
}
