import { ADMIN_EMAIL, ApiHarness, startApi } from '../support/api-harness';
import {
  auditTrail,
  create,
  expectMasterDataAccess,
  fieldsOf,
  lineBody,
  plantBody,
  BOOT_TIMEOUT_MS,
} from './master-data-fixtures';

describe('plants and lines', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => api.close());

  describe('plants', () => {
    it('creates with the default time zone, reads, lists by code, and updates', async () => {
      const admin = await api.as('ADMIN');
      const plant = await create(admin, '/api/plants', { code: 'LHR1', name: 'Lahore 1' });
      expect(plant).toMatchObject({
        code: 'LHR1',
        name: 'Lahore 1',
        timezone: 'Asia/Karachi',
        gs1CompanyPrefix: null,
      });
      expect(plant.id).toMatch(/^[0-9a-f-]{36}$/);
      await create(admin, '/api/plants', plantBody());

      expect((await admin.get(`/api/plants/${plant.id}`).expect(200)).body).toEqual(plant);
      const all = await admin.get('/api/plants?limit=1').expect(200);
      expect(all.body).toMatchObject({ total: 2, limit: 1, offset: 0 });
      expect(all.body.items).toHaveLength(1);
      const byCode = await admin.get('/api/plants?code=LHR1').expect(200);
      expect(byCode.body.total).toBe(1);
      expect(byCode.body.items[0].id).toBe(plant.id);

      const updated = await admin
        .patch(`/api/plants/${plant.id}`)
        .send({ name: 'Lahore plant 1', timezone: 'asia/dubai', gs1CompanyPrefix: '8961234' })
        .expect(200);
      expect(updated.body).toMatchObject({
        code: 'LHR1',
        name: 'Lahore plant 1',
        timezone: 'Asia/Dubai',
        gs1CompanyPrefix: '8961234',
      });
      const cleared = await admin
        .patch(`/api/plants/${plant.id}`)
        .send({ gs1CompanyPrefix: null })
        .expect(200);
      expect(cleared.body.gs1CompanyPrefix).toBeNull();

      const trail = await auditTrail(api, 'plant', plant.id);
      expect(trail.map((e) => e.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE']);
      expect(trail[0]).toMatchObject({
        actor: ADMIN_EMAIL,
        before: null,
        after: { code: 'LHR1', timezone: 'Asia/Karachi' },
      });
      expect(trail[1]).toMatchObject({
        before: { name: 'Lahore 1', timezone: 'Asia/Karachi', gs1CompanyPrefix: null },
        after: { name: 'Lahore plant 1', timezone: 'Asia/Dubai', gs1CompanyPrefix: '8961234' },
      });
      expect(Object.keys(trail[1].after ?? {})).not.toContain('code');
    });

    it('names every invalid field, and refuses null for a required one', async () => {
      const admin = await api.as('ADMIN');
      const res = await admin
        .post('/api/plants')
        .send({
          code: 'lhr 1',
          name: '',
          timezone: 'Mars/Olympus_Mons',
          gs1CompanyPrefix: '123',
          extra: true,
        })
        .expect(400);
      expect(res.body.status).toBe(400);
      expect(fieldsOf(res)).toEqual(
        expect.arrayContaining(['code', 'name', 'timezone', 'gs1CompanyPrefix', 'extra']),
      );
      const plant = await create(admin, '/api/plants', plantBody());
      const nulled = await admin.patch(`/api/plants/${plant.id}`).send({ name: null }).expect(400);
      expect(new Set(fieldsOf(nulled))).toEqual(new Set(['name']));
    });

    it('answers 409 naming code for a duplicate, on create and on update', async () => {
      const admin = await api.as('ADMIN');
      const first = await create(admin, '/api/plants', plantBody({ code: 'KHI1' }));
      const dup = await admin
        .post('/api/plants')
        .send(plantBody({ code: 'KHI1' }))
        .expect(409);
      expect(dup.body.errors).toEqual([{ field: 'code', message: 'must be unique' }]);
      const other = await create(admin, '/api/plants', plantBody());
      const clash = await admin.patch(`/api/plants/${other.id}`).send({ code: 'KHI1' }).expect(409);
      expect(fieldsOf(clash)).toEqual(['code']);
      expect((await auditTrail(api, 'plant', first.id)).map((e) => e.action)).toEqual(['CREATE']);
    });

    it('lets a manager write, every role read, and no one else in', async () => {
      const manager = await api.as('MANAGER');
      const plant = await create(manager, '/api/plants', plantBody());
      await expectMasterDataAccess(api, '/api/plants', plant.id, plantBody());
    });
  });

  describe('lines', () => {
    it('creates with three 8-hour shifts from 06:00, reads, lists by plant, and updates', async () => {
      const admin = await api.as('ADMIN');
      const plant = await create(admin, '/api/plants', plantBody());
      const otherPlant = await create(admin, '/api/plants', plantBody());
      const line = await create(admin, '/api/lines', lineBody(plant.id, { code: 'L1' }));
      expect(line).toMatchObject({
        plantId: plant.id,
        code: 'L1',
        dailyCapacity: 3400,
        shifts: [
          { name: 'A', start: '06:00', end: '14:00' },
          { name: 'B', start: '14:00', end: '22:00' },
          { name: 'C', start: '22:00', end: '06:00' },
        ],
      });
      await create(admin, '/api/lines', lineBody(plant.id));
      await create(admin, '/api/lines', lineBody(otherPlant.id, { code: 'L1' }));

      expect((await admin.get(`/api/lines/${line.id}`).expect(200)).body).toEqual(line);
      const ofPlant = await admin
        .get(`/api/lines?plantId=${plant.id}&limit=1&offset=1`)
        .expect(200);
      expect(ofPlant.body).toMatchObject({ total: 2, limit: 1, offset: 1 });
      expect(ofPlant.body.items[0].plantId).toBe(plant.id);
      await admin.get('/api/lines?plantId=nope').expect(400);

      const twoShifts = [
        { name: 'Day', start: '08:00', end: '17:00' },
        { name: 'Night', start: '20:00', end: '05:00' },
      ];
      const updated = await admin
        .patch(`/api/lines/${line.id}`)
        .send({ dailyCapacity: 2500, shifts: twoShifts })
        .expect(200);
      expect(updated.body).toMatchObject({ code: 'L1', dailyCapacity: 2500, shifts: twoShifts });

      const trail = await auditTrail(api, 'line', line.id);
      expect(trail.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
      expect(trail[1].before).toEqual({ dailyCapacity: 3400, shifts: line.shifts });
      expect(trail[1].after).toEqual({ dailyCapacity: 2500, shifts: twoShifts });
    });

    it('names invalid fields, including a bad time inside a shift and overlapping shifts', async () => {
      const admin = await api.as('ADMIN');
      const plant = await create(admin, '/api/plants', plantBody());
      const bad = await admin
        .post('/api/lines')
        .send(
          lineBody(plant.id, {
            dailyCapacity: 0,
            shifts: [{ name: 'A', start: '25:00', end: '6:00' }],
          }),
        )
        .expect(400);
      expect(fieldsOf(bad)).toEqual(
        expect.arrayContaining(['dailyCapacity', 'shifts[0].start', 'shifts[0].end']),
      );

      const overlapping = await admin
        .post('/api/lines')
        .send(
          lineBody(plant.id, {
            shifts: [
              { name: 'A', start: '06:00', end: '14:00' },
              { name: 'B', start: '13:00', end: '21:00' },
            ],
          }),
        )
        .expect(400);
      expect(overlapping.body.errors).toEqual([
        { field: 'shifts', message: 'Shifts A and B overlap.' },
      ]);

      const line = await create(admin, '/api/lines', lineBody(plant.id));
      const pastMidnight = await admin
        .patch(`/api/lines/${line.id}`)
        .send({
          shifts: [
            { name: 'N', start: '22:00', end: '07:00' },
            { name: 'D', start: '06:00', end: '14:00' },
          ],
        })
        .expect(400);
      expect(fieldsOf(pastMidnight)).toEqual(['shifts']);
      const moved = await admin
        .patch(`/api/lines/${line.id}`)
        .send({ plantId: plant.id })
        .expect(400);
      expect(fieldsOf(moved)).toEqual(['plantId']);
    });

    it('answers 409 naming code for a code used twice in one plant, and 422 naming plantId for a missing plant', async () => {
      const admin = await api.as('ADMIN');
      const plant = await create(admin, '/api/plants', plantBody());
      await create(admin, '/api/lines', lineBody(plant.id, { code: 'L7' }));
      const dup = await admin
        .post('/api/lines')
        .send(lineBody(plant.id, { code: 'L7' }))
        .expect(409);
      expect(dup.body.errors).toEqual([
        { field: 'code', message: 'must be unique within the plant' },
      ]);
      const other = await create(admin, '/api/lines', lineBody(plant.id));
      expect(
        fieldsOf(await admin.patch(`/api/lines/${other.id}`).send({ code: 'L7' }).expect(409)),
      ).toEqual(['code']);

      const missing = await admin
        .post('/api/lines')
        .send(lineBody('00000000-0000-4000-8000-000000000000'))
        .expect(422);
      expect(missing.body.errors).toEqual([
        { field: 'plantId', message: 'must refer to an existing record' },
      ]);
    });

    it('lets a manager write, every role read, and no one else in', async () => {
      const admin = await api.as('ADMIN');
      const plant = await create(admin, '/api/plants', plantBody());
      const line = await create(await api.as('MANAGER'), '/api/lines', lineBody(plant.id));
      await expectMasterDataAccess(api, '/api/lines', line.id, lineBody(plant.id));
    });
  });
});
