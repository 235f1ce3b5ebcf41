import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { addRangePool, createPlantFixture, PlantFixture } from '../support/plant-fixture';

/** An instant given as plant-local (Asia/Karachi, UTC+5, no DST) day offset and time. */
function karachi(dayIso: string, offsetDays: number, hhmm: string): string {
  const d = new Date(`${dayIso}T${hhmm}:00+05:00`);
  d.setUTCDate(d.getUTCDate() + offsetDays);
  return d.toISOString();
}

describe('daily output against capacity, built by hand', () => {
  let api: ApiHarness;
  let fx: PlantFixture;
  let sql: Client;
  let sup: AuthedAgent;
  // The report day: two days ago in Karachi, so every time below is in the past.
  const day = new Date(Date.now() + 5 * 3600_000 - 2 * 86_400_000).toISOString().slice(0, 10);
  const at = (offset: number, hhmm: string) => karachi(day, offset, hhmm);

  beforeAll(async () => {
    api = await startApi();
    fx = await createPlantFixture(api, { imeisPerDevice: 1, route: ['FUNCTIONAL', 'FINAL_QC'] });
    await addRangePool(api, fx, 0, 99);
    sql = new Client({ connectionString: api.db.url });
    await sql.connect();
    sup = await api.as('SUPERVISOR');
    const admin = await api.as('ADMIN');
    await admin.patch(`/api/lines/${fx.lineId}`).send({ dailyCapacity: 100 }).expect(200);
    for (const code of ['NO_BOOT', 'NO_SIGNAL']) {
      await admin
        .post('/api/defect-codes')
        .send({ code, description: code, stage: 'FUNCTIONAL' })
        .expect(201);
    }
  });
  afterAll(async () => {
    await sql.end();
    await api.close();
  });

  const unitOn = async (workOrderId: string, assembledAt: string): Promise<string> => {
    const res = await sup
      .post('/api/units')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId })
      .expect(201);
    await sql.query('UPDATE units SET assembled_at = $2 WHERE id = $1', [res.body.id, assembledAt]);
    return res.body.serialNumber as string;
  };
  const qc = (
    serial: string,
    stage: string,
    result: 'PASS' | 'FAIL',
    testedAt: string,
    defectCodes?: string[],
  ) =>
    sup
      .post(`/api/units/${serial}/qc-results`)
      .set('Idempotency-Key', randomUUID())
      .send({ stage, result, testedAt, defectCodes })
      .expect(201);
  const rework = (serial: string) =>
    sup.post(`/api/units/${serial}/rework`).send({ note: 'reseated connector' }).expect(201);

  it('agrees with every unit, result and disposition recorded', async () => {
    const wo = await fx.workOrderId(50);
    const u1 = await unitOn(wo, at(0, '05:59')); // shift C (night shift, morning end)
    await qc(u1, 'FUNCTIONAL', 'PASS', at(0, '06:05'));
    await qc(u1, 'FINAL_QC', 'PASS', at(0, '06:10')); // passes in shift A
    const u2 = await unitOn(wo, at(0, '13:59')); // shift A
    await qc(u2, 'FUNCTIONAL', 'FAIL', at(0, '13:59'), ['NO_BOOT']);
    await rework(u2);
    await qc(u2, 'FUNCTIONAL', 'PASS', at(0, '14:01'));
    await qc(u2, 'FINAL_QC', 'PASS', at(0, '14:05')); // passes in shift B
    const u3 = await unitOn(wo, at(-1, '23:50')); // assembled the day before
    await qc(u3, 'FUNCTIONAL', 'PASS', at(0, '00:05'));
    await qc(u3, 'FINAL_QC', 'PASS', at(0, '00:10')); // passes after midnight, shift C
    const u4 = await unitOn(wo, at(0, '23:59')); // assembled late, shift C
    await qc(u4, 'FUNCTIONAL', 'PASS', at(1, '00:01'));
    await qc(u4, 'FINAL_QC', 'PASS', at(1, '00:05')); // passes the next day
    const u5 = await unitOn(wo, at(0, '10:00'));
    await qc(u5, 'FUNCTIONAL', 'FAIL', at(0, '10:10'), ['NO_BOOT']);
    await rework(u5);
    await qc(u5, 'FUNCTIONAL', 'FAIL', at(0, '10:40'), ['NO_SIGNAL']);
    await sup.post(`/api/units/${u5}/scrap`).send({ reason: 'board cracked' }).expect(201);
    await unitOn(wo, at(0, '15:00')); // u6, shift B, not tested yet

    const admin = await api.as('ADMIN');
    const line2 = await admin
      .post('/api/lines')
      .send({ plantId: fx.plantId, code: 'L2', name: 'Line 2', dailyCapacity: 50 })
      .expect(201);
    const wo2 = await admin
      .post('/api/work-orders')
      .send({
        number: `WO-L2-${randomUUID().slice(0, 6)}`,
        deviceModelId: fx.deviceModelId,
        lineId: line2.body.id,
        quantity: 5,
        dueDate: '2030-01-01',
      })
      .expect(201);
    await unitOn(wo2.body.id, at(0, '07:00')); // u7 on line 2, shift A

    // Recording time stands in for the physical time here: move passes and the scrap to the times above.
    await sql.query(
      `UPDATE units u SET passed_at = (SELECT max(tested_at) FROM qc_results q WHERE q.unit_id = u.id) WHERE passed_at IS NOT NULL`,
    );
    await sql.query(`UPDATE unit_events SET at = $1 WHERE to_status = 'SCRAPPED'`, [
      at(0, '11:00'),
    ]);

    const res = await (
      await api.as('MANAGER')
    )
      .get(`/api/reports/daily-output?plantId=${fx.plantId}&date=${day}`)
      .expect(200);
    const report = res.body;
    expect(report).toMatchObject({ date: day, timezone: 'Asia/Karachi', plantCode: fx.plantCode });
    const l1 = report.lines.find((l: { lineCode: string }) => l.lineCode === 'L1');
    expect(l1).toMatchObject({
      dailyCapacity: 100,
      assembled: 5,
      passed: 3,
      packed: 0,
      shipped: 0,
      scrapped: 1,
      attainmentPct: 3,
      rolledFirstPassYield: 0.5, // FUNCTIONAL 2 of 4 first tries, FINAL_QC 3 of 3
      topDefects: [
        { code: 'NO_BOOT', count: 2 },
        { code: 'NO_SIGNAL', count: 1 },
      ],
      registry: { registered: 0, pending: 3, rejected: 0 },
    });
    expect(l1.shifts).toEqual([
      {
        name: 'A',
        start: '06:00',
        end: '14:00',
        assembled: 2,
        passed: 1,
        packed: 0,
        shipped: 0,
        scrapped: 1,
      },
      {
        name: 'B',
        start: '14:00',
        end: '22:00',
        assembled: 1,
        passed: 1,
        packed: 0,
        shipped: 0,
        scrapped: 0,
      },
      {
        name: 'C',
        start: '22:00',
        end: '06:00',
        assembled: 2,
        passed: 1,
        packed: 0,
        shipped: 0,
        scrapped: 0,
      },
    ]);
    const hours = (key: 'assembled' | 'passed') =>
      Object.fromEntries(
        l1.hourly
          .filter((h: Record<string, number>) => h[key] > 0)
          .map((h: Record<string, number>) => [h.hour, h[key]]),
      );
    expect(hours('assembled')).toEqual({ 5: 1, 10: 1, 13: 1, 15: 1, 23: 1 });
    expect(hours('passed')).toEqual({ 0: 1, 6: 1, 14: 1 });
    expect(l1.hourly).toHaveLength(24);

    const l2 = report.lines.find((l: { lineCode: string }) => l.lineCode === 'L2');
    expect(l2).toMatchObject({
      dailyCapacity: 50,
      assembled: 1,
      passed: 0,
      attainmentPct: 0,
      rolledFirstPassYield: null,
    });
    expect(report.plant).toMatchObject({
      dailyCapacity: 150,
      assembled: 6,
      passed: 3,
      scrapped: 1,
      attainmentPct: 2,
      rolledFirstPassYield: 0.5,
    });
    expect(report.plant.shifts.find((s: { name: string }) => s.name === 'A')).toMatchObject({
      assembled: 3,
    });

    // The next day holds u4's pass and nothing of the day before.
    const next = new Date(`${day}T00:00:00Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    const nextDay = next.toISOString().slice(0, 10);
    const following = (
      await (
        await api.as('ADMIN')
      )
        .get(`/api/reports/daily-output?plantId=${fx.plantId}&date=${nextDay}`)
        .expect(200)
    ).body;
    expect(following.plant).toMatchObject({ assembled: 0, passed: 1 });

    // The series and its CSV carry the same headline figures.
    const series = await (
      await api.as('MANAGER')
    )
      .get(`/api/reports/output?plantId=${fx.plantId}&from=${day}&to=${nextDay}`)
      .expect(200);
    expect(series.body.days).toEqual([
      expect.objectContaining({
        date: day,
        assembled: 6,
        passed: 3,
        scrapped: 1,
        attainmentPct: 2,
        rolledFirstPassYield: 0.5,
      }),
      expect.objectContaining({ date: nextDay, assembled: 0, passed: 1 }),
    ]);
    const csv = await (
      await api.as('MANAGER')
    )
      .get(`/api/reports/output?plantId=${fx.plantId}&from=${day}&to=${nextDay}&format=csv`)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.text.split('\r\n')[1]).toBe(`${day},150,6,3,0,0,1,2,0.5`);
  });

  /** Counts and pending deltas, summed, next to the same figures counted from the rows themselves. */
  const countsAndRecount = async () => {
    const kept = await sql.query(
      `SELECT line_id, minute, sum(assembled)::int AS assembled, sum(passed)::int AS passed, sum(packed)::int AS packed,
              sum(shipped)::int AS shipped, sum(scrapped)::int AS scrapped
       FROM (SELECT * FROM line_minute_counts UNION ALL SELECT * FROM line_minute_count_deltas) c
       GROUP BY 1, 2 HAVING abs(sum(assembled)) + abs(sum(passed)) + abs(sum(packed)) + abs(sum(shipped)) + abs(sum(scrapped)) > 0
       ORDER BY 1, 2`,
    );
    const recount = await sql.query(
      `SELECT line_id, minute, sum(assembled)::int AS assembled, sum(passed)::int AS passed, sum(packed)::int AS packed,
              sum(shipped)::int AS shipped, sum(scrapped)::int AS scrapped
       FROM (SELECT u.line_id, date_trunc('minute', u.assembled_at) AS minute, 1 AS assembled, 0 AS passed, 0 AS packed, 0 AS shipped, 0 AS scrapped FROM units u
             UNION ALL SELECT u.line_id, date_trunc('minute', u.passed_at), 0, 1, 0, 0, 0 FROM units u WHERE u.passed_at IS NOT NULL
             UNION ALL SELECT u.line_id, date_trunc('minute', e.at), 0, 0,
                              CASE WHEN e.to_status = 'PACKED' THEN 1 WHEN e.from_status = 'PACKED' AND e.to_status = 'PASSED' THEN -1 ELSE 0 END,
                              (e.to_status = 'SHIPPED')::int, (e.to_status = 'SCRAPPED')::int
                       FROM unit_events e JOIN units u ON u.id = e.unit_id) c
       GROUP BY 1, 2 HAVING abs(sum(assembled)) + abs(sum(passed)) + abs(sum(packed)) + abs(sum(shipped)) + abs(sum(scrapped)) > 0
       ORDER BY 1, 2`,
    );
    const tries = `SELECT line_id, stage, sum(tested)::int AS tested, sum(passed)::int AS passed FROM (%s) t
                   GROUP BY 1, 2 HAVING sum(tested) <> 0 ORDER BY 1, 2`;
    const keptTries = await sql.query(
      tries.replace(
        '%s',
        'SELECT * FROM line_first_try_counts UNION ALL SELECT * FROM line_first_try_count_deltas',
      ),
    );
    const retried = await sql.query(
      tries.replace(
        '%s',
        "SELECT line_id, stage, 1 AS tested, (result = 'PASS')::int AS passed FROM qc_results WHERE attempt = 1",
      ),
    );
    return { kept: [kept.rows, keptTries.rows], recount: [recount.rows, retried.rows] };
  };
  const pendingDeltas = async () =>
    Number(
      (
        await sql.query(
          'SELECT (SELECT count(*) FROM line_minute_count_deltas) + (SELECT count(*) FROM line_first_try_count_deltas) AS n',
        )
      ).rows[0].n,
    );

  it('keeps its counts equal to a recount through inserts, corrections and the roll-up', async () => {
    const report = async () =>
      (
        await (
          await api.as('MANAGER')
        )
          .get(`/api/reports/daily-output?plantId=${fx.plantId}&date=${day}`)
          .expect(200)
      ).body;
    const before = await report();
    let state = await countsAndRecount();
    expect(state.kept).toEqual(state.recount);
    expect(await pendingDeltas()).toBeGreaterThan(0);

    await sql.query('SELECT roll_up_report_counts()');
    expect(await pendingDeltas()).toBe(0);
    expect(await report()).toEqual(before);
    state = await countsAndRecount();
    expect(state.kept).toEqual(state.recount);

    // Pack, unpack, pack again and ship a passed unit in one statement; move, correct and delete rows.
    const [passedUnit] = (
      await sql.query(`SELECT id FROM units WHERE passed_at IS NOT NULL ORDER BY passed_at LIMIT 1`)
    ).rows;
    await sql.query(
      `INSERT INTO unit_events (unit_id, at, type, from_status, to_status, actor)
       VALUES ($1, $2, 'PACKED', 'PASSED', 'PACKED', 't'), ($1, $3, 'UNPACKED', 'PACKED', 'PASSED', 't'),
              ($1, $4, 'PACKED', 'PASSED', 'PACKED', 't'), ($1, $5, 'SHIPPED', 'PACKED', 'SHIPPED', 't')`,
      [passedUnit.id, at(0, '16:00'), at(0, '16:10'), at(0, '16:20'), at(0, '18:00')],
    );
    await sql.query(
      `UPDATE units SET assembled_at = assembled_at - interval '3 hours' WHERE id = $1`,
      [passedUnit.id],
    );
    await sql.query(`UPDATE qc_results SET tested_at = tested_at + interval '2 hours', result = 'PASS'
                     WHERE id = (SELECT id FROM qc_results WHERE result = 'FAIL' AND attempt = 1 LIMIT 1)`);
    await sql.query(`DELETE FROM unit_events WHERE unit_id = $1 AND type = 'SHIPPED'`, [
      passedUnit.id,
    ]);
    state = await countsAndRecount();
    expect(state.kept).toEqual(state.recount);
    const corrected = await report();
    expect(corrected.plant.packed).toBe(before.plant.packed + 1);
    expect(corrected.plant.shipped).toBe(before.plant.shipped);

    await sql.query('SELECT roll_up_report_counts()');
    expect(await pendingDeltas()).toBe(0);
    expect(await report()).toEqual(corrected);
    state = await countsAndRecount();
    expect(state.kept).toEqual(state.recount);
  });

  it('refuses bad dates and roles that may not read it', async () => {
    const manager = await api.as('MANAGER');
    const bad = await manager
      .get(`/api/reports/daily-output?plantId=${fx.plantId}&date=2026-13-01`)
      .expect(400);
    expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'date' })]);
    await manager
      .get(`/api/reports/output?plantId=${fx.plantId}&from=2026-02-01&to=2026-01-01`)
      .expect(400);
    await (
      await api.as('LOGISTICS')
    )
      .get(`/api/reports/daily-output?plantId=${fx.plantId}`)
      .expect(403);
    await manager.get(`/api/reports/daily-output?plantId=${randomUUID()}`).expect(404);
  });
});
