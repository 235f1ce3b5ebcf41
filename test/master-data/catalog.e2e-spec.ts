import { ApiHarness, startApi } from '../support/api-harness';
import {
  auditTrail,
  create,
  deviceModelBody,
  expectMasterDataAccess,
  fieldsOf,
  freshTac,
  BOOT_TIMEOUT_MS,
} from './master-data-fixtures';

describe('device models and defect codes', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  }, BOOT_TIMEOUT_MS);
  afterAll(() => api.close());

  describe('device models', () => {
    it('creates, reads, lists by brand and by TAC, and updates with a new set of TACs', async () => {
      const admin = await api.as('ADMIN');
      const [tac1, tac2, tac3] = [freshTac(), freshTac(), freshTac()];
      const model = await create(admin, '/api/device-models', {
        brand: 'Tecno',
        name: 'Spark 20',
        modelNumber: 'KJ5',
        deviceType: 'Smartphone',
        technologies: ['4G', '2G', '3G'],
        imeisPerDevice: 2,
        route: ['FUNCTIONAL', 'RF', 'CAMERA', 'FINAL_QC'],
        tacs: [tac2, tac1],
      });
      expect(model).toMatchObject({
        brand: 'Tecno',
        modelNumber: 'KJ5',
        deviceType: 'Smartphone',
        technologies: ['2G', '3G', '4G'],
        imeisPerDevice: 2,
        typeApprovalNumber: null,
        route: ['FUNCTIONAL', 'RF', 'CAMERA', 'FINAL_QC'],
        tacs: [tac1, tac2],
      });
      await create(admin, '/api/device-models', deviceModelBody({ brand: 'Infinix' }));
      await create(
        admin,
        '/api/device-models',
        deviceModelBody({ brand: 'tecno', deviceType: 'Feature phone' }),
      );

      expect((await admin.get(`/api/device-models/${model.id}`).expect(200)).body).toEqual(model);
      const tecno = await admin.get('/api/device-models?brand=TECNO&limit=1').expect(200);
      expect(tecno.body).toMatchObject({ total: 2, limit: 1 });
      const featurePhones = await admin
        .get('/api/device-models?deviceType=Feature%20phone')
        .expect(200);
      expect(featurePhones.body.total).toBe(1);
      const byTac = await admin.get(`/api/device-models?tac=${tac2}`).expect(200);
      expect(byTac.body.items.map((m: { id: string }) => m.id)).toEqual([model.id]);

      const updated = await admin
        .patch(`/api/device-models/${model.id}`)
        .send({ typeApprovalNumber: 'PTA-TA-2025-118', tacs: [tac2, tac3] })
        .expect(200);
      expect(updated.body).toMatchObject({
        name: 'Spark 20',
        typeApprovalNumber: 'PTA-TA-2025-118',
        tacs: [tac2, tac3],
      });
      expect((await admin.get(`/api/device-models?tac=${tac1}`).expect(200)).body.total).toBe(0);

      const trail = await auditTrail(api, 'device-model', model.id);
      expect(trail.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
      expect(trail[0].after).toMatchObject({
        modelNumber: 'KJ5',
        tacs: [tac1, tac2],
        route: model.route,
      });
      expect(trail[1].before).toEqual({ typeApprovalNumber: null, tacs: [tac1, tac2] });
      expect(trail[1].after).toEqual({ typeApprovalNumber: 'PTA-TA-2025-118', tacs: [tac2, tac3] });
    });

    it('names every invalid field', async () => {
      const admin = await api.as('ADMIN');
      const res = await admin
        .post('/api/device-models')
        .send(
          deviceModelBody({
            deviceType: 'Phablet',
            technologies: ['4G', '4G', '6G'],
            imeisPerDevice: 3,
            route: ['RF', 'rf-test', 'RF'],
            tacs: ['1234567'],
          }),
        )
        .expect(400);
      expect(fieldsOf(res)).toEqual(
        expect.arrayContaining(['deviceType', 'technologies', 'imeisPerDevice', 'route', 'tacs']),
      );
      const empty = await admin
        .post('/api/device-models')
        .send(deviceModelBody({ technologies: [], route: [], tacs: [] }))
        .expect(400);
      expect(new Set(fieldsOf(empty))).toEqual(new Set(['technologies', 'route', 'tacs']));
    });

    it('answers 409 for a model number its brand already has, ignoring case', async () => {
      const admin = await api.as('ADMIN');
      await create(
        admin,
        '/api/device-models',
        deviceModelBody({ brand: 'QMobile', modelNumber: 'X-700' }),
      );
      const dup = await admin
        .post('/api/device-models')
        .send(deviceModelBody({ brand: 'qmobile', modelNumber: 'x-700' }))
        .expect(409);
      expect(dup.body.errors).toEqual([
        { field: 'modelNumber', message: 'must be unique for the brand' },
      ]);
      await create(
        admin,
        '/api/device-models',
        deviceModelBody({ brand: 'Itel', modelNumber: 'X-700' }),
      );
    });

    it('answers 409 naming tacs and the TAC when another model owns it, on create and on update', async () => {
      const admin = await api.as('ADMIN');
      const owned = freshTac();
      const owner = await create(admin, '/api/device-models', deviceModelBody({ tacs: [owned] }));
      const res = await admin
        .post('/api/device-models')
        .send(deviceModelBody({ tacs: [freshTac(), owned] }))
        .expect(409);
      expect(res.body.errors).toEqual([
        { field: 'tacs', message: `TAC ${owned} already belongs to another device model` },
      ]);
      expect(res.body).toMatchObject({ tacs: [owned], deviceModelIds: [owner.id] });

      const other = await create(admin, '/api/device-models', deviceModelBody());
      const onUpdate = await admin
        .patch(`/api/device-models/${other.id}`)
        .send({ tacs: [owned] })
        .expect(409);
      expect(onUpdate.body.detail).toContain(owned);
      // Nothing was written: the other model keeps its TAC and no update was audited.
      expect((await admin.get(`/api/device-models/${other.id}`).expect(200)).body.tacs).toEqual(
        other.tacs,
      );
      expect((await auditTrail(api, 'device-model', other.id)).map((e) => e.action)).toEqual([
        'CREATE',
      ]);
    });

    it('lets a manager write, every role read, and no one else in', async () => {
      const model = await create(await api.as('MANAGER'), '/api/device-models', deviceModelBody());
      await expectMasterDataAccess(api, '/api/device-models', model.id, deviceModelBody());
    });
  });

  describe('defect codes', () => {
    it('creates, reads, lists by stage, and updates', async () => {
      const admin = await api.as('ADMIN');
      const noSignal = await create(admin, '/api/defect-codes', {
        code: 'NO_SIGNAL',
        description: 'No network in call test',
        stage: 'RF',
      });
      expect(noSignal).toMatchObject({ code: 'NO_SIGNAL', stage: 'RF' });
      await create(admin, '/api/defect-codes', {
        code: 'LOW_TX_POWER',
        description: 'Transmit power below limit',
        stage: 'RF',
      });
      const scratch = await create(admin, '/api/defect-codes', {
        code: 'SCRATCH',
        description: 'Scratch on the housing',
      });
      expect(scratch.stage).toBeNull();

      expect((await admin.get(`/api/defect-codes/${noSignal.id}`).expect(200)).body).toEqual(
        noSignal,
      );
      const rf = await admin.get('/api/defect-codes?stage=RF&limit=1').expect(200);
      expect(rf.body).toMatchObject({ total: 2, limit: 1 });
      expect(rf.body.items[0].code).toBe('LOW_TX_POWER');

      const updated = await admin
        .patch(`/api/defect-codes/${scratch.id}`)
        .send({ stage: 'FINAL_QC' })
        .expect(200);
      expect(updated.body).toMatchObject({ code: 'SCRATCH', stage: 'FINAL_QC' });
      const trail = await auditTrail(api, 'defect-code', scratch.id);
      expect(trail.map((e) => e.action)).toEqual(['CREATE', 'UPDATE']);
      expect(trail[1]).toMatchObject({ before: { stage: null }, after: { stage: 'FINAL_QC' } });
    });

    it('names invalid fields and answers 409 naming code for a duplicate', async () => {
      const admin = await api.as('ADMIN');
      const bad = await admin
        .post('/api/defect-codes')
        .send({ code: 'no signal', description: '', stage: 'rf' })
        .expect(400);
      expect(new Set(fieldsOf(bad))).toEqual(new Set(['code', 'description', 'stage']));
      await create(admin, '/api/defect-codes', {
        code: 'DEAD_PIXEL',
        description: 'Dead pixel on display',
      });
      const dup = await admin
        .post('/api/defect-codes')
        .send({ code: 'DEAD_PIXEL', description: 'Again' })
        .expect(409);
      expect(dup.body.errors).toEqual([{ field: 'code', message: 'must be unique' }]);
    });

    it('lets a manager write, every role read, and no one else in', async () => {
      const defect = await create(await api.as('MANAGER'), '/api/defect-codes', {
        code: 'NO_BOOT',
        description: 'Does not boot',
      });
      await expectMasterDataAccess(api, '/api/defect-codes', defect.id, {
        code: 'NO_POWER',
        description: 'No power',
      });
    });
  });
});
