import { randomBytes } from 'node:crypto';
import { ApiHarness } from './api-harness';

export interface PlantFixture {
  plantId: string;
  plantCode: string;
  lineId: string;
  lineCode: string;
  deviceModelId: string;
  tac: string;
  route: string[];
  workOrderId: (quantity?: number) => Promise<string>;
}

let counter = 0;

/**
 * A plant with one line, one device model (with a type approval, a route and a TAC) and
 * work orders on demand, made through the API as an administrator would.
 */
export async function createPlantFixture(
  api: ApiHarness,
  opts: {
    imeisPerDevice?: 1 | 2;
    route?: string[];
    typeApprovalNumber?: string | null;
    timezone?: string;
  } = {},
): Promise<PlantFixture> {
  const admin = await api.as('ADMIN');
  counter += 1;
  const tag = `${randomBytes(2).toString('hex').toUpperCase()}${counter}`;
  const plant = await admin
    .post('/api/plants')
    .send({
      code: `P${tag}`,
      name: `Plant ${tag}`,
      timezone: opts.timezone ?? 'Asia/Karachi',
      gs1CompanyPrefix: '0614141',
    })
    .expect(201);
  const line = await admin
    .post('/api/lines')
    .send({ plantId: plant.body.id, code: 'L1', name: 'Line 1', dailyCapacity: 3000 })
    .expect(201);
  const route = opts.route ?? ['FUNCTIONAL', 'RF', 'FINAL_QC'];
  const tac = String(35_000_000 + Math.floor(Math.random() * 999_999)).padStart(8, '0');
  const model = await admin
    .post('/api/device-models')
    .send({
      brand: 'Acme',
      name: `A${tag}`,
      modelNumber: `A${tag}-2026`,
      deviceType: 'Smartphone',
      technologies: ['2G', '3G', '4G'],
      imeisPerDevice: opts.imeisPerDevice ?? 2,
      typeApprovalNumber:
        opts.typeApprovalNumber === undefined ? `PTA-${tag}` : opts.typeApprovalNumber,
      route,
      tacs: [tac],
    })
    .expect(201);
  let orders = 0;
  return {
    plantId: plant.body.id,
    plantCode: plant.body.code,
    lineId: line.body.id,
    lineCode: 'L1',
    deviceModelId: model.body.id,
    tac,
    route,
    workOrderId: async (quantity = 1000) => {
      orders += 1;
      const wo = await admin
        .post('/api/work-orders')
        .send({
          number: `WO-${tag}-${orders}`,
          deviceModelId: model.body.id,
          lineId: line.body.id,
          quantity,
          dueDate: '2030-01-31',
        })
        .expect(201);
      return wo.body.id as string;
    },
  };
}

/** Adds a range pool of IMEIs `first`..`last` (6-digit serials within the fixture's TAC). */
export async function addRangePool(
  api: ApiHarness,
  fixture: PlantFixture,
  first: number,
  last: number,
): Promise<void> {
  const admin = await api.as('ADMIN');
  await admin
    .post(`/api/device-models/${fixture.deviceModelId}/imei-pools`)
    .send({
      kind: 'range',
      tac: fixture.tac,
      first: String(first).padStart(6, '0'),
      last: String(last).padStart(6, '0'),
    })
    .expect(201);
}
