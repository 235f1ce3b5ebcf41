import { ApiHarness, startApi } from '../support/api-harness';
import { createPlantFixture } from '../support/plant-fixture';

describe('export lot list', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it("lists a plant's lots newest first with their packing progress, filtered by status", async () => {
    const fx = await createPlantFixture(api);
    const logistics = await api.as('LOGISTICS');
    const lot = (plannedQuantity: number) =>
      logistics
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'Gulf Mobile',
          plannedQuantity,
          deviceModelIds: [fx.deviceModelId],
        })
        .expect(201);
    const first = (await lot(100)).body;
    const second = (await lot(200)).body;
    const list = await logistics.get(`/api/export-lots?plantId=${fx.plantId}`).expect(200);
    expect(list.body.total).toBe(2);
    expect(list.body.items.map((l: { id: string }) => l.id)).toEqual([second.id, first.id]);
    expect(list.body.items[0]).toMatchObject({
      status: 'OPEN',
      plannedQuantity: 200,
      packedUnits: 0,
    });
    const none = await logistics
      .get(`/api/export-lots?plantId=${fx.plantId}&status=SHIPPED`)
      .expect(200);
    expect(none.body).toMatchObject({ total: 0, items: [] });
    await logistics.get('/api/export-lots?status=LOST').expect(400);
    await (await api.as('SUPERVISOR')).get('/api/export-lots').expect(403);
  });
});
