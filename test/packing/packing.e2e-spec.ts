import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { isValidSscc } from '../../libs/packing/src/sscc';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { createPackingFixture, PackableUnit, PackingFixture } from '../support/packing-factory';

describe('Packing: export lots, cartons, pallets, refusals', () => {
  let api: ApiHarness;
  let db: DataSource;
  let fx: PackingFixture;
  let other: PackingFixture;
  let log: AuthedAgent;

  const createLot = async (body: Record<string, unknown> = {}) =>
    (
      await log
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'Gulf Mobile LLC',
          plannedQuantity: 100,
          deviceModelIds: [fx.deviceModelId],
          ...body,
        })
        .expect(201)
    ).body;
  const openCarton = async (lotId: string, capacity = 20) =>
    (await log.post(`/api/export-lots/${lotId}/cartons`).send({ capacity }).expect(201)).body;
  const pack = (sscc: string, unit: string) =>
    log.post(`/api/cartons/${sscc}/units`).send({ unit });
  const refusal = (
    res: { status: number; body: { type: string; detail: string } },
    code: string,
    says: string | RegExp,
  ) => {
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`https://linetrack.dev/problems/${code}`);
    expect(res.body.detail).toMatch(says);
  };

  beforeAll(async () => {
    api = await startApi();
    db = api.app.get(DataSource);
    fx = await createPackingFixture(api);
    other = await createPackingFixture(api);
    log = await api.as('LOGISTICS');
  });
  afterAll(() => api.close());

  it('creates a lot: OPEN, numbered per plant, defaults requiresRegistration true and AQL 0.65', async () => {
    const lot = await createLot();
    expect(lot).toMatchObject({
      status: 'OPEN',
      destinationCountry: 'AE',
      requiresRegistration: true,
      aql: 0.65,
      plantId: fx.plantId,
    });
    expect(lot.number).toMatch(new RegExp(`^EL-${fx.plantCode}-\\d{5}$`));
    const audit = await db.query(
      `SELECT action FROM audit_log WHERE entity = 'export_lot' AND entity_id = $1`,
      [lot.id],
    );
    expect(audit).toEqual([{ action: 'CREATE' }]);
  });

  it('validates the lot body: ISO 3166-1 alpha-2, plantId required, standard AQL, known models', async () => {
    const base = {
      plantId: fx.plantId,
      destinationCountry: 'AE',
      consignee: 'C',
      plannedQuantity: 10,
      deviceModelIds: [fx.deviceModelId],
    };
    const bad = await log
      .post('/api/export-lots')
      .send({ ...base, destinationCountry: 'XX' })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('destinationCountry');
    const noPlant = await log
      .post('/api/export-lots')
      .send({ ...base, plantId: undefined })
      .expect(400);
    expect(noPlant.body.errors.map((e: { field: string }) => e.field)).toContain('plantId');
    await log
      .post('/api/export-lots')
      .send({ ...base, aql: 0.7 })
      .expect(400);
    const unknown = await log
      .post('/api/export-lots')
      .send({ ...base, deviceModelIds: [randomUUID()] })
      .expect(422);
    expect(unknown.body.errors[0].field).toBe('deviceModelIds');
    const sup = await api.as('SUPERVISOR');
    await sup.post('/api/export-lots').send(base).expect(403);
  });

  it('opens cartons and pallets with distinct, valid 18-digit SSCCs of the plant prefix', async () => {
    const lot = await createLot();
    const a = await openCarton(lot.id);
    const b = await openCarton(lot.id);
    const pallet = (await log.post(`/api/export-lots/${lot.id}/pallets`).expect(201)).body;
    for (const sscc of [a.sscc, b.sscc, pallet.sscc]) {
      expect(sscc).toMatch(/^\d{18}$/);
      expect(isValidSscc(sscc)).toBe(true);
      expect(sscc.slice(1, 8)).toBe('0614141');
    }
    expect(new Set([a.sscc, b.sscc, pallet.sscc]).size).toBe(3);
    expect(a).toMatchObject({ status: 'OPEN', capacity: 20, unitCount: 0, lotNumber: lot.number });
  });

  it('answers 422 when the plant has no GS1 company prefix', async () => {
    const admin = await api.as('ADMIN');
    await admin.patch(`/api/plants/${other.plantId}`).send({ gs1CompanyPrefix: null }).expect(200);
    const lot = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: other.plantId,
          destinationCountry: 'AE',
          consignee: 'C',
          plannedQuantity: 10,
          deviceModelIds: [other.deviceModelId],
        })
        .expect(201)
    ).body;
    const res = await log
      .post(`/api/export-lots/${lot.id}/cartons`)
      .send({ capacity: 20 })
      .expect(422);
    expect(res.body.type).toBe('https://linetrack.dev/problems/gs1-prefix-missing');
    expect(res.body.detail).toContain('GS1 company prefix');
    await log.post(`/api/export-lots/${lot.id}/pallets`).expect(422);
    await admin
      .patch(`/api/plants/${other.plantId}`)
      .send({ gs1CompanyPrefix: '0614141' })
      .expect(200);
  });

  it('packs a PASSED, REGISTERED unit by IMEI or serial: PACKED, with its event and the carton count', async () => {
    const lot = await createLot();
    const carton = await openCarton(lot.id, 2);
    const [u1, u2] = await fx.passedUnits(2);
    const first = await pack(carton.sscc, u1.imeis[1]).expect(201);
    expect(first.body).toMatchObject({
      carton: carton.sscc,
      unitCount: 1,
      capacity: 2,
      full: false,
      unit: { serialNumber: u1.serialNumber, status: 'PACKED', imeis: u1.imeis },
    });
    const second = await pack(carton.sscc, u2.serialNumber).expect(201);
    expect(second.body).toMatchObject({ unitCount: 2, full: true });
    const [row] = await db.query('SELECT status FROM units WHERE id = $1', [u1.id]);
    expect(row.status).toBe('PACKED');
    const events = await db.query(
      `SELECT type, from_status, to_status, details FROM unit_events WHERE unit_id = $1 AND type = 'PACKED'`,
      [u1.id],
    );
    expect(events).toEqual([
      {
        type: 'PACKED',
        from_status: 'PASSED',
        to_status: 'PACKED',
        details: { carton: carton.sscc, lot: lot.number },
      },
    ]);
    const detail = (await log.get(`/api/cartons/${carton.sscc}`).expect(200)).body;
    expect(detail.units.map((u: PackableUnit) => u.serialNumber).sort()).toEqual(
      [u1.serialNumber, u2.serialNumber].sort(),
    );
  });

  it('replays a pack with the same Idempotency-Key and changes nothing', async () => {
    const lot = await createLot();
    const carton = await openCarton(lot.id);
    const [u] = await fx.passedUnits(1);
    const key = `k-${randomUUID()}`;
    const a = await pack(carton.sscc, u.serialNumber).set('Idempotency-Key', key).expect(201);
    const b = await pack(carton.sscc, u.serialNumber).set('Idempotency-Key', key).expect(201);
    expect(b.headers['idempotent-replayed']).toBe('true');
    expect(b.body).toEqual(a.body);
    const [{ unit_count }] = await db.query(
      'SELECT unit_count FROM export_cartons WHERE sscc = $1',
      [carton.sscc],
    );
    expect(unit_count).toBe(1);
  });

  describe('refusals, each a 409 that says why', () => {
    let lot: { id: string; number: string };
    let carton: { sscc: string };

    beforeAll(async () => {
      lot = await createLot();
      carton = await openCarton(lot.id, 20);
    });

    it('the unit is not PASSED', async () => {
      const [u] = await fx.passedUnits(1, { status: 'IN_QC' });
      refusal(
        await pack(carton.sscc, u.serialNumber),
        'unit-not-passed',
        /IN_QC.*only PASSED units/,
      );
    });

    it('the unit is packed already, naming the carton', async () => {
      const [u] = await fx.passedUnits(1);
      await pack(carton.sscc, u.serialNumber).expect(201);
      const second = await openCarton(lot.id);
      const res = await pack(second.sscc, u.imeis[0]);
      refusal(res, 'unit-already-packed', new RegExp(`already packed in carton ${carton.sscc}`));
      expect(res.body.carton).toBe(carton.sscc);
      refusal(await pack(carton.sscc, u.serialNumber), 'unit-already-packed', carton.sscc);
    });

    it('the unit is on hold, or scrapped', async () => {
      const [held] = await fx.passedUnits(1, { status: 'ON_HOLD' });
      refusal(
        await pack(carton.sscc, held.serialNumber),
        'unit-on-hold',
        /on hold; release it first/,
      );
      const [scrapped] = await fx.passedUnits(1, { status: 'SCRAPPED' });
      refusal(await pack(carton.sscc, scrapped.serialNumber), 'unit-scrapped', /scrapped/);
    });

    it('its model is not in the lot', async () => {
      const [u] = await other.passedUnits(1);
      refusal(
        await pack(carton.sscc, u.serialNumber),
        'model-not-in-lot',
        `export lot ${lot.number} does not carry`,
      );
    });

    it('the lot requires registration and the unit is not REGISTERED', async () => {
      const [u] = await fx.passedUnits(1, { registryStatus: 'PENDING' });
      refusal(
        await pack(carton.sscc, u.serialNumber),
        'unit-not-registered',
        /PENDING.*only REGISTERED/,
      );
      const free = await createLot({ requiresRegistration: false });
      const freeCarton = await openCarton(free.id);
      await pack(freeCarton.sscc, u.serialNumber).expect(201);
    });

    it('the carton is full', async () => {
      const small = await openCarton(lot.id, 1);
      const [a, b] = await fx.passedUnits(2);
      await pack(small.sscc, a.serialNumber).expect(201);
      refusal(await pack(small.sscc, b.serialNumber), 'carton-full', /full \(1 of 1\)/);
    });

    it('the carton is closed', async () => {
      const c = await openCarton(lot.id, 5);
      const [a, b] = await fx.passedUnits(2);
      await pack(c.sscc, a.serialNumber).expect(201);
      await log.post(`/api/cartons/${c.sscc}/close`).expect(200);
      refusal(await pack(c.sscc, b.serialNumber), 'carton-closed', /closed; open a new carton/);
      refusal(await log.post(`/api/cartons/${c.sscc}/close`), 'carton-closed', 'already closed');
      const empty = await openCarton(lot.id, 5);
      refusal(await log.post(`/api/cartons/${empty.sscc}/close`), 'carton-empty', 'empty');
    });

    it('the lot is not open', async () => {
      const l = await createLot();
      const c = await openCarton(l.id, 5);
      const [a, b] = await fx.passedUnits(2);
      await pack(c.sscc, a.serialNumber).expect(201);
      await log.post(`/api/cartons/${c.sscc}/close`).expect(200);
      await log.post(`/api/export-lots/${l.id}/inspection`).expect(201);
      const c2 = await log.post(`/api/export-lots/${l.id}/cartons`).send({ capacity: 5 });
      refusal(c2, 'lot-not-open', /INSPECTING/);
      refusal(
        await pack(c.sscc, b.serialNumber),
        'lot-not-open',
        new RegExp(`${l.number} is INSPECTING`),
      );
      refusal(
        await log.delete(`/api/cartons/${c.sscc}/units/${a.serialNumber}`).send({ reason: 'x' }),
        'lot-not-open',
        /INSPECTING/,
      );
    });

    it('a carton or unit that does not exist is a 404', async () => {
      const [u] = await fx.passedUnits(1);
      await pack('006141419999999999', u.serialNumber).expect(404);
      await pack(carton.sscc, 'NO-SUCH-SERIAL').expect(404);
    });
  });

  it('unpacks with a reason: the unit is PASSED again and can be packed elsewhere; refuses the wrong carton', async () => {
    const lot = await createLot();
    const a = await openCarton(lot.id);
    const b = await openCarton(lot.id);
    const [u] = await fx.passedUnits(1);
    await pack(a.sscc, u.serialNumber).expect(201);
    const wrong = await log
      .delete(`/api/cartons/${b.sscc}/units/${u.serialNumber}`)
      .send({ reason: 'wrong box' });
    refusal(wrong, 'unit-not-in-carton', `it is in carton ${a.sscc}`);
    await log.delete(`/api/cartons/${a.sscc}/units/${u.serialNumber}`).send({}).expect(400);
    const res = await log
      .delete(`/api/cartons/${a.sscc}/units/${u.imeis[0]}`)
      .send({ reason: 'Box dented' })
      .expect(200);
    expect(res.body).toMatchObject({ serialNumber: u.serialNumber, status: 'PASSED' });
    const [ev] = await db.query(
      `SELECT from_status, to_status, details FROM unit_events WHERE unit_id = $1 AND type = 'UNPACKED'`,
      [u.id],
    );
    expect(ev).toEqual({
      from_status: 'PACKED',
      to_status: 'PASSED',
      details: { carton: a.sscc, reason: 'Box dented' },
    });
    await pack(b.sscc, u.serialNumber).expect(201);
    const counts = await db.query(
      'SELECT sscc, unit_count FROM export_cartons WHERE lot_id = $1 ORDER BY sscc',
      [lot.id],
    );
    expect(counts.map((c: { unit_count: number }) => c.unit_count)).toEqual([0, 1]);
  });

  it('unpacks a unit held in its carton still on hold; a closed carton opens again, also when emptied', async () => {
    const lot = await createLot();
    const box = await openCarton(lot.id, 5);
    const [held, kept] = await fx.passedUnits(2);
    await pack(box.sscc, held.serialNumber).expect(201);
    await pack(box.sscc, kept.serialNumber).expect(201);
    await log.post(`/api/cartons/${box.sscc}/close`).expect(200);
    const sup = await api.as('SUPERVISOR');
    await sup
      .post(`/api/units/${held.serialNumber}/hold`)
      .send({ reason: 'Battery recall check' })
      .expect(201);

    const out = await log
      .delete(`/api/cartons/${box.sscc}/units/${held.serialNumber}`)
      .send({ reason: 'Held unit out' })
      .expect(200);
    expect(out.body.status).toBe('ON_HOLD');
    const [row] = await db.query('SELECT status, held_from_status FROM units WHERE id = $1', [
      held.id,
    ]);
    expect(row).toEqual({ status: 'ON_HOLD', held_from_status: 'PASSED' });
    const reopened = (await log.get(`/api/cartons/${box.sscc}`).expect(200)).body;
    expect(reopened).toMatchObject({ status: 'OPEN', unitCount: 1 });

    await log.post(`/api/cartons/${box.sscc}/close`).expect(200);
    await log
      .delete(`/api/cartons/${box.sscc}/units/${kept.serialNumber}`)
      .send({ reason: 'Box crushed' })
      .expect(200);
    const emptied = (await log.get(`/api/cartons/${box.sscc}`).expect(200)).body;
    expect(emptied).toMatchObject({ status: 'OPEN', unitCount: 0, closedAt: null });
  });

  it('discards an empty carton, also one emptied off a pallet; refuses one that holds units or whose lot is not open', async () => {
    const lot = await createLot();
    const spare = await openCarton(lot.id, 5);
    const box = await openCarton(lot.id, 5);
    const [u] = await fx.passedUnits(1);
    await pack(box.sscc, u.serialNumber).expect(201);
    await log.post(`/api/cartons/${box.sscc}/close`).expect(200);
    const pallet = (await log.post(`/api/export-lots/${lot.id}/pallets`).expect(201)).body;
    await log.post(`/api/pallets/${pallet.sscc}/cartons`).send({ carton: box.sscc }).expect(201);

    refusal(await log.delete(`/api/cartons/${box.sscc}`), 'carton-not-empty', /holds 1 unit/);
    await log.delete(`/api/cartons/${spare.sscc}`).expect(204);
    // Its label is void: whatever scans it hears that it was discarded, when and by whom.
    const [w] = await fx.passedUnits(1);
    for (const res of [
      await log.get(`/api/cartons/${spare.sscc}`),
      await log.delete(`/api/cartons/${spare.sscc}`),
      await pack(spare.sscc, w.serialNumber),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ type: expect.stringMatching(/carton-discarded$/) });
      expect(res.body.detail).toMatch(
        new RegExp(`^Carton ${spare.sscc} was discarded at .+ by .+; its label is void`),
      );
    }
    await log.get(`/api/cartons/${'0'.repeat(18)}`).expect(404, /Carton 0{18} was not found/);

    await log
      .delete(`/api/cartons/${box.sscc}/units/${u.serialNumber}`)
      .send({ reason: 'Box crushed' })
      .expect(200);
    await log.delete(`/api/cartons/${box.sscc}`).expect(204);
    const left = await db.query('SELECT count(*)::int AS n FROM export_cartons WHERE lot_id = $1', [
      lot.id,
    ]);
    expect(left[0].n).toBe(0);
    const audit = await db.query(
      "SELECT entity_id, before, after FROM audit_log WHERE entity = 'carton' AND action = 'DISCARD' AND entity_id = ANY($1) ORDER BY id",
      [[spare.sscc, box.sscc]],
    );
    expect(audit).toEqual([
      { entity_id: spare.sscc, before: { status: 'OPEN', pallet: null }, after: null },
      { entity_id: box.sscc, before: { status: 'OPEN', pallet: pallet.sscc }, after: null },
    ]);

    const held = await createLot();
    const other = await openCarton(held.id, 5);
    await db.query("UPDATE export_lots SET status = 'ON_HOLD' WHERE id = $1", [held.id]);
    refusal(await log.delete(`/api/cartons/${other.sscc}`), 'lot-not-open', /ON_HOLD/);
    await log.get(`/api/cartons/${other.sscc}`).expect(200);
  });

  it('puts closed cartons on a pallet; refuses open cartons, cartons already on a pallet, and other lots; counts by status', async () => {
    const lot = await createLot();
    const c1 = await openCarton(lot.id, 2);
    const c2 = await openCarton(lot.id, 2);
    const units = await fx.passedUnits(3);
    await pack(c1.sscc, units[0].serialNumber).expect(201);
    await pack(c1.sscc, units[1].serialNumber).expect(201);
    await pack(c2.sscc, units[2].serialNumber).expect(201);
    const pallet = (await log.post(`/api/export-lots/${lot.id}/pallets`).expect(201)).body;
    refusal(
      await log.post(`/api/pallets/${pallet.sscc}/cartons`).send({ carton: c1.sscc }),
      'carton-not-closed',
      'still open',
    );
    await log.post(`/api/cartons/${c1.sscc}/close`).expect(200);
    const added = await log
      .post(`/api/pallets/${pallet.sscc}/cartons`)
      .send({ carton: c1.sscc })
      .expect(201);
    expect(added.body.cartons).toEqual([c1.sscc]);
    const pallet2 = (await log.post(`/api/export-lots/${lot.id}/pallets`).expect(201)).body;
    refusal(
      await log.post(`/api/pallets/${pallet2.sscc}/cartons`).send({ carton: c1.sscc }),
      'carton-on-pallet',
      `already on pallet ${pallet.sscc}`,
    );
    const otherLot = await createLot();
    const otherPallet = (await log.post(`/api/export-lots/${otherLot.id}/pallets`).expect(201))
      .body;
    refusal(
      await log.post(`/api/pallets/${otherPallet.sscc}/cartons`).send({ carton: c1.sscc }),
      'carton-of-another-lot',
      'another export lot',
    );

    const detail = (await log.get(`/api/export-lots/${lot.id}`).expect(200)).body;
    expect(detail.counts).toEqual({
      units: { total: 3, byStatus: { PACKED: 3 } },
      cartons: { total: 2, byStatus: { OPEN: 1, CLOSED: 1 } },
      pallets: { total: 2, byStatus: { LOADED: 1, EMPTY: 1 } },
      cartonsWithoutPallet: 1,
    });
    expect((await log.get(`/api/export-lots/${lot.number}`).expect(200)).body.id).toBe(lot.id);
  });
});
