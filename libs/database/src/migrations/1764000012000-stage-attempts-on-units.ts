import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A unit keeps how many results it has at its next stage, so recording a result reads the
 * attempt number off the row it locks, instead of counting the unit's results (a fifth of
 * the database's work for a batch of results). Only the next stage matters: a result must be
 * for it, a pass moves the unit to a stage it has never been at, and a fail keeps it there.
 */
export class StageAttemptsOnUnits1764000012000 implements MigrationInterface {
  name = 'StageAttemptsOnUnits1764000012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE units ADD COLUMN stage_attempts smallint NOT NULL DEFAULT 0 CHECK (stage_attempts >= 0);

      UPDATE units u SET stage_attempts = a.n
      FROM (SELECT r.unit_id, max(r.attempt) AS n
            FROM qc_results r JOIN units x ON x.id = r.unit_id
            JOIN device_models m ON m.id = x.device_model_id
            WHERE r.stage = coalesce(x.next_stage, m.route[x.route_position + 1])
            GROUP BY r.unit_id) a
      WHERE u.id = a.unit_id;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE units DROP COLUMN stage_attempts');
  }
}
