import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes the output reports read through: each report reads one plant-local window by
 * line and time, so its cost follows the size of the window, not of the history.
 */
export class Reporting1764000005000 implements MigrationInterface {
  name = 'Reporting1764000005000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX units_line_passed_idx ON units (line_id, passed_at) INCLUDE (registry_status)
        WHERE passed_at IS NOT NULL;
      -- Covering: a day of a line's QC results is read from the index alone.
      DROP INDEX qc_results_line_tested_idx;
      CREATE INDEX qc_results_line_tested_idx ON qc_results (line_id, tested_at) INCLUDE (stage, attempt, result);
      CREATE INDEX qc_results_line_failed_idx ON qc_results (line_id, tested_at) INCLUDE (defect_codes)
        WHERE result = 'FAIL';
      CREATE INDEX unit_events_disposition_idx ON unit_events (at)
        WHERE to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX unit_events_disposition_idx, units_line_passed_idx, qc_results_line_failed_idx, qc_results_line_tested_idx;
      CREATE INDEX qc_results_line_tested_idx ON qc_results (line_id, tested_at);
    `);
  }
}
