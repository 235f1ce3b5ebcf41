import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry push: submissions (one registry request each), the units in them, and a
 * log of every call made to the registry with its answer.
 *
 * `registry_submission_units.outcome` is NULL while the unit's submission is unresolved;
 * the partial unique index on unit_id then guarantees that a unit (so an IMEI) is in at
 * most one live submission of ours, whatever the relay or an administrator does.
 */
export class Registry1764000003000 implements MigrationInterface {
  name = 'Registry1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE device_models ADD COLUMN operating_system text;

      ALTER TABLE registry_outbox ADD CONSTRAINT registry_outbox_kind_check CHECK (kind IN ('REGISTER', 'DEREGISTER'));

      CREATE TABLE registry_submissions (
        id uuid PRIMARY KEY,
        device_model_id uuid NOT NULL REFERENCES device_models(id),
        kind text NOT NULL CHECK (kind IN ('REGISTER', 'DEREGISTER')),
        state text NOT NULL CHECK (state IN
          ('QUEUED', 'CREATING', 'CREATED', 'DEVICE_SENT', 'APPROVED', 'REJECTED', 'CLOSED', 'CANCELLED', 'FAILED')),
        file_name text NOT NULL CHECK (length(file_name) <= 30),
        device_count int NOT NULL,
        parent_id uuid REFERENCES registry_submissions(id),
        reg_id bigint,
        tracking_id text,
        registry_status text,
        create_started_at timestamptz,
        device_sent_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        failures_in_a_row int NOT NULL DEFAULT 0,
        last_error text,
        lease_owner text,
        lease_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        CONSTRAINT registry_submissions_file_name_key UNIQUE (file_name)
      );
      CREATE INDEX registry_submissions_live_idx ON registry_submissions (updated_at)
        WHERE state IN ('QUEUED', 'CREATING', 'CREATED', 'DEVICE_SENT');
      CREATE INDEX registry_submissions_created_idx ON registry_submissions (created_at DESC);
      CREATE INDEX registry_submissions_reg_idx ON registry_submissions (reg_id) WHERE reg_id IS NOT NULL;

      CREATE TABLE registry_submission_units (
        submission_id uuid NOT NULL REFERENCES registry_submissions(id),
        unit_id uuid NOT NULL REFERENCES units(id),
        outcome text CHECK (outcome IN ('REGISTERED', 'REJECTED', 'DEREGISTERED', 'REQUEUED', 'RELEASED')),
        reason text,
        resolved_at timestamptz,
        PRIMARY KEY (submission_id, unit_id)
      );
      CREATE UNIQUE INDEX registry_submission_units_live_key ON registry_submission_units (unit_id) WHERE outcome IS NULL;
      CREATE INDEX registry_submission_units_unit_idx ON registry_submission_units (unit_id);
      CREATE INDEX registry_submission_units_resolved_idx ON registry_submission_units (resolved_at) WHERE resolved_at IS NOT NULL;

      CREATE TABLE registry_submission_steps (
        id bigserial PRIMARY KEY,
        submission_id uuid NOT NULL REFERENCES registry_submissions(id),
        at timestamptz NOT NULL DEFAULT now(),
        step text NOT NULL,
        outcome text NOT NULL,
        http_status int,
        detail jsonb
      );
      CREATE INDEX registry_submission_steps_submission_idx ON registry_submission_steps (submission_id, id);

      -- The backlog: what is due or on its way, oldest first.
      CREATE INDEX units_registry_backlog_idx ON units (passed_at) WHERE registry_status IN ('PENDING', 'SUBMITTED');
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX units_registry_backlog_idx;
      DROP TABLE registry_submission_steps, registry_submission_units, registry_submissions;
      ALTER TABLE registry_outbox DROP CONSTRAINT registry_outbox_kind_check;
      ALTER TABLE device_models DROP COLUMN operating_system;
    `);
  }
}
