import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * QC results, the registry outbox, and the indexes the quality reports read.
 *
 * `qc_results` carries copies of the unit's line and model so the yield and defect reports
 * read one table through (line_id, tested_at) without joining units. `attempt` numbers the
 * results of one unit at one stage; the unique key on it is the last guard against two
 * writers recording the same attempt, and also serves lookups by (unit_id, stage).
 */
export class Quality1764000002000 implements MigrationInterface {
  name = 'Quality1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE qc_results (
        id uuid PRIMARY KEY,
        unit_id uuid NOT NULL REFERENCES units(id),
        stage text NOT NULL,
        result text NOT NULL CHECK (result IN ('PASS', 'FAIL')),
        attempt smallint NOT NULL CHECK (attempt > 0),
        first_at_stage boolean GENERATED ALWAYS AS (attempt = 1) STORED,
        defect_codes text[] NOT NULL DEFAULT '{}',
        station text,
        measurements jsonb,
        tested_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        line_id uuid NOT NULL,
        device_model_id uuid NOT NULL,
        actor text NOT NULL,
        user_id uuid,
        station_key_id uuid,
        CHECK (result = 'PASS' OR cardinality(defect_codes) > 0),
        CONSTRAINT qc_results_unit_stage_attempt_key UNIQUE (unit_id, stage, attempt)
      );
      CREATE INDEX qc_results_line_tested_idx ON qc_results (line_id, tested_at);
      CREATE INDEX qc_results_tested_idx ON qc_results (tested_at);

      -- Work in progress by line, stage and status: only the units still on the floor.
      CREATE INDEX units_wip_idx ON units (line_id, next_stage, status)
        WHERE status IN ('ASSEMBLED', 'IN_QC', 'FAILED', 'IN_REWORK', 'ON_HOLD');

      -- What must leave for the registry; written in the transaction that passes the unit.
      CREATE TABLE registry_outbox (
        id bigserial PRIMARY KEY,
        unit_id uuid NOT NULL REFERENCES units(id),
        kind text NOT NULL DEFAULT 'REGISTER',
        created_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        submission_id uuid
      );
      CREATE INDEX registry_outbox_pending_idx ON registry_outbox (id) WHERE claimed_at IS NULL;
      CREATE INDEX registry_outbox_unit_idx ON registry_outbox (unit_id);
      CREATE INDEX registry_outbox_submission_idx ON registry_outbox (submission_id) WHERE submission_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE registry_outbox, qc_results;
      DROP INDEX units_wip_idx;
    `);
  }
}
