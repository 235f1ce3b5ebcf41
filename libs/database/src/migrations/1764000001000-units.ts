import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Units, their identifiers and their history.
 *
 * IMEI pools are materialised: every IMEI a pool can issue is a row in `imeis`, issued by
 * setting `unit_id` inside the transaction that records the unit. A rollback therefore
 * returns the IMEI, `FOR UPDATE SKIP LOCKED` lets parallel requests take different ones,
 * and the unique index on `imei` refuses any overlap between pools.
 */
/** `record_units` as first written; 1764000007000 splits it around `issue_units`. */
export const RECORD_UNITS_V1 = `
      -- Records count units of one work order in one statement. Called outside an explicit
      -- transaction, so the statement is the transaction: the two shared counter rows (the
      -- work order and the line's daily serial counter) are locked only while this function
      -- runs and commits, never while a client round trip is in flight.
      CREATE FUNCTION record_units(
        p_key text, p_hash text, p_work_order uuid, p_count int, p_line uuid, p_day date,
        p_prefix text, p_width int, p_suffix text, p_model uuid, p_plant uuid, p_first_stage text,
        p_at timestamptz, p_per_unit int, p_max_seq int, p_actor text, p_user uuid, p_station uuid,
        p_work_order_number text
      ) RETURNS TABLE (unit_id uuid, serial_number text, imeis text[], replayed boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_ids uuid[] := ARRAY(SELECT gen_random_uuid() FROM generate_series(1, p_count));
        v_stored record;
        v_imei_ids bigint[];
        v_imei_texts text[];
        v_free int;
        v_last int;
      BEGIN
        INSERT INTO idempotency_keys (scope, key, request_hash, response_status, response_body)
        VALUES ('units', p_key, p_hash, 201, to_jsonb(v_ids))
        ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN
          SELECT request_hash, response_body INTO v_stored FROM idempotency_keys WHERE scope = 'units' AND key = p_key;
          IF v_stored.request_hash <> p_hash THEN
            RAISE EXCEPTION 'idempotency key reused' USING ERRCODE = 'LT409';
          END IF;
          RETURN QUERY
            SELECT u.id, u.serial_number,
                   ARRAY(SELECT i.imei::text FROM imeis i WHERE i.unit_id = u.id ORDER BY i.slot), true
            FROM jsonb_array_elements_text(v_stored.response_body) WITH ORDINALITY AS x(id, ord)
            JOIN units u ON u.id = x.id::uuid ORDER BY x.ord;
          RETURN;
        END IF;

        SELECT array_agg(c.id ORDER BY c.pool_order, c.seq), array_agg(c.imei::text ORDER BY c.pool_order, c.seq)
        INTO v_imei_ids, v_imei_texts
        FROM (SELECT id, imei, pool_order, seq FROM imeis WHERE device_model_id = p_model AND imeis.unit_id IS NULL
              ORDER BY pool_order, seq LIMIT p_count * p_per_unit FOR UPDATE SKIP LOCKED) c;
        IF coalesce(array_length(v_imei_ids, 1), 0) < p_count * p_per_unit THEN
          SELECT count(*) INTO v_free FROM imeis WHERE device_model_id = p_model AND imeis.unit_id IS NULL;
          RAISE EXCEPTION 'imei pool exhausted' USING ERRCODE = 'LTPOL', DETAIL = v_free::text;
        END IF;

        UPDATE work_orders SET issued_count = issued_count + p_count, updated_at = now()
        WHERE id = p_work_order AND status = 'OPEN' AND issued_count + p_count <= quantity;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'work order refused' USING ERRCODE = 'LTWOR';
        END IF;

        INSERT INTO serial_counters AS c (line_id, local_day, last_seq) VALUES (p_line, p_day, p_count)
        ON CONFLICT (line_id, local_day) DO UPDATE SET last_seq = c.last_seq + p_count
        RETURNING last_seq INTO v_last;
        IF v_last > p_max_seq THEN
          RAISE EXCEPTION 'daily serial sequence exhausted' USING ERRCODE = 'LTSEQ';
        END IF;

        INSERT INTO units (id, serial_number, work_order_id, device_model_id, line_id, plant_id,
                           next_stage, assembled_at, assembled_day)
        SELECT x.id, p_prefix || lpad((v_last - p_count + x.ord)::text, p_width, '0') || p_suffix,
               p_work_order, p_model, p_line, p_plant, p_first_stage, p_at, p_day
        FROM unnest(v_ids) WITH ORDINALITY AS x(id, ord);

        UPDATE imeis SET unit_id = v_ids[(x.ord - 1) / p_per_unit + 1], slot = (x.ord - 1) % p_per_unit + 1, issued_at = p_at
        FROM unnest(v_imei_ids) WITH ORDINALITY AS x(id, ord)
        WHERE imeis.id = x.id;

        INSERT INTO unit_events (unit_id, at, type, to_status, actor, user_id, station_key_id, details)
        SELECT x.id, p_at, 'ASSEMBLED', 'ASSEMBLED', p_actor, p_user, p_station,
               jsonb_build_object('workOrder', p_work_order_number)
        FROM unnest(v_ids) AS x(id);

        RETURN QUERY
          SELECT x.id, p_prefix || lpad((v_last - p_count + x.ord)::text, p_width, '0') || p_suffix,
                 v_imei_texts[(x.ord - 1) * p_per_unit + 1 : x.ord * p_per_unit],
                 false
          FROM unnest(v_ids) WITH ORDINALITY AS x(id, ord) ORDER BY x.ord;
      END
      $fn$;
`;

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

      ${RECORD_UNITS_V1}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION record_units;
      DROP TABLE unit_events, serial_counters, imeis, units, imei_pools;
      ALTER TABLE work_orders DROP CONSTRAINT work_orders_issued_within_quantity, DROP COLUMN issued_count;
      ALTER TABLE plants DROP COLUMN serial_pattern;
    `);
  }
}
