import { Client } from 'pg';
import { describePostgresUrl } from '../../libs/database/src/postgres-url';
import { TEST_SERVER_URL } from './test-database';

/** Drops this run's template and any suite database a crashed suite left behind. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env.LT_TEMPLATE_DB;
  if (!template) return;
  const client = new Client({ connectionString: describePostgresUrl(TEST_SERVER_URL).adminUrl });
  await client.connect();
  try {
    const suitePrefix = template.replace(/^lt_tpl_/, 'lt_t_');
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2',
      [template, `${suitePrefix}\\_%`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}
