/**
 * The per-stage counts of docs/quality-formulas.md as SQL select columns, over
 * `qc_results q JOIN device_models m ON m.id = q.device_model_id`, grouped by at least
 * `q.stage`. Shared by the yield report and the output reports so both count alike.
 */
export const STAGE_COUNT_COLUMNS = `q.stage,
  coalesce(min(array_position(m.route, q.stage)) - 1, 32767)::int AS position,
  count(DISTINCT q.unit_id)::int AS "unitsTested",
  count(*) FILTER (WHERE q.attempt = 1)::int AS "firstTested",
  count(*) FILTER (WHERE q.attempt = 1 AND q.result = 'PASS')::int AS "firstPassed",
  count(DISTINCT q.unit_id) FILTER (WHERE q.result = 'PASS')::int AS "unitsPassed",
  count(*) FILTER (WHERE q.attempt > 1)::int AS retests,
  count(*)::int AS results`;
