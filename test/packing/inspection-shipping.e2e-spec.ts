import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LotRow, ManifestService } from '@lt/packing';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { createPackingFixture, PackableUnit, PackingFixture } from '../support/packing-factory';
import { rawSocket } from '../support/raw-socket';

interface BuiltLot {
  id: string;
  number: string;
  cartons: string[];
  units: PackableUnit[];
}

describe('Packing: outgoing inspection, seal, ship, manifests and labels', () => {
  let api: ApiHarness;
  let db: DataSource;
  let fx: PackingFixture;
  let log: AuthedAgent;
  const DEFECT = `PK-SCRATCH-${randomUUID().slice(0, 6)}`;

  /** A lot of `count` packed units in closed cartons of `capacity`. */
  const buildLot = async (
    count: number,
    capacity: number,
    body: Record<string, unknown> = {},
  ): Promise<BuiltLot> => {
    const lot = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'Gulf Mobile LLC',
          plannedQuantity: count,
          deviceModelIds: [fx.deviceModelId],
          ...body,
        })
        .expect(201)
    ).body;
    const units = await fx.passedUnits(count);
    const cartons: string[] = [];
    for (let i = 0; i < count; i += capacity) {
      const carton = (
        await log.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity }).expect(201)
      ).body;
      for (const u of units.slice(i, i + capacity)) {
        await log
          .post(`/api/cartons/${carton.sscc}/units`)
          .send({ unit: u.serialNumber })
          .expect(201);
      }
      await log.post(`/api/cartons/${carton.sscc}/close`).expect(200);
      cartons.push(carton.sscc);
    }
    return { id: lot.id, number: lot.number, cartons, units };
  };
  const result = (lotId: string, body: object) =>
    log.post(`/api/export-lots/${lotId}/inspection/results`).send(body);

  /** Draws the sample and passes every sampled unit: the lot is ACCEPTED. */
  const inspectAndAccept = async (lot: BuiltLot) => {
    const draw = (await log.post(`/api/export-lots/${lot.id}/inspection`).expect(201)).body;
    let last;
    for (const serial of draw.units)
      last = (await result(lot.id, { unit: serial, result: 'PASS' }).expect(201)).body;
    return last;
  };

  beforeAll(async () => {
    api = await startApi();
    db = api.app.get(DataSource);
    fx = await createPackingFixture(api);
    log = await api.as('LOGISTICS');
    await db.query('INSERT INTO defect_codes (code, description) VALUES ($1, $2)', [
      DEFECT,
      'Scratch on the display',
    ]);
  });
  afterAll(() => api.close());

  it('refuses to draw while a carton is open, naming it', async () => {
    const lot = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'C',
          plannedQuantity: 5,
          deviceModelIds: [fx.deviceModelId],
        })
        .expect(201)
    ).body;
    const carton = (
      await log.post(`/api/export-lots/${lot.id}/cartons`).send({ capacity: 5 }).expect(201)
    ).body;
    const res = await log.post(`/api/export-lots/${lot.id}/inspection`).expect(409);
    expect(res.body.detail).toContain(carton.sscc);
    expect(res.body.detail).toContain('still open');
  });

  it('draws the ISO 2859-1 sample at random; a FAIL at Re rejects the lot and puts it ON_HOLD', async () => {
    // 30 units at AQL 0.65: letter D, whose cell points down to F: 20 units, Ac 0, Re 1.
    const lot = await buildLot(30, 20);
    const draw = await log.post(`/api/export-lots/${lot.id}/inspection`).expect(201);
    expect(draw.body).toMatchObject({
      codeLetter: 'D',
      planLetter: 'F',
      sampleSize: 20,
      acceptNumber: 0,
      rejectNumber: 1,
      lotSize: 30,
      status: 'IN_PROGRESS',
    });
    expect(new Set(draw.body.units).size).toBe(20);
    const serials = new Set(lot.units.map((u) => u.serialNumber));
    expect(draw.body.units.every((s: string) => serials.has(s))).toBe(true);
    await log.post(`/api/export-lots/${lot.id}/inspection`).expect(409);

    const notSampled = lot.units.find((u) => !draw.body.units.includes(u.serialNumber))!;
    const refused = await result(lot.id, { unit: notSampled.serialNumber, result: 'PASS' }).expect(
      409,
    );
    expect(refused.body.detail).toContain('was not drawn in the sample');
    await result(lot.id, { unit: draw.body.units[0], result: 'FAIL' }).expect(400); // FAIL needs defect codes
    await result(lot.id, {
      unit: draw.body.units[0],
      result: 'FAIL',
      defectCodes: ['NO-SUCH-CODE'],
    }).expect(422);

    await result(lot.id, { unit: draw.body.units[0], result: 'PASS' }).expect(201);
    const again = await result(lot.id, { unit: draw.body.units[0], result: 'PASS' }).expect(409);
    expect(again.body.detail).toContain('already has the result PASS');
    const failed = await result(lot.id, {
      unit: draw.body.units[1],
      result: 'FAIL',
      defectCodes: [DEFECT],
    }).expect(201);
    expect(failed.body).toMatchObject({ status: 'REJECTED', inspected: 2, defectives: 1 });
    const shown = (await log.get(`/api/export-lots/${lot.id}`).expect(200)).body;
    expect(shown.status).toBe('ON_HOLD');
    await result(lot.id, { unit: draw.body.units[2], result: 'PASS' }).expect(409);
    const seal = await log.post(`/api/export-lots/${lot.id}/seal`).expect(409);
    expect(seal.body.detail).toContain('ON_HOLD');
  });

  it('releases a rejected lot to be screened: the failed unit unpacked and replaced, a new sample drawn, accepted, sealed', async () => {
    const lot = await buildLot(30, 20);
    const draw = (await log.post(`/api/export-lots/${lot.id}/inspection`).expect(201)).body;
    const bad = draw.units[0] as string;
    await result(lot.id, { unit: bad, result: 'FAIL', defectCodes: [DEFECT] }).expect(201);
    const carton = lot.cartons[Math.floor(lot.units.findIndex((u) => u.serialNumber === bad) / 20)];
    const unpack = () =>
      log.delete(`/api/cartons/${carton}/units/${bad}`).send({ reason: 'Scratched glass' });

    const held = await unpack().expect(409);
    expect(held.body.detail).toContain('ON_HOLD');
    expect(held.body.detail).toContain('a manager or an administrator releases it');
    // Releasing a rejected lot is a manager's decision, not the packing team's.
    const manager = await api.as('MANAGER');
    await log.post(`/api/export-lots/${lot.id}/release`).send({ note: 'Screened' }).expect(403);
    expect((await log.get(`/api/export-lots/${lot.id}`).expect(200)).body.status).toBe('ON_HOLD');
    const noNote = await manager.post(`/api/export-lots/${lot.id}/release`).send({}).expect(400);
    expect(noNote.body.errors[0].field).toBe('note');
    const blank = await manager
      .post(`/api/export-lots/${lot.id}/release`)
      .send({ note: '   ' })
      .expect(400);
    expect(blank.body.errors[0]).toMatchObject({
      field: 'note',
      message: 'note must not be blank',
    });
    expect(
      await manager
        .post(`/api/export-lots/${lot.number}/release`)
        .send({ note: 'Screened 100 %: one scratched unit replaced' })
        .expect(200),
    ).toMatchObject({ body: { status: 'OPEN' } });
    const twice = await manager
      .post(`/api/export-lots/${lot.id}/release`)
      .send({ note: 'again' })
      .expect(409);
    expect(twice.body.detail).toContain('only a lot on hold');
    const [audit] = await db.query(
      `SELECT before, after FROM audit_log WHERE entity = 'export_lot' AND entity_id = $1 AND action = 'RELEASE'`,
      [lot.id],
    );
    expect(audit).toEqual({
      before: { status: 'ON_HOLD' },
      after: { status: 'OPEN', note: 'Screened 100 %: one scratched unit replaced' },
    });

    // The failed unit must come out before a new sample: the lot names it and its carton.
    const shown = (await log.get(`/api/export-lots/${lot.id}/inspection`).expect(200)).body;
    expect(shown.failedUnits).toEqual([{ serialNumber: bad, carton }]);
    const early = await log.post(`/api/export-lots/${lot.id}/inspection`).expect(409);
    expect(early.body.detail).toContain(`${bad} (carton ${carton})`);

    // Screening: the failed unit out of its closed carton, which opens again; a good one in.
    const before = (await log.get(`/api/cartons/${carton}`).expect(200)).body;
    expect(before.status).toBe('CLOSED');
    // The failed unit comes out on hold, for a supervisor: it is not packed again as it is.
    expect((await unpack().expect(200)).body).toMatchObject({
      serialNumber: bad,
      status: 'ON_HOLD',
    });
    const history = (await log.get(`/api/units/${bad}`).expect(200)).body.history as {
      type: string;
      toStatus: string;
    }[];
    expect(history.slice(-2).map((e) => [e.type, e.toStatus])).toEqual([
      ['UNPACKED', 'PASSED'],
      ['HELD', 'ON_HOLD'],
    ]);
    // Released, it failed its last stage: reworked and tested there again before it is
    // packed; its registration stands, and no second one is queued.
    const supervisor = await api.as('SUPERVISOR');
    const [unitBefore] = await db.query<{ registry_status: string; passed_at: Date }[]>(
      'SELECT registry_status, passed_at FROM units WHERE serial_number = $1',
      [bad],
    );
    const lastStage = fx.route[fx.route.length - 1];
    const released = await supervisor
      .post(`/api/units/${bad}/release`)
      .send({ note: 'Glass to be replaced' })
      .expect(201);
    expect(released.body).toMatchObject({ status: 'FAILED', nextStage: lastStage });
    await log.post(`/api/cartons/${carton}/units`).send({ unit: bad }).expect(409);
    await supervisor.post(`/api/units/${bad}/rework`).send({ note: 'Glass replaced' }).expect(201);
    const outboxBefore = await db.query('SELECT count(*)::int AS n FROM registry_outbox');
    // The next attempt at the stage (this fixture's units were passed by SQL, without results).
    const [{ tried }] = await db.query<{ tried: number }[]>(
      `SELECT count(*)::int AS tried FROM qc_results q JOIN units u ON u.id = q.unit_id
       WHERE u.serial_number = $1 AND q.stage = $2`,
      [bad, lastStage],
    );
    const retest = await supervisor
      .post(`/api/units/${bad}/qc-results`)
      .set('Idempotency-Key', randomUUID())
      .send({ stage: lastStage, result: 'PASS' })
      .expect(201);
    expect(retest.body).toMatchObject({ attempt: tried + 1, unit: { status: 'PASSED' } });
    expect(retest.body.unit.registryStatus).toBe(unitBefore.registry_status);
    expect(await db.query('SELECT count(*)::int AS n FROM registry_outbox')).toEqual(outboxBefore);
    const [unitAfter] = await db.query<{ passed_at: Date }[]>(
      'SELECT passed_at FROM units WHERE serial_number = $1',
      [bad],
    );
    expect(unitAfter.passed_at).toEqual(unitBefore.passed_at);
    expect(
      (await log.get(`/api/export-lots/${lot.id}/inspection`).expect(200)).body.failedUnits,
    ).toEqual([]);
    expect((await log.get(`/api/cartons/${carton}`).expect(200)).body).toMatchObject({
      status: 'OPEN',
      unitCount: before.unitCount - 1,
      closedAt: null,
    });
    const reopenedDraw = await log.post(`/api/export-lots/${lot.id}/inspection`).expect(409);
    expect(reopenedDraw.body.detail).toContain(carton);
    const [replacement] = await fx.passedUnits(1);
    await log
      .post(`/api/cartons/${carton}/units`)
      .send({ unit: replacement.serialNumber })
      .expect(201);
    await log.post(`/api/cartons/${carton}/close`).expect(200);

    const decided = await inspectAndAccept(lot);
    expect(decided).toMatchObject({ status: 'ACCEPTED', inspected: 20, defectives: 0 });
    const latest = (await log.get(`/api/export-lots/${lot.id}/inspection`).expect(200)).body;
    expect(latest.units).not.toContain(bad);
    await log.post(`/api/export-lots/${lot.id}/seal`).expect(200);
  });

  it('accepts when every sampled unit is inspected within Ac; seals; ships: units SHIPPED, DEREGISTER queued for export', async () => {
    const lot = await buildLot(30, 20);
    await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-1', transportDocument: 'AWB-1' })
      .expect(409);
    const pallet = (await log.post(`/api/export-lots/${lot.id}/pallets`).expect(201)).body;
    await log
      .post(`/api/pallets/${pallet.sscc}/cartons`)
      .send({ carton: lot.cartons[0] })
      .expect(201);

    const decided = await inspectAndAccept(lot);
    expect(decided).toMatchObject({ status: 'ACCEPTED', inspected: 20, defectives: 0 });
    expect((await log.get(`/api/export-lots/${lot.id}`).expect(200)).body.status).toBe('ACCEPTED');
    await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-1', transportDocument: 'AWB-1' })
      .expect(409);
    const sealed = await log.post(`/api/export-lots/${lot.id}/seal`).expect(200);
    expect(sealed.body.status).toBe('SEALED');

    await log.post(`/api/export-lots/${lot.id}/ship`).send({ invoiceNumber: 'INV-1' }).expect(400);
    const shipped = await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-2026-0042', transportDocument: 'AWB 176-12345675' })
      .expect(200);
    expect(shipped.body).toMatchObject({
      status: 'SHIPPED',
      invoiceNumber: 'INV-2026-0042',
      transportDocument: 'AWB 176-12345675',
    });
    const ids = lot.units.map((u) => u.id);
    const statuses = await db.query(
      'SELECT DISTINCT status, registry_status FROM units WHERE id = ANY($1::uuid[])',
      [ids],
    );
    // registryStatus stays REGISTERED until the registry confirms the de-registration.
    expect(statuses).toEqual([{ status: 'SHIPPED', registry_status: 'REGISTERED' }]);
    const outbox = await db.query(
      `SELECT kind, reason, count(*)::int AS n FROM registry_outbox WHERE unit_id = ANY($1::uuid[]) GROUP BY kind, reason`,
      [ids],
    );
    expect(outbox).toEqual([{ kind: 'DEREGISTER', reason: 'Export to AE', n: 30 }]);
    const [{ n: events }] = await db.query(
      `SELECT count(*)::int AS n FROM unit_events WHERE unit_id = ANY($1::uuid[]) AND type = 'SHIPPED' AND to_status = 'SHIPPED'`,
      [ids],
    );
    expect(events).toBe(30);
    const again = await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-3', transportDocument: 'AWB-3' })
      .expect(409);
    expect(again.body.detail).toContain('SHIPPED');

    // The manifest: one row per packed unit with the columns the consignee and customs read.
    const csv = await log.get(`/api/export-lots/${lot.id}/manifest.csv`).buffer(true).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const [header, ...rows] = csv.text.trim().split('\r\n');
    expect(header).toBe(
      'lot_number,pallet_sscc,carton_sscc,serial_number,imei_1,imei_2,brand,model,model_number',
    );
    const parsed = rows.map((r) => r.split(','));
    expect(parsed).toHaveLength(30);
    const bySerial = new Map(parsed.map((r) => [r[3], r]));
    for (const u of lot.units) {
      const row = bySerial.get(u.serialNumber)!;
      expect(row[0]).toBe(lot.number);
      expect([row[4], row[5]]).toEqual(u.imeis);
      expect(lot.cartons).toContain(row[2]);
      expect(row[1]).toBe(row[2] === lot.cartons[0] ? pallet.sscc : '');
      expect(row[6]).toBe('Acme');
    }

    const pdf = await log
      .get(`/api/export-lots/${lot.id}/manifest.pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const body = pdf.body as Buffer;
    expect(body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(body.toString('latin1').match(/\/Type \/Page\b(?!s)/g)).toHaveLength(
      1 + lot.cartons.length,
    );
  });

  it('ships a domestic (PK) lot without de-registration', async () => {
    const lot = await buildLot(8, 10, { destinationCountry: 'PK' });
    await inspectAndAccept(lot);
    await log.post(`/api/export-lots/${lot.id}/seal`).expect(200);
    await log
      .post(`/api/export-lots/${lot.id}/ship`)
      .send({ invoiceNumber: 'INV-PK', transportDocument: 'TR-1' })
      .expect(200);
    const [{ n }] = await db.query(
      'SELECT count(*)::int AS n FROM registry_outbox WHERE unit_id = ANY($1::uuid[])',
      [lot.units.map((u) => u.id)],
    );
    expect(n).toBe(0);
    const [{ shipped }] = await db.query(
      `SELECT count(*)::int AS shipped FROM units WHERE id = ANY($1::uuid[]) AND status = 'SHIPPED'`,
      [lot.units.map((u) => u.id)],
    );
    expect(shipped).toBe(8);
  });

  it('prints the carton label with the SSCC as GS1-128 (00) and the carton IMEIs, as ZPL and PDF', async () => {
    const lot = await buildLot(3, 5);
    const sscc = lot.cartons[0];
    const zpl = await log.get(`/api/cartons/${sscc}/label?format=zpl`).expect(200);
    expect(zpl.text).toContain(`^BCN,160,Y,N,N,D^FD(00)${sscc}^FS`);
    for (const imei of lot.units.flatMap((u) => u.imeis)) expect(zpl.text).toContain(imei);
    const pdf = await log
      .get(`/api/cartons/${sscc}/label?format=pdf`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    await log.get(`/api/cartons/${sscc}/label?format=png`).expect(400);
  });

  it('packs a unit that went through real QC (PASSED, registry PENDING) only into a lot that does not require registration', async () => {
    const [unit] = await fx.recordedUnits(1);
    const sup = await api.as('SUPERVISOR');
    for (const stage of fx.route) {
      await sup
        .post(`/api/units/${unit.serialNumber}/qc-results`)
        .set('Idempotency-Key', `k-${randomUUID()}`)
        .send({ stage, result: 'PASS' })
        .expect(201);
    }
    const [row] = await db.query('SELECT status, registry_status FROM units WHERE id = $1', [
      unit.id,
    ]);
    expect(row).toEqual({ status: 'PASSED', registry_status: 'PENDING' });
    const strict = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'AE',
          consignee: 'C',
          plannedQuantity: 1,
          deviceModelIds: [fx.deviceModelId],
        })
        .expect(201)
    ).body;
    const strictCarton = (
      await log.post(`/api/export-lots/${strict.id}/cartons`).send({ capacity: 5 }).expect(201)
    ).body;
    const refused = await log
      .post(`/api/cartons/${strictCarton.sscc}/units`)
      .send({ unit: unit.imeis[0] })
      .expect(409);
    expect(refused.body.type).toBe('https://linetrack.dev/problems/unit-not-registered');
    const loose = (
      await log
        .post('/api/export-lots')
        .send({
          plantId: fx.plantId,
          destinationCountry: 'PK',
          consignee: 'C',
          plannedQuantity: 1,
          deviceModelIds: [fx.deviceModelId],
          requiresRegistration: false,
        })
        .expect(201)
    ).body;
    const carton = (
      await log.post(`/api/export-lots/${loose.id}/cartons`).send({ capacity: 5 }).expect(201)
    ).body;
    await log.post(`/api/cartons/${carton.sscc}/units`).send({ unit: unit.imeis[0] }).expect(201);
  });
  it.each(['pdf', 'csv'] as const)(
    'stops writing the %s manifest and gives back its connection when the client leaves',
    async (format) => {
      const lot = await buildLot(4, 2);
      const manifests = api.app.get(ManifestService);
      const method = format === 'pdf' ? 'writePdf' : 'writeCsv';
      const real = manifests[method].bind(manifests);
      let writing: Promise<void> | undefined;
      const spy = jest
        .spyOn(manifests, method)
        .mockImplementation((row: LotRow, sink: Writable) => (writing = real(row, sink)));
      // Holds the writer at its first read of the cartons until the client has gone.
      const locker = new Client({ connectionString: api.db.url });
      await locker.connect();
      const { socket, close } = await rawSocket(api);
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE export_cartons IN ACCESS EXCLUSIVE MODE');
        socket.write(
          [
            `GET /api/export-lots/${lot.id}/manifest.${format} HTTP/1.1`,
            'Host: localhost',
            `Authorization: Bearer ${await api.tokenFor('LOGISTICS')}`,
            '',
            '',
          ].join('\r\n'),
        );
        while (!writing) await new Promise((resolve) => setTimeout(resolve, 10));
        socket.destroy();
        await new Promise((resolve) => setTimeout(resolve, 100));
        await locker.query('COMMIT');
        // Before the fix the PDF writer waited for ever for a 'finish' that never came.
        await expect(writing).rejects.toThrow('the client closed the connection');
        const [{ open }] = (
          await locker.query<{ open: number }>(
            `SELECT count(*)::int AS open FROM pg_stat_activity
             WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
          )
        ).rows;
        expect(open).toBe(0);
      } finally {
        spy.mockRestore();
        await locker.end();
        await close();
      }
    },
  );
});
