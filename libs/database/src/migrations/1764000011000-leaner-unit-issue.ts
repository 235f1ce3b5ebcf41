import { MigrationInterface, QueryRunner } from 'typeorm';
import { ISSUE_UNITS_V1 } from './1764000007000-grouped-unit-recording';

/** `text` with `from`, which must occur exactly once, replaced by `to`. */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected once: ${from}`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/**
 * `issue_units` with its two positional reads of text arrays replaced by unnests, and the
 * work order's model and line checked against the caller's (a copy up to 2 s old).
 */
export const ISSUE_UNITS_V2 = [
  ['CREATE FUNCTION issue_units', 'CREATE OR REPLACE FUNCTION issue_units'],
  [
    `WHERE id = p_work_order AND status = 'OPEN' AND issued_count + v_count <= quantity;`,
    `WHERE id = p_work_order AND status = 'OPEN' AND issued_count + v_count <= quantity
          AND device_model_id = p_model AND line_id = p_line;`,
  ],
  [
    `SELECT x.id, p_at, 'ASSEMBLED', 'ASSEMBLED', p_actors[x.ord], p_users[x.ord], p_stations[x.ord],
               jsonb_build_object('workOrder', p_work_order_number)
        FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord);`,
    `SELECT x.id, p_at, 'ASSEMBLED', 'ASSEMBLED', x.actor, x.user_id, x.station_key_id,
               jsonb_build_object('workOrder', p_work_order_number)
        FROM unnest(p_ids, p_actors, p_users, p_stations) AS x(id, actor, user_id, station_key_id);`,
  ],
  [
    `SELECT x.id, p_prefix || lpad((v_last - v_count + x.ord)::text, p_width, '0') || p_suffix,
                 v_imei_texts[(x.ord - 1) * p_per_unit + 1 : x.ord * p_per_unit]
          FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord) ORDER BY x.ord;`,
    `SELECT x.id, p_prefix || lpad((v_last - v_count + x.ord)::text, p_width, '0') || p_suffix, i.imeis
          FROM unnest(p_ids) WITH ORDINALITY AS x(id, ord)
          JOIN (SELECT (o - 1) / p_per_unit + 1 AS ord, array_agg(t ORDER BY o) AS imeis
                FROM unnest(v_imei_texts) WITH ORDINALITY AS u(t, o) GROUP BY 1) i ON i.ord = x.ord
          ORDER BY x.ord;`,
  ],
].reduce((text, [from, to]) => replaceOnce(text, from, to), ISSUE_UNITS_V1);

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
 *   `work_order_id` keeps its foreign key. The caller passes the work order's model and
 *   line from a copy up to 2 s old, so `issue_units` now refuses (LTWOR) when the work
 *   order no longer has them: a unit's model and line are always its work order's.
 */
export class LeanerUnitIssue1764000011000 implements MigrationInterface {
  name = 'LeanerUnitIssue1764000011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE units DROP CONSTRAINT units_device_model_id_fkey,
                        DROP CONSTRAINT units_line_id_fkey,
                        DROP CONSTRAINT units_plant_id_fkey;

      ${ISSUE_UNITS_V2}
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ${replaceOnce(ISSUE_UNITS_V1, 'CREATE FUNCTION', 'CREATE OR REPLACE FUNCTION')}
      ALTER TABLE units ADD CONSTRAINT units_device_model_id_fkey FOREIGN KEY (device_model_id) REFERENCES device_models(id),
                        ADD CONSTRAINT units_line_id_fkey FOREIGN KEY (line_id) REFERENCES lines(id),
                        ADD CONSTRAINT units_plant_id_fkey FOREIGN KEY (plant_id) REFERENCES plants(id);
    `);
  }
}
