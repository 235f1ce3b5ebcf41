import { MigrationInterface, QueryRunner } from 'typeorm';
import { ISSUE_UNITS_V1 } from './1764000007000-grouped-unit-recording';

/**
 * Makes issuing units cheaper, most of all a batch (a batch of 5,500 units spent about
 * 1.15 s in PostgreSQL on the benchmark machine, its target is 1 s end to end):
 *
 * - `issue_units` read each unit's IMEIs and actor out of text arrays by position. An
 *   element of a text array is found by walking the array from its start, so a batch cost
 *   time growing with the square of its size: 230 ms of the 5,500-unit batch went on
 *   cutting the IMEI array into pairs. The arrays are now unnested once, in order.
 * - `units` no longer has foreign keys on `device_model_id`, `line_id` and `plant_id`: they
 *   are copies of the unit's work order's model and line and of that line's plant, written
 *   only by `issue_units` from the work order, and the work order's own foreign keys (and
 *   the refusal to change a work order's model or line once it has units) already hold
 *   them. Their checks cost three index lookups per unit, about 160 ms of the batch.
 *   `work_order_id` keeps its foreign key.
 */
export class LeanerUnitIssue1764000011000 implements MigrationInterface {
  name = 'LeanerUnitIssue1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE units DROP CONSTRAINT units_device_model_id_fkey,
                        DROP CONSTRAINT units_line_id_fkey,
                        DROP CONSTRAINT units_plant_id_fkey;

      -- Issues one unit per id in p_ids, in order; p_actors/p_users/p_stations say who
      -- recorded each. Raises LTPOL (pool short, DETAIL = IMEIs left), LTWOR (work order
      -- closed or full) or LTSEQ (daily serial sequence exhausted), writing nothing.
      CREATE OR REPLACE FUNCTION issue_units(
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

        -- uuid[] has fixed-size elements: p_ids[n] is found directly.
        UPDATE imeis SET unit_id = p_ids[(x.ord - 1) / p_per_unit + 1], slot = (x.ord - 1) % p_per_unit + 1, issued_at = p_at
        FROM unnest(v_imei_ids) WITH ORDINALITY AS x(id, ord)
        WHERE imeis.id = x.id;

        INSERT INTO unit_events (unit_id, at, type, to_status, actor, user_id, station_key_id, details)
        SELECT x.id, p_at, 'ASSEMBLED', 'ASSEMBLED', x.actor, x.user_id, x.station_key_id,
               jsonb_build_object('workOrder', p_work_order_number)
        FROM unnest(p_ids, p_actors, p_users, p_stations) AS x(id, actor, user_id, station_key_id);

        RETURN QUERY
          SELECT x.id, p_prefix || lpad((v_last - v_count + x.ord)::text, p_width, '0') || p_suffix, i.imeis
          FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord)
          JOIN (SELECT (o - 1) / p_per_unit + 1 AS ord, array_agg(t ORDER BY o) AS imeis
                FROM unnest(v_imei_texts) WITH ORDINALITY AS u(t, o) GROUP BY 1) i ON i.ord = x.ord
          ORDER BY x.ord;
      END
      $fn$;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${ISSUE_UNITS_V1.replace('CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')}
      ALTER TABLE units ADD CONSTRAINT units_device_model_id_fkey FOREIGN KEY (device_model_id) REFERENCES device_models(id),
                        ADD CONSTRAINT units_line_id_fkey FOREIGN KEY (line_id) REFERENCES lines(id),
                        ADD CONSTRAINT units_plant_id_fkey FOREIGN KEY (plant_id) REFERENCES plants(id);
    `);
  }
}
