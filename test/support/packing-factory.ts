import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ApiHarness } from './api-harness';
import { addRangePool, createPlantFixture, PlantFixture } from './plant-fixture';

export interface PackableUnit {
  id: string;
  serialNumber: string;
  imeis: string[];
}

export interface PackingFixture extends PlantFixture {
  /**
   * `count` units recorded through POST /api/units/batch, then set PASSED (and REGISTERED
   * unless `registryStatus` says otherwise) with SQL. The SQL step is a shortcut for test
   * speed: walking 5,500 units through every QC stage would take minutes; one test in the
   * packing suite goes through real QC instead.
   */
  passedUnits(
    count: number,
    opts?: { registryStatus?: string; status?: string },
  ): Promise<PackableUnit[]>;
  /** `count` units recorded through the API and left ASSEMBLED, for a walk through real QC. */
  recordedUnits(count: number): Promise<PackableUnit[]>;
}

/** A plant with a GS1 prefix (0614141), a line, a dual-SIM model and its IMEI pool. */
export async function createPackingFixture(
  api: ApiHarness,
  opts: { route?: string[] } = {},
): Promise<PackingFixture> {
  const fx = await createPlantFixture(api, { route: opts.route });
  await addRangePool(api, fx, 0, 199_999);
  const db = api.app.get(DataSource);
  const admin = await api.as('ADMIN');
  const recordedUnits = async (count: number) => {
    const workOrderId = await fx.workOrderId(count);
    const res = await admin
      .post('/api/units/batch')
      .set('Idempotency-Key', `k-${randomUUID()}`)
      .send({ workOrderId, count })
      .expect(201);
    return (res.body.units as PackableUnit[]).map((u) => ({
      id: u.id,
      serialNumber: u.serialNumber,
      imeis: u.imeis,
    }));
  };
  const passedUnits = async (
    count: number,
    o: { registryStatus?: string; status?: string } = {},
  ) => {
    const units = await recordedUnits(count);
    await db.query(
      `UPDATE units SET status = $2, registry_status = $3, next_stage = NULL, route_position = $4, passed_at = now() WHERE id = ANY($1::uuid[])`,
      [
        units.map((u) => u.id),
        o.status ?? 'PASSED',
        o.registryStatus ?? 'REGISTERED',
        fx.route.length,
      ],
    );
    return units;
  };
  return { ...fx, passedUnits, recordedUnits };
}
