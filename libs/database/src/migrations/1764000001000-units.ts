import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units, their identifiers and their history.
 *
 * IMEI pools are materialised: every IMEI a pool can issue is a row in `imeis`, issued by
 * setting `unit_id` inside the transaction that records the unit. A rollback therefore
 * returns the IMEI, `FOR UPDATE SKIP LOCKED` lets parallel requests take different ones,
 * and the unique index on `imei` refuses any overlap between pools.
 */
export class Units1764000001000 implements MigrationInterface {
  name = 'Units1764000001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE plants ADD COLUMN serial_pattern text DEFAULT '{PLANT}{LINE}{YY}{MM}{DD}{SEQ:5}';
      ALTER TABLE work_orders ADD COLUMN issued_count int NOT NULL DEFAULT 0;
      ALTER TABLE work_orders ADD CONSTRAINT work_orders_issued_within_quantity CHECK (issued_count <= quantity);

      CREATE TABLE imei_pools (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pool_order bigserial NOT NULL UNIQUE,
        device_model_id uuid NOT NULL REFERENCES device_models(id),
        kind text NOT NULL CHECK (kind IN ('range', 'list')),
        tac char(8),
        first_serial int CHECK (first_serial BETWEEN 0 AND 999999),
        last_serial int CHECK (last_serial BETWEEN 0 AND 999999),
        size int NOT NULL CHECK (size > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        CHECK (kind = 'list' OR (tac IS NOT NULL AND first_serial <= last_serial))
      );
      CREATE INDEX imei_pools_model_idx ON imei_pools (device_model_id, pool_order);

      CREATE TABLE units (
        id uuid PRIMARY KEY,
        serial_number text NOT NULL,
        work_order_id uuid NOT NULL REFERENCES work_orders(id),
        device_model_id uuid NOT NULL REFERENCES device_models(id),
        line_id uuid NOT NULL REFERENCES lines(id),
        plant_id uuid NOT NULL REFERENCES plants(id),
        status text NOT NULL DEFAULT 'ASSEMBLED' CHECK (status IN
          ('ASSEMBLED','IN_QC','FAILED','IN_REWORK','ON_HOLD','PASSED','PACKED','SHIPPED','SCRAPPED')),
        held_from_status text,
        route_position smallint NOT NULL DEFAULT 0,
        next_stage text,
        registry_status text NOT NULL DEFAULT 'NOT_DUE',
        registry_reason text,
        assembled_at timestamptz NOT NULL,
        assembled_day date NOT NULL,
        passed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX units_serial_number_key ON units (serial_number);
      CREATE INDEX units_work_order_idx ON units (work_order_id);
      CREATE INDEX units_line_assembled_idx ON units (line_id, assembled_at);
      CREATE INDEX units_model_idx ON units (device_model_id, assembled_at);
      CREATE INDEX units_status_idx ON units (status, line_id);
      CREATE INDEX units_assembled_idx ON units (assembled_at);

      CREATE TABLE imeis (
        id bigserial PRIMARY KEY,
        pool_id uuid NOT NULL REFERENCES imei_pools(id),
        device_model_id uuid NOT NULL,
        pool_order bigint NOT NULL,
        seq int NOT NULL,
        imei char(15) NOT NULL,
        unit_id uuid REFERENCES units(id),
        slot smallint,
        issued_at timestamptz,
        CONSTRAINT imeis_imei_key UNIQUE (imei),
        CHECK ((unit_id IS NULL) = (slot IS NULL))
      );
      -- The allocation scan: the lowest free IMEIs of a model, oldest pool first.
      CREATE INDEX imeis_free_idx ON imeis (device_model_id, pool_order, seq) WHERE unit_id IS NULL;
      CREATE INDEX imeis_unit_idx ON imeis (unit_id) WHERE unit_id IS NOT NULL;
      CREATE INDEX imeis_pool_idx ON imeis (pool_id);

      -- One gap-free sequence per line and plant-local day.
      CREATE TABLE serial_counters (
        line_id uuid NOT NULL REFERENCES lines(id),
        local_day date NOT NULL,
        last_seq int NOT NULL,
        PRIMARY KEY (line_id, local_day)
      );

      CREATE TABLE unit_events (
        id bigserial PRIMARY KEY,
        unit_id uuid NOT NULL REFERENCES units(id),
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        from_status text,
        to_status text,
        stage text,
        actor text NOT NULL,
        user_id uuid,
        station_key_id uuid,
        details jsonb
      );
      CREATE INDEX unit_events_unit_idx ON unit_events (unit_id, id);
      CREATE INDEX unit_events_at_idx ON unit_events (at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE unit_events, serial_counters, imeis, units, imei_pools;
      ALTER TABLE work_orders DROP CONSTRAINT work_orders_issued_within_quantity, DROP COLUMN issued_count;
      ALTER TABLE plants DROP COLUMN serial_pattern;
    `);
  }
}
