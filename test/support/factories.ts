import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { imeiOf } from '../../libs/production/src/units/luhn';
import { ApiHarness } from './api-harness';

/**
 * Test data for the quality suites, written straight into the master-data and unit tables
 * with SQL: a plant, a line, a device model with its route and TAC, defect codes, a work
 * order, and units with their IMEIs. Fast enough to make hundreds of units per test.
 */

export interface TestUnit {
  id: string;
  serialNumber: string;
  imeis: string[];
}

export interface QcFixture {
  plantId: string;
  lineId: string;
  deviceModelId: string;
  workOrderId: string;
  route: string[];
  tac: string;
  /** Makes `count` ASSEMBLED units due at the route's first stage. */
  createUnits(count: number): Promise<TestUnit[]>;
  /** A second line of the same plant, for filtering tests. */
  createLine(): Promise<string>;
}

let fixtures = 0;

export interface QcFixtureOptions {
  route?: string[];
  /** Defect codes to create (codes are global: make them unique per suite). */
  defectCodes?: { code: string; stage: string | null; description?: string }[];
  lineId?: string;
}

export async function createQcFixture(
  api: ApiHarness,
  opts: QcFixtureOptions = {},
): Promise<QcFixture> {
  const db = api.app.get(DataSource);
  fixtures += 1;
  const tag = `${randomBytes(2).toString('hex').toUpperCase()}${fixtures}`;
  const route = opts.route ?? ['FUNCTIONAL', 'RF', 'FINAL_QC'];
  const tac = String(86_000_000 + Math.floor(Math.random() * 999_999)).padStart(8, '0');
  const one = async <T>(sql: string, params: unknown[]): Promise<T> =>
    (await db.query<T[]>(sql, params))[0];

  const { id: plantId } = await one<{ id: string }>(
    `INSERT INTO plants (code, name) VALUES ($1, $2) RETURNING id`,
    [`Q${tag}`, `Plant ${tag}`],
  );
  let lines = 0;
  const createLine = async () => {
    lines += 1;
    const row = await one<{ id: string }>(
      `INSERT INTO lines (plant_id, code, name, daily_capacity, shifts) VALUES ($1, $2, $3, 3000, $4) RETURNING id`,
      [
        plantId,
        `L${lines}`,
        `Line ${lines}`,
        JSON.stringify([{ name: 'A', start: '06:00', end: '14:00' }]),
      ],
    );
    return row.id;
  };
  const lineId = opts.lineId ?? (await createLine());
  const { id: deviceModelId } = await one<{ id: string }>(
    `INSERT INTO device_models (brand, name, model_number, device_type, technologies, imeis_per_device, type_approval_number, route)
     VALUES ('Acme', $1, $2, 'Smartphone', '{2G,3G,4G}', 2, $3, $4) RETURNING id`,
    [`Q${tag}`, `Q${tag}-2026`, `PTA-${tag}`, route],
  );
  await db.query('INSERT INTO device_model_tacs (tac, device_model_id) VALUES ($1, $2)', [
    tac,
    deviceModelId,
  ]);
  for (const d of opts.defectCodes ?? []) {
    await db.query(
      'INSERT INTO defect_codes (code, description, stage) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING',
      [d.code, d.description ?? d.code, d.stage],
    );
  }
  const { id: workOrderId } = await one<{ id: string }>(
    `INSERT INTO work_orders (number, device_model_id, line_id, quantity) VALUES ($1, $2, $3, 100000) RETURNING id`,
    [`WO-Q${tag}`, deviceModelId, lineId],
  );
  const { id: poolId, pool_order: poolOrder } = await one<{ id: string; pool_order: string }>(
    `INSERT INTO imei_pools (device_model_id, kind, tac, first_serial, last_serial, size, created_by)
     VALUES ($1, 'range', $2, 0, 999999, 1000000, 'test') RETURNING id, pool_order`,
    [deviceModelId, tac],
  );

  let issued = 0;
  const createUnits = async (count: number): Promise<TestUnit[]> => {
    const units: TestUnit[] = [];
    for (let i = 0; i < count; i++) {
      issued += 1;
      const seq = issued * 2;
      units.push({
        id: randomUUID(),
        serialNumber: `Q${tag}L${String(issued).padStart(6, '0')}`,
        imeis: [imeiOf(tac, seq - 1), imeiOf(tac, seq)],
      });
    }
    await db.query(
      `INSERT INTO units (id, serial_number, work_order_id, device_model_id, line_id, plant_id, next_stage, assembled_at, assembled_day)
       SELECT u.id, u.serial, $2, $3, $4, $5, $6, now(), current_date
       FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, serial text)`,
      [
        JSON.stringify(units.map((u) => ({ id: u.id, serial: u.serialNumber }))),
        workOrderId,
        deviceModelId,
        lineId,
        plantId,
        route[0] ?? null,
      ],
    );
    await db.query(
      `INSERT INTO imeis (pool_id, device_model_id, pool_order, seq, imei, unit_id, slot, issued_at)
       SELECT $2, $3, $4, i.seq, i.imei, i.unit_id, i.slot, now()
       FROM jsonb_to_recordset($1::jsonb) AS i(seq int, imei text, unit_id uuid, slot int)`,
      [
        JSON.stringify(
          units.flatMap((u, n) =>
            u.imeis.map((imei, slot) => ({
              seq: (issued - count + n) * 2 + slot + 1,
              imei,
              unit_id: u.id,
              slot: slot + 1,
            })),
          ),
        ),
        poolId,
        deviceModelId,
        poolOrder,
      ],
    );
    await db.query('UPDATE work_orders SET issued_count = issued_count + $2 WHERE id = $1', [
      workOrderId,
      count,
    ]);
    return units;
  };

  return { plantId, lineId, deviceModelId, workOrderId, route, tac, createUnits, createLine };
}
