import { Client } from 'pg';

/** Any fixed number, distinct from the main app's migration lock. */
const SCHEMA_LOCK = 727_100_042;

/**
 * Ordered, append-only steps; each runs once per schema, recorded in sim_migrations.
 * Table and column names follow DRS (reg_details, reg_device, approvedimeis as approved_imeis).
 */
const STEPS: { name: string; sql: string }[] = [
  {
    name: '001-initial',
    sql: `
CREATE TABLE reg_details (
  id serial PRIMARY KEY,
  tracking_id uuid NOT NULL UNIQUE,
  user_id text NOT NULL,
  user_name text NOT NULL,
  device_count integer NOT NULL,
  imei_per_device integer NOT NULL,
  m_location text NOT NULL,
  file varchar(30),
  imeis text,
  msisdn text,
  network text,
  status_label text NOT NULL DEFAULT 'New Request',
  processing_status_label text NOT NULL DEFAULT 'New Request',
  report_status_label text NOT NULL DEFAULT 'New Request',
  report text,
  report_allowed boolean NOT NULL DEFAULT false,
  duplicate_imeis text[],
  duplicate_imeis_file text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX reg_details_status_idx ON reg_details (status_label, processing_status_label, report_status_label);
CREATE TABLE reg_imeis (
  reg_id integer NOT NULL REFERENCES reg_details(id),
  row_no integer NOT NULL,
  col_no integer NOT NULL,
  imei text NOT NULL,
  PRIMARY KEY (reg_id, row_no, col_no)
);
CREATE INDEX reg_imeis_norm_idx ON reg_imeis (left(imei, 14));
CREATE TABLE reg_device (
  id serial PRIMARY KEY,
  reg_details_id integer NOT NULL UNIQUE REFERENCES reg_details(id),
  brand text NOT NULL,
  model_name text NOT NULL,
  model_num text NOT NULL,
  operating_system text NOT NULL,
  device_type text NOT NULL,
  technologies text[] NOT NULL
);
CREATE TABLE approved_imeis (
  imei_norm varchar(16) PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('pending', 'whitelist', 'removed')),
  request_id integer NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE dereg_details (
  id serial PRIMARY KEY,
  tracking_id uuid NOT NULL UNIQUE,
  user_id text NOT NULL,
  user_name text NOT NULL,
  device_count integer NOT NULL,
  reason text NOT NULL,
  file varchar(30),
  status_label text NOT NULL DEFAULT 'New Request',
  processing_status_label text NOT NULL DEFAULT 'New Request',
  report_status_label text NOT NULL DEFAULT 'New Request',
  report text,
  report_allowed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE TABLE dereg_imeis (
  dereg_id integer NOT NULL REFERENCES dereg_details(id),
  line_no integer NOT NULL,
  imei text NOT NULL,
  PRIMARY KEY (dereg_id, line_no)
);
CREATE TABLE dereg_devices (
  id serial PRIMARY KEY,
  dereg_id integer NOT NULL REFERENCES dereg_details(id),
  tac text NOT NULL,
  model_name text NOT NULL,
  brand_name text NOT NULL,
  model_num text NOT NULL,
  technology text NOT NULL,
  device_type text NOT NULL,
  count integer NOT NULL,
  operating_system text NOT NULL
);
CREATE TABLE tacs (
  tac char(8) PRIMARY KEY,
  brand_name text,
  model_name text,
  simslot text,
  marketing_name text,
  internal_model_name text,
  operating_system text,
  device_type text,
  radio_interface text
);`,
  },
];

/** Creates the schema and applies missing steps; the advisory lock makes concurrent starts safe. */
export async function migrateSimSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10000 });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(`SET search_path TO "${schema}"`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS sim_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ name: string }>('SELECT name FROM sim_migrations')).rows.map(
        (r) => r.name,
      ),
    );
    for (const step of STEPS) {
      if (done.has(step.name)) continue;
      await client.query('BEGIN');
      try {
        await client.query(step.sql);
        await client.query('INSERT INTO sim_migrations (name) VALUES ($1)', [step.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK]).catch(() => undefined);
    await client.end();
  }
}
