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

      -- Units still on the floor (units_wip_idx) are the only ones that take results; each
      -- looks up its results at the stage due in qc_results (unit_id, stage, attempt).
      UPDATE units u SET stage_attempts = a.n
      FROM (SELECT x.id,
                   (SELECT max(r.attempt) FROM qc_results r
                    WHERE r.unit_id = x.id AND r.stage = coalesce(x.next_stage, m.route[x.route_position + 1])) AS n
            FROM units x JOIN device_models m ON m.id = x.device_model_id
            WHERE x.status IN ('ASSEMBLED', 'IN_QC', 'FAILED', 'IN_REWORK', 'ON_HOLD')) a
      WHERE u.id = a.id AND a.n IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE units DROP COLUMN stage_attempts');
  }
}
