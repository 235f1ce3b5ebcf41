import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Counts the output reports read, kept per line and UTC time bucket so a day's report reads
 * a few thousand rows, not the day's units, results and events (tens of thousands).
 *
 * - `line_minute_counts`: units assembled and passed, packed (less unpacked), shipped and
 *   scrapped, per line and minute. A minute fits any shift boundary.
 * - `line_first_try_counts`: first tries and first passes per line, stage and quarter hour.
 *   Every plant-local midnight in use today falls on a quarter hour.
 *
 * Writers never touch these tables. Triggers add each change to a delta table instead,
 * insert-only, so concurrent writers never wait on one another's counts: once per statement
 * for inserts, and per row for the rare update or delete of a counted column (corrections,
 * fixtures). The `report-rollup` worker job moves the deltas into the counts, and a report
 * reads counts and deltas together in one statement, so it is exact whether or not the
 * job has run.
 */
export class ReportRollups1764000009000 implements MigrationInterface {
  name = 'ReportRollups1764000009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION report_minute(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT date_bin('1 minute', at, timestamptz '2000-01-01 00:00:00+00') $$;
      CREATE FUNCTION report_quarter(at timestamptz) RETURNS timestamptz LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT date_bin('15 minutes', at, timestamptz '2000-01-01 00:00:00+00') $$;
      -- What one event adds to its line's packed count: a pack 1, an unpack (back to PASSED) -1.
      CREATE FUNCTION report_packed_change(from_status text, to_status text) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT CASE WHEN to_status = 'PACKED' THEN 1 WHEN from_status = 'PACKED' AND to_status = 'PASSED' THEN -1 ELSE 0 END $$;

      CREATE TABLE line_minute_counts (
        line_id uuid NOT NULL,
        minute timestamptz NOT NULL,
        assembled int NOT NULL DEFAULT 0,
        passed int NOT NULL DEFAULT 0,
        packed int NOT NULL DEFAULT 0,
        shipped int NOT NULL DEFAULT 0,
        scrapped int NOT NULL DEFAULT 0,
        PRIMARY KEY (line_id, minute)
      );
      CREATE TABLE line_minute_count_deltas (LIKE line_minute_counts INCLUDING DEFAULTS);
      CREATE INDEX line_minute_count_deltas_idx ON line_minute_count_deltas (line_id, minute);

      CREATE TABLE line_first_try_counts (
        line_id uuid NOT NULL,
        quarter timestamptz NOT NULL,
        stage text NOT NULL,
        tested int NOT NULL DEFAULT 0,
        passed int NOT NULL DEFAULT 0,
        PRIMARY KEY (line_id, quarter, stage)
      );
      CREATE TABLE line_first_try_count_deltas (LIKE line_first_try_counts INCLUDING DEFAULTS);
      CREATE INDEX line_first_try_count_deltas_idx ON line_first_try_count_deltas (line_id, quarter);

      -- Units: assembled and passed.
      CREATE FUNCTION count_units_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_minute_count_deltas (line_id, minute, assembled, passed)
        SELECT line_id, minute, sum(assembled), sum(passed)
        FROM (SELECT line_id, report_minute(assembled_at) AS minute, 1 AS assembled, 0 AS passed FROM new_units
              UNION ALL
              SELECT line_id, report_minute(passed_at), 0, 1 FROM new_units WHERE passed_at IS NOT NULL) c
        GROUP BY 1, 2;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER units_counted AFTER INSERT ON units REFERENCING NEW TABLE AS new_units
        FOR EACH STATEMENT EXECUTE FUNCTION count_units_inserted();

      CREATE FUNCTION count_unit_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_minute_count_deltas (line_id, minute, assembled, passed)
        SELECT line_id, minute, sum(assembled), sum(passed)
        FROM (VALUES (OLD.line_id, report_minute(OLD.assembled_at), -1, 0),
                     (OLD.line_id, report_minute(OLD.passed_at), 0, -1),
                     (NEW.line_id, report_minute(NEW.assembled_at), 1, 0),
                     (NEW.line_id, report_minute(NEW.passed_at), 0, 1)) c(line_id, minute, assembled, passed)
        WHERE line_id IS NOT NULL AND minute IS NOT NULL
        GROUP BY 1, 2 HAVING sum(assembled) <> 0 OR sum(passed) <> 0;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER units_recounted AFTER UPDATE ON units FOR EACH ROW
        WHEN ((OLD.line_id, OLD.assembled_at, OLD.passed_at) IS DISTINCT FROM (NEW.line_id, NEW.assembled_at, NEW.passed_at))
        EXECUTE FUNCTION count_unit_changed();
      CREATE TRIGGER units_uncounted AFTER DELETE ON units FOR EACH ROW EXECUTE FUNCTION count_unit_changed();

      -- Unit events: packed (less unpacked), shipped, scrapped. Only these events carry a line.
      CREATE FUNCTION count_unit_events_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_minute_count_deltas (line_id, minute, packed, shipped, scrapped)
        SELECT line_id, report_minute(at),
               sum(report_packed_change(from_status, to_status)),
               count(*) FILTER (WHERE to_status = 'SHIPPED'),
               count(*) FILTER (WHERE to_status = 'SCRAPPED')
        FROM new_events
        WHERE line_id IS NOT NULL AND (to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED')
        GROUP BY 1, 2;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER unit_events_counted AFTER INSERT ON unit_events REFERENCING NEW TABLE AS new_events
        FOR EACH STATEMENT EXECUTE FUNCTION count_unit_events_inserted();

      CREATE FUNCTION count_unit_event_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_minute_count_deltas (line_id, minute, packed, shipped, scrapped)
        SELECT line_id, report_minute(at),
               sum(sign * report_packed_change(from_status, to_status)),
               sum(sign * CASE WHEN to_status = 'SHIPPED' THEN 1 ELSE 0 END),
               sum(sign * CASE WHEN to_status = 'SCRAPPED' THEN 1 ELSE 0 END)
        FROM (VALUES (-1, OLD.line_id, OLD.at, OLD.from_status, OLD.to_status),
                     (1, NEW.line_id, NEW.at, NEW.from_status, NEW.to_status)) e(sign, line_id, at, from_status, to_status)
        WHERE line_id IS NOT NULL AND (to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED')
        GROUP BY 1, 2;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER unit_events_recounted AFTER UPDATE ON unit_events FOR EACH ROW
        WHEN ((OLD.line_id, OLD.at, OLD.from_status, OLD.to_status) IS DISTINCT FROM (NEW.line_id, NEW.at, NEW.from_status, NEW.to_status))
        EXECUTE FUNCTION count_unit_event_changed();
      CREATE TRIGGER unit_events_uncounted AFTER DELETE ON unit_events FOR EACH ROW EXECUTE FUNCTION count_unit_event_changed();

      -- QC results: first tries and first passes per stage.
      CREATE FUNCTION count_qc_results_inserted() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_first_try_count_deltas (line_id, quarter, stage, tested, passed)
        SELECT line_id, report_quarter(tested_at), stage, count(*), count(*) FILTER (WHERE result = 'PASS')
        FROM new_results WHERE attempt = 1
        GROUP BY 1, 2, 3;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER qc_results_counted AFTER INSERT ON qc_results REFERENCING NEW TABLE AS new_results
        FOR EACH STATEMENT EXECUTE FUNCTION count_qc_results_inserted();

      CREATE FUNCTION count_qc_result_changed() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO line_first_try_count_deltas (line_id, quarter, stage, tested, passed)
        SELECT line_id, report_quarter(tested_at), stage, sum(sign), sum(CASE WHEN result = 'PASS' THEN sign ELSE 0 END)
        FROM (VALUES (-1, OLD.line_id, OLD.tested_at, OLD.stage, OLD.attempt, OLD.result),
                     (1, NEW.line_id, NEW.tested_at, NEW.stage, NEW.attempt, NEW.result)) r(sign, line_id, tested_at, stage, attempt, result)
        WHERE line_id IS NOT NULL AND attempt = 1
        GROUP BY 1, 2, 3;
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER qc_results_recounted AFTER UPDATE ON qc_results FOR EACH ROW
        WHEN ((OLD.line_id, OLD.tested_at, OLD.stage, OLD.attempt, OLD.result) IS DISTINCT FROM (NEW.line_id, NEW.tested_at, NEW.stage, NEW.attempt, NEW.result))
        EXECUTE FUNCTION count_qc_result_changed();
      CREATE TRIGGER qc_results_uncounted AFTER DELETE ON qc_results FOR EACH ROW EXECUTE FUNCTION count_qc_result_changed();

      -- Moves the deltas into the counts; a second caller at the same time returns at once.
      CREATE FUNCTION roll_up_report_counts() RETURNS int LANGUAGE plpgsql AS $fn$
      DECLARE
        moved int := 0;
        n int;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('roll_up_report_counts')) THEN
          RETURN 0;
        END IF;
        WITH d AS (DELETE FROM line_minute_count_deltas RETURNING *)
        INSERT INTO line_minute_counts AS c (line_id, minute, assembled, passed, packed, shipped, scrapped)
        SELECT line_id, minute, sum(assembled), sum(passed), sum(packed), sum(shipped), sum(scrapped)
        FROM d GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (line_id, minute) DO UPDATE SET
          assembled = c.assembled + excluded.assembled, passed = c.passed + excluded.passed,
          packed = c.packed + excluded.packed, shipped = c.shipped + excluded.shipped,
          scrapped = c.scrapped + excluded.scrapped;
        GET DIAGNOSTICS n = ROW_COUNT;
        moved := moved + n;
        WITH d AS (DELETE FROM line_first_try_count_deltas RETURNING *)
        INSERT INTO line_first_try_counts AS c (line_id, quarter, stage, tested, passed)
        SELECT line_id, quarter, stage, sum(tested), sum(passed)
        FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (line_id, quarter, stage) DO UPDATE SET
          tested = c.tested + excluded.tested, passed = c.passed + excluded.passed;
        GET DIAGNOSTICS n = ROW_COUNT;
        RETURN moved + n;
      END
      $fn$;
    `);
    await this.countHistory(q);
    // The report read this day by day; the counts replace it. The events keep their line.
    await q.query('DROP INDEX unit_events_disposition_idx');
  }

  /** The counts of everything recorded before this migration, set-based. */
  private async countHistory(q: QueryRunner): Promise<void> {
    await q.query(`SET LOCAL work_mem = '256MB'`);
    await q.query(`
      INSERT INTO line_minute_counts (line_id, minute, assembled, passed, packed, shipped, scrapped)
      SELECT line_id, minute, sum(assembled), sum(passed), sum(packed), sum(shipped), sum(scrapped)
      FROM (
        SELECT line_id, report_minute(assembled_at) AS minute, count(*) AS assembled, 0 AS passed,
               0 AS packed, 0 AS shipped, 0 AS scrapped
        FROM units GROUP BY 1, 2
        UNION ALL
        SELECT line_id, report_minute(passed_at), 0, count(*), 0, 0, 0
        FROM units WHERE passed_at IS NOT NULL GROUP BY 1, 2
        UNION ALL
        SELECT line_id, report_minute(at), 0, 0,
               sum(report_packed_change(from_status, to_status)),
               count(*) FILTER (WHERE to_status = 'SHIPPED'),
               count(*) FILTER (WHERE to_status = 'SCRAPPED')
        FROM unit_events
        WHERE line_id IS NOT NULL AND (to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED')
        GROUP BY 1, 2
      ) c
      GROUP BY 1, 2
      ORDER BY 1, 2; -- a line's day on a few pages, as the roll-up job lays it out

      INSERT INTO line_first_try_counts (line_id, quarter, stage, tested, passed)
      SELECT line_id, report_quarter(tested_at), stage, count(*), count(*) FILTER (WHERE result = 'PASS')
      FROM qc_results WHERE attempt = 1
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER qc_results_uncounted ON qc_results;
      DROP TRIGGER qc_results_recounted ON qc_results;
      DROP TRIGGER qc_results_counted ON qc_results;
      DROP TRIGGER unit_events_uncounted ON unit_events;
      DROP TRIGGER unit_events_recounted ON unit_events;
      DROP TRIGGER unit_events_counted ON unit_events;
      DROP TRIGGER units_uncounted ON units;
      DROP TRIGGER units_recounted ON units;
      DROP TRIGGER units_counted ON units;
      DROP FUNCTION roll_up_report_counts, count_qc_result_changed, count_qc_results_inserted,
        count_unit_event_changed, count_unit_events_inserted, count_unit_changed, count_units_inserted;
      DROP TABLE line_first_try_count_deltas, line_first_try_counts, line_minute_count_deltas, line_minute_counts;
      DROP FUNCTION report_packed_change, report_quarter, report_minute;
      CREATE INDEX unit_events_disposition_idx ON unit_events (line_id, at) INCLUDE (from_status, to_status)
        WHERE to_status IN ('PACKED', 'SHIPPED', 'SCRAPPED') OR from_status = 'PACKED';
    `);
  }
}
