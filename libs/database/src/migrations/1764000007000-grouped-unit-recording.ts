import { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_UNITS_V1 } from './1764000001000-units';

/** `issue_units` as this migration wrote it; `LeanerUnitIssue1764000011000` replaces it. */
export const ISSUE_UNITS_V1 = `
      -- Issues one unit per id in p_ids, in order; p_actors/p_users/p_stations say who
      -- recorded each. Raises LTPOL (pool short, DETAIL = IMEIs left), LTWOR (work order
      -- closed or full) or LTSEQ (daily serial sequence exhausted), writing nothing.
      CREATE FUNCTION issue_units(
        p_ids uuid[], p_work_order uuid, p_line uuid, p_day date, p_prefix text, p_width int,
        p_suffix text, p_model uuid, p_plant uuid, p_first_stage text, p_at timestamptz,
        p_per_unit int, p_max_seq int, p_actors text[], p_users uuid[], p_stations uuid[],
        p_work_order_number text
      ) RETURNS TABLE (unit_id uuid, serial_number text, imeis text[])
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_count int := cardinality(p_ids);
        v_imei_ids bigint[];
        v_imei_texts text[];
        v_free int;
        v_last int;
      BEGIN
        SELECT array_agg(c.id ORDER BY c.pool_order, c.seq), array_agg(c.imei::text ORDER BY c.pool_order, c.seq)
        INTO v_imei_ids, v_imei_texts
        FROM (SELECT id, imei, pool_order, seq FROM imeis WHERE device_model_id = p_model AND imeis.unit_id IS NULL
              ORDER BY pool_order, seq LIMIT v_count * p_per_unit FOR UPDATE SKIP LOCKED) c;
        IF coalesce(array_length(v_imei_ids, 1), 0) < v_count * p_per_unit THEN
          SELECT count(*) INTO v_free FROM imeis WHERE device_model_id = p_model AND imeis.unit_id IS NULL;
          RAISE EXCEPTION 'imei pool exhausted' USING ERRCODE = 'LTPOL', DETAIL = v_free::text;
        END IF;

        UPDATE work_orders SET issued_count = issued_count + v_count, updated_at = now()
        WHERE id = p_work_order AND status = 'OPEN' AND issued_count + v_count <= quantity;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'work order refused' USING ERRCODE = 'LTWOR';
        END IF;

        INSERT INTO serial_counters AS c (line_id, local_day, last_seq) VALUES (p_line, p_day, v_count)
        ON CONFLICT (line_id, local_day) DO UPDATE SET last_seq = c.last_seq + v_count
        RETURNING last_seq INTO v_last;
        IF v_last > p_max_seq THEN
          RAISE EXCEPTION 'daily serial sequence exhausted' USING ERRCODE = 'LTSEQ';
        END IF;

        INSERT INTO units (id, serial_number, work_order_id, device_model_id, line_id, plant_id,
                           next_stage, assembled_at, assembled_day)
        SELECT x.id, p_prefix || lpad((v_last - v_count + x.ord)::text, p_width, '0') || p_suffix,
               p_work_order, p_model, p_line, p_plant, p_first_stage, p_at, p_day
        FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord);

        UPDATE imeis SET unit_id = p_ids[(x.ord - 1) / p_per_unit + 1], slot = (x.ord - 1) % p_per_unit + 1, issued_at = p_at
        FROM unnest(v_imei_ids) WITH ORDINALITY AS x(id, ord)
        WHERE imeis.id = x.id;

        INSERT INTO unit_events (unit_id, at, type, to_status, actor, user_id, station_key_id, details)
        SELECT x.id, p_at, 'ASSEMBLED', 'ASSEMBLED', p_actors[x.ord], p_users[x.ord], p_stations[x.ord],
               jsonb_build_object('workOrder', p_work_order_number)
        FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord);

        RETURN QUERY
          SELECT x.id, p_prefix || lpad((v_last - v_count + x.ord)::text, p_width, '0') || p_suffix,
                 v_imei_texts[(x.ord - 1) * p_per_unit + 1 : x.ord * p_per_unit]
          FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord) ORDER BY x.ord;
      END
      $fn$;
`;

/**
 * Group commit for units: `record_units_keyed` records one unit for each of several
 * single-unit requests (each with its own idempotency key) of one work order in one
 * statement, so requests arriving together share one transaction and one commit.
 *
 * Both it and `record_units` now call `issue_units`, the one place that claims IMEIs,
 * counts the work order, advances the serial counter and writes the rows.
 */
export class GroupedUnitRecording1764000007000 implements MigrationInterface {
  name = 'GroupedUnitRecording1764000007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ${ISSUE_UNITS_V1}
      -- Same signature and answers as before: one key, count units.
      CREATE OR REPLACE FUNCTION record_units(
        p_key text, p_hash text, p_work_order uuid, p_count int, p_line uuid, p_day date,
        p_prefix text, p_width int, p_suffix text, p_model uuid, p_plant uuid, p_first_stage text,
        p_at timestamptz, p_per_unit int, p_max_seq int, p_actor text, p_user uuid, p_station uuid,
        p_work_order_number text
      ) RETURNS TABLE (unit_id uuid, serial_number text, imeis text[], replayed boolean)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_ids uuid[] := ARRAY(SELECT gen_random_uuid() FROM generate_series(1, p_count));
        v_stored record;
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

        RETURN QUERY
          SELECT i.unit_id, i.serial_number, i.imeis, false
          FROM issue_units(v_ids, p_work_order, p_line, p_day, p_prefix, p_width, p_suffix, p_model, p_plant,
                           p_first_stage, p_at, p_per_unit, p_max_seq, array_fill(p_actor, ARRAY[p_count]),
                           array_fill(p_user, ARRAY[p_count]), array_fill(p_station, ARRAY[p_count]),
                           p_work_order_number) i;
      END
      $fn$;

      -- One unit for each new key of p_keys (distinct), in the order given. Keys already
      -- used are left out of the answer: the caller replays them one by one.
      CREATE FUNCTION record_units_keyed(
        p_keys text[], p_hashes text[], p_actors text[], p_users uuid[], p_stations uuid[],
        p_work_order uuid, p_line uuid, p_day date, p_prefix text, p_width int, p_suffix text,
        p_model uuid, p_plant uuid, p_first_stage text, p_at timestamptz, p_per_unit int,
        p_max_seq int, p_work_order_number text
      ) RETURNS TABLE (idempotency_key text, unit_id uuid, serial_number text, imeis text[])
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_ids uuid[];
        v_keys text[];
        v_ords bigint[];
      BEGIN
        -- Claimed in key order, as every multi-key claim is, so two groups cannot deadlock.
        WITH claimed AS (
          INSERT INTO idempotency_keys AS k (scope, key, request_hash, response_status, response_body)
          SELECT 'units', r.key, r.hash, 201, jsonb_build_array(gen_random_uuid())
          FROM unnest(p_keys, p_hashes) AS r(key, hash) ORDER BY r.key
          ON CONFLICT DO NOTHING
          RETURNING k.key, (k.response_body ->> 0)::uuid AS id
        )
        SELECT array_agg(c.id ORDER BY g.ord), array_agg(c.key ORDER BY g.ord), array_agg(g.ord ORDER BY g.ord)
        INTO v_ids, v_keys, v_ords
        FROM claimed c JOIN unnest(p_keys) WITH ORDINALITY AS g(key, ord) ON g.key = c.key;
        IF v_ids IS NULL THEN
          RETURN;
        END IF;

        RETURN QUERY
          SELECT g.key, i.unit_id, i.serial_number, i.imeis
          FROM issue_units(v_ids, p_work_order, p_line, p_day, p_prefix, p_width, p_suffix, p_model, p_plant,
                           p_first_stage, p_at, p_per_unit, p_max_seq,
                           ARRAY(SELECT p_actors[o] FROM unnest(v_ords) AS o),
                           ARRAY(SELECT p_users[o] FROM unnest(v_ords) AS o),
                           ARRAY(SELECT p_stations[o] FROM unnest(v_ords) AS o),
                           p_work_order_number) i
          JOIN unnest(v_ids, v_keys) AS g(id, key) ON g.id = i.unit_id;
      END
      $fn$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP FUNCTION record_units_keyed;
      DROP FUNCTION record_units;
      DROP FUNCTION issue_units;
      ${RECORD_UNITS_V1}
    `);
  }
}
