import { Client } from 'pg';
import { ApiClient } from './support/api-client';
import { ADMIN, startSystem } from './support/bench-system';
import { BenchFigure } from './support/figures';
import { percentile, round } from './support/http-load';

const LINES = 3;
const ROUTE = ['FUNCTIONAL', 'RF', 'CAMERA', 'AUDIO', 'BATTERY', 'CURRENT', 'FINAL_QC'];
const DEFECTS = [
  'NO_BOOT',
  'RF_LOW_POWER',
  'CAM_BLUR',
  'MIC_NOISE',
  'BATT_DRAIN',
  'CURRENT_HIGH',
  'SCRATCH',
];
/** Indexes dropped while loading and built once at the end, as a bulk load does. */
const QC_INDEXES: [string, string][] = [
  ['qc_results_line_tested_idx', '(line_id, tested_at) INCLUDE (stage, attempt, result)'],
  [
    'qc_results_line_failed_idx',
    "(line_id, tested_at) INCLUDE (defect_codes) WHERE result = 'FAIL'",
  ],
  ['qc_results_tested_idx', '(tested_at)'],
];

/**
 * `npm run bench -- seed-history`: a plant's history loaded with set-based SQL (SEED_UNITS
 * units, default 10 million, 10,000 a day over three lines, seven QC results each, with
 * pack, ship and scrap events), then the daily-output report timed through HTTP on
 * random days of that history.
 */
export async function benchSeedHistory(): Promise<BenchFigure[]> {
  const units = Number(process.env.SEED_UNITS ?? 10_000_000);
  const perDay = 10_000;
  const days = Math.ceil(units / perDay);
  // HISTORY_DATABASE=<name> times the report again on a history kept by KEEP_HISTORY=1.
  const reuse = process.env.HISTORY_DATABASE;
  const system = await startSystem({
    name: 'history',
    database: reuse,
    keepDatabase: !!process.env.KEEP_HISTORY,
  });
  const sql = new Client({ connectionString: system.databaseUrl });
  await sql.connect();
  try {
    const api = await ApiClient.signIn(system.apiUrls[0], ADMIN.email, ADMIN.password);
    const started = performance.now();
    const plant = reuse
      ? ((await sql.query("SELECT id FROM plants WHERE code = 'HIST'")).rows[0] as { id: string })
      : await loadHistory(api, sql, days, perDay);
    const loadSeconds = (performance.now() - started) / 1000;
    const counts = (
      await sql.query(
        'SELECT (SELECT count(*) FROM units)::bigint AS units, (SELECT count(*) FROM qc_results)::bigint AS results',
      )
    ).rows[0] as { units: string; results: string };
    console.log(
      `\n[seed-history] ${counts.units} units, ${counts.results} QC results in ${round(loadSeconds, 0)} s`,
    );

    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) {
      const date = new Date(
        Date.now() -
          (1 + Math.floor(Math.random() * (Math.ceil(Number(counts.units) / perDay) - 1))) *
            86_400_000,
      )
        .toISOString()
        .slice(0, 10);
      const t0 = performance.now();
      await api.call('GET', `/api/reports/daily-output?plantId=${plant.id}&date=${date}`);
      latencies.push(performance.now() - t0);
    }
    latencies.sort((a, b) => a - b);
    const p95 = round(percentile(latencies, 95), 1);
    const setup = `${Number(counts.units).toLocaleString('en-US')} units, ${Number(counts.results).toLocaleString('en-US')} QC results, 100 random days`;
    return [
      {
        bench: 'reports',
        figure: 'daily-output report p50',
        value: round(percentile(latencies, 50), 1),
        unit: 'ms',
        setup,
      },
      {
        bench: 'reports',
        figure: 'daily-output report p95',
        value: p95,
        unit: 'ms',
        target: '< 100 ms',
        ok: p95 < 100,
        setup,
      },
      ...(reuse
        ? []
        : [
            {
              bench: 'reports',
              figure: 'history load time',
              value: round(loadSeconds, 0),
              unit: 's',
              setup,
            },
          ]),
    ];
  } finally {
    await sql.end();
    await system.stop();
  }
}

/** Creates the history plant and loads `days` days of `perDay` units into it. */
async function loadHistory(
  api: ApiClient,
  sql: Client,
  days: number,
  perDay: number,
): Promise<{ id: string }> {
  const plant = await api.call<{ id: string }>('POST', '/api/plants', {
    code: 'HIST',
    name: 'History plant',
  });
  const lineIds: string[] = [];
  for (let l = 1; l <= LINES; l++) {
    lineIds.push(
      (
        await api.call<{ id: string }>('POST', '/api/lines', {
          plantId: plant.id,
          code: `L${l}`,
          name: `Line ${l}`,
          dailyCapacity: 3500,
        })
      ).id,
    );
  }
  const model = await api.call<{ id: string }>('POST', '/api/device-models', {
    brand: 'Acme',
    name: 'H1',
    modelNumber: 'H1',
    deviceType: 'Smartphone',
    technologies: ['4G'],
    imeisPerDevice: 2,
    typeApprovalNumber: 'PTA-H1',
    route: ROUTE,
    tacs: ['35888801'],
    operatingSystem: 'Android 14',
  });
  const wo = await api.call<{ id: string }>('POST', '/api/work-orders', {
    number: 'WO-HIST',
    deviceModelId: model.id,
    lineId: lineIds[0],
    quantity: 10_000_000,
    dueDate: '2030-01-01',
  });

  await sql.query("SET maintenance_work_mem = '1GB'");
  for (const [index] of QC_INDEXES) await sql.query(`DROP INDEX IF EXISTS ${index}`);
  // Karachi days ending yesterday; each day's units spread evenly over 24 hours and the lines.
  // Unit and result ids (and serials) grow in insertion order, so their unique indexes take
  // appends instead of random inserts: with random ids the load slowed sevenfold past 9 million
  // units, once those indexes outgrew memory. No report reads by id.
  const chunk = 20;
  for (let first = 0; first < days; first += chunk) {
    const last = Math.min(days, first + chunk) - 1;
    // Results first, then the other events: a history reads in the order of its event ids.
    await sql.query(
      `WITH new_units AS (
           INSERT INTO units (id, serial_number, work_order_id, device_model_id, line_id, plant_id, status, route_position,
                              next_stage, registry_status, assembled_at, assembled_day, passed_at, assembled_by)
           SELECT ('5eed0000-0000-4000-8000-' || lpad(to_hex(d::bigint * 100000 + n), 12, '0'))::uuid,
                  'H' || lpad(d::text, 5, '0') || '-' || lpad(n::text, 5, '0'), $1, $2, ($3::uuid[])[1 + n % 3], $4,
                  CASE WHEN n % 100 = 0 THEN 'SCRAPPED' WHEN n % 10 < 8 THEN 'SHIPPED' ELSE 'PASSED' END,
                  7, NULL, CASE WHEN n % 100 = 0 THEN 'NOT_DUE' ELSE 'REGISTERED' END,
                  t, (t AT TIME ZONE 'Asia/Karachi')::date,
                  CASE WHEN n % 100 = 0 THEN NULL ELSE t + interval '50 minutes' END, 'history'
           FROM generate_series($5::int, $6::int) AS d, generate_series(0, $7::int - 1) AS n,
                LATERAL (SELECT (current_date - d)::timestamp AT TIME ZONE 'Asia/Karachi' + n * interval '8.64 seconds' AS t) times
           RETURNING id, line_id, assembled_at, status
         )
         INSERT INTO qc_results (id, unit_id, stage, result, attempt, defect_codes, tested_at, recorded_at, line_id,
                                 device_model_id, actor, from_status, to_status)
         SELECT ('5eed000' || s.pos || substr(u.id::text, 9))::uuid, u.id, s.stage, f.result, 1,
                CASE WHEN f.result = 'FAIL' THEN $8::text[] ELSE '{}' END,
                u.assembled_at + s.pos * interval '6 minutes', u.assembled_at + s.pos * interval '6 minutes',
                u.line_id, $2, 'station', CASE WHEN s.pos = 1 THEN 'ASSEMBLED' ELSE 'IN_QC' END,
                CASE WHEN f.result = 'FAIL' THEN 'FAILED' WHEN s.pos = 7 THEN 'PASSED' ELSE 'IN_QC' END
         FROM new_units u CROSS JOIN unnest($9::text[]) WITH ORDINALITY AS s(stage, pos)
              CROSS JOIN LATERAL (SELECT CASE WHEN s.pos = 7 AND u.status = 'SCRAPPED' THEN 'FAIL' ELSE 'PASS' END
                                  AS result) f
         ORDER BY u.id, s.pos`,
      [
        wo.id,
        model.id,
        lineIds,
        plant.id,
        first + 1,
        last + 1,
        perDay,
        [DEFECTS[first % DEFECTS.length]],
        ROUTE,
      ],
    );
    await sql.query(
      `INSERT INTO unit_events (unit_id, at, type, from_status, to_status, actor, line_id)
       SELECT u.id, u.assembled_at + e.after, e.type, e.from_status, e.to_status, 'history', u.line_id
       FROM units u CROSS JOIN LATERAL (VALUES
         ('PACKED', 'PASSED', 'PACKED', interval '3 hours'),
         ('SHIPPED', 'PACKED', 'SHIPPED', interval '3 days'),
         ('SCRAPPED', 'FAILED', 'SCRAPPED', interval '1 hour')) AS e(type, from_status, to_status, after)
       WHERE u.id >= ('5eed0000-0000-4000-8000-' || lpad(to_hex($1::bigint * 100000), 12, '0'))::uuid
         AND u.id < ('5eed0000-0000-4000-8000-' || lpad(to_hex(($2::bigint + 1) * 100000), 12, '0'))::uuid
         AND ((e.type = 'SCRAPPED' AND u.status = 'SCRAPPED')
              OR (e.type IN ('PACKED', 'SHIPPED') AND u.status = 'SHIPPED'))`,
      [first + 1, last + 1],
    );
    process.stdout.write(`\r[seed-history] ${Math.min(days, last + 1) * perDay} units loaded`);
  }
  for (const [index, definition] of QC_INDEXES)
    await sql.query(`CREATE INDEX ${index} ON qc_results ${definition}`);
  // What the worker's report-rollup job does every few seconds in a running system.
  await sql.query('SELECT roll_up_report_counts()');
  for (const table of [
    'units',
    'qc_results',
    'unit_events',
    'line_minute_counts',
    'line_first_try_counts',
    'line_minute_count_deltas',
    'line_first_try_count_deltas',
  ])
    await sql.query(`VACUUM ANALYZE ${table}`);
  return plant;
}
