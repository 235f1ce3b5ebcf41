import { ApiHarness, startApi } from '../support/api-harness';
import {
  auditTrail,
  create,
  dayFromToday,
  deviceModelBody,
  expectMasterDataAccess,
  fieldsOf,
  lineBody,
  plantBody,
  BOOT_TIMEOUT_MS,
} from './master-data-fixtures';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('work orders', () => {
  let api: ApiHarness;
  let modelId: string;
  let lineId: string;
  let otherLineId: string;
  const orderBody = (overrides: Record<string, unknown> = {}) => ({
    number: `WO-${Math.random().toString(36).slice(2, 10)}`,
    deviceModelId: modelId,
    lineId,
    quantity: 5500,
    dueDate: dayFromToday(14),
    ...overrides,
  });

  beforeAll(async () => {
    api = await startApi();
    const admin = await api.as('ADMIN');
    const plant = await create(admin, '/api/plants', plantBody());
    lineId = (await create(admin, '/api/lines', lineBody(plant.id))).id;
    otherLineId = (await create(admin, '/api/lines', lineBody(plant.id))).id;
    modelId = (await create(admin, '/api/device-models', deviceModelBody())).id;
  }, BOOT_TIMEOUT_MS);
  afterAll(() => api.close());

  it('creates an open order, reads, lists by status and line, and closes it', async () => {
    const admin = await api.as('ADMIN');
    const due = dayFromToday(10);
    const order = await create(
      admin,
      '/api/work-orders',
      orderBody({ number: 'WO-2025-0142', dueDate: due }),
    );
    expect(order).toMatchObject({
      number: 'WO-2025-0142',
      deviceModelId: modelId,
      lineId,
      quantity: 5500,
      dueDate: due,
      status: 'OPEN',
    });
    await create(admin, '/api/work-orders', orderBody());
    await create(admin, '/api/work-orders', orderBody({ lineId: otherLineId, status: 'CLOSED' }));

    expect((await admin.get(`/api/work-orders/${order.id}`).expect(200)).body).toEqual(order);
    const open = await admin
      .get(`/api/work-orders?status=OPEN&lineId=${lineId}&limit=1`)
      .expect(200);
    expect(open.body).toMatchObject({ total: 2, limit: 1 });
    const closed = await admin
      .get(`/api/work-orders?status=CLOSED&deviceModelId=${modelId}`)
      .expect(200);
    expect(closed.body.items.map((o: { lineId: string }) => o.lineId)).toEqual([otherLineId]);

    const updated = await admin
      .patch(`/api/work-orders/${order.id}`)
      .send({ status: 'CLOSED', quantity: 5400 })
      .expect(200);
    expect(updated.body).toMatchObject({ status: 'CLOSED', quantity: 5400, dueDate: due });

    const trail = await auditTrail(api, 'work-order', order.id);
    expect(trail.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
    expect(trail[0].after).toMatchObject({ number: 'WO-2025-0142', status: 'OPEN', dueDate: due });
    expect(trail[1].before).toEqual({ status: 'OPEN', quantity: 5500 });
    expect(trail[1].after).toEqual({ status: 'CLOSED', quantity: 5400 });
  });

  it('names invalid fields: quantity, a date that does not exist, an unknown status', async () => {
    const admin = await api.as('ADMIN');
    const res = await admin
      .post('/api/work-orders')
      .send(orderBody({ quantity: 0, dueDate: '2025-02-30', status: 'DONE', lineId: 'line-1' }))
      .expect(400);
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining(['quantity', 'dueDate', 'status', 'lineId']),
    );
    const order = await create(admin, '/api/work-orders', orderBody());
    expect(
      fieldsOf(
        await admin
          .patch(`/api/work-orders/${order.id}`)
          .send({ dueDate: '30/06/2025' })
          .expect(400),
      ),
    ).toContain('dueDate');
  });

  it('answers 409 naming number for a duplicate and 422 naming a reference to nothing', async () => {
    const admin = await api.as('ADMIN');
    await create(admin, '/api/work-orders', orderBody({ number: 'WO-DUP' }));
    const dup = await admin
      .post('/api/work-orders')
      .send(orderBody({ number: 'WO-DUP' }))
      .expect(409);
    expect(dup.body.errors).toEqual([{ field: 'number', message: 'must be unique' }]);

    const noLine = await admin
      .post('/api/work-orders')
      .send(orderBody({ lineId: MISSING }))
      .expect(422);
    expect(fieldsOf(noLine)).toEqual(['lineId']);
    const noModel = await admin
      .post('/api/work-orders')
      .send(orderBody({ deviceModelId: MISSING }))
      .expect(422);
    expect(fieldsOf(noModel)).toEqual(['deviceModelId']);
    const order = await create(admin, '/api/work-orders', orderBody());
    expect(
      fieldsOf(
        await admin.patch(`/api/work-orders/${order.id}`).send({ lineId: MISSING }).expect(422),
      ),
    ).toEqual(['lineId']);
  });

  it('lets a manager write, every role read, and no one else in', async () => {
    const order = await create(await api.as('MANAGER'), '/api/work-orders', orderBody());
    await expectMasterDataAccess(api, '/api/work-orders', order.id, orderBody());
  });

  it('lists every master-data endpoint in the OpenAPI document, with typed bodies and answers', async () => {
    const res = await (await api.as('ADMIN')).get('/api/docs-json').expect(200);
    const paths = res.body.paths as Record<string, Record<string, unknown>>;
    for (const resource of ['plants', 'lines', 'device-models', 'defect-codes', 'work-orders']) {
      expect(Object.keys(paths[`/api/${resource}`] ?? {})).toEqual(
        expect.arrayContaining(['get', 'post']),
      );
      expect(Object.keys(paths[`/api/${resource}/{id}`] ?? {})).toEqual(
        expect.arrayContaining(['get', 'patch']),
      );
    }
    const schemas = res.body.components.schemas as Record<
      string,
      { properties: Record<string, unknown> }
    >;
    expect(Object.keys(schemas.CreateLineDto.properties)).toEqual([
      'plantId',
      'code',
      'name',
      'dailyCapacity',
      'shifts',
    ]);
    expect(Object.keys(schemas.DeviceModelDto.properties)).toEqual(
      expect.arrayContaining(['route', 'tacs', 'technologies']),
    );
    expect(Object.keys(schemas.WorkOrderPageDto.properties)).toEqual(
      expect.arrayContaining(['items', 'total', 'limit', 'offset']),
    );
  });
});
