import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { Client } from 'pg';
import request from 'supertest';
import { imeiOf, isValidImei } from '@lt/production';
import { ApiHarness, startApi } from '../support/api-harness';
import { addRangePool, createPlantFixture, PlantFixture } from '../support/plant-fixture';
import { rawSocket } from '../support/raw-socket';

describe('units off the line: serials and IMEIs', () => {
  let api: ApiHarness;
  let fx: PlantFixture;
  beforeAll(async () => {
    // A small count limit, for the list's lower-bound total; the other lists stay under it.
    api = await startApi({ UNIT_LIST_COUNT_LIMIT: '5' });
    fx = await createPlantFixture(api);
    await addRangePool(api, fx, 0, 99);
  });
  afterAll(() => api.close());

  const record = async (workOrderId: string, key = randomUUID()) =>
    (await api.as('SUPERVISOR'))
      .post('/api/units')
      .set('Idempotency-Key', key)
      .send({ workOrderId });

  it('records a unit with a serial from the pattern and two IMEIs in order from the pool', async () => {
    const wo = await fx.workOrderId();
    const res = await record(wo);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'ASSEMBLED',
      workOrderId: wo,
      lineId: fx.lineId,
      deviceModelId: fx.deviceModelId,
    });
    expect(res.body.serialNumber).toMatch(new RegExp(`^${fx.plantCode}L1\\d{6}00001$`));
    expect(res.body.imeis).toEqual([imeiOf(fx.tac, 0), imeiOf(fx.tac, 1)]);
    expect(res.body.imeis.every(isValidImei)).toBe(true);
  });

  it('replays the same unit for the same Idempotency-Key and issues nothing new', async () => {
    const wo = await fx.workOrderId();
    const key = randomUUID();
    const first = await record(wo, key);
    const again = await record(wo, key);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await record(wo);
    expect(other.body.imeis[0]).not.toEqual(first.body.imeis[0]);
    const list = await (await api.as('MANAGER')).get(`/api/units?workOrderId=${wo}`).expect(200);
    expect(list.body.total).toBe(2);
  });

  it('requires the Idempotency-Key header, naming it', async () => {
    const res = await (
      await api.as('SUPERVISOR')
    )
      .post('/api/units')
      .send({ workOrderId: await fx.workOrderId() })
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key' })]);
  });

  it('finds a unit by id, serial or either IMEI, with its history', async () => {
    const created = (await record(await fx.workOrderId())).body;
    const viewer = await api.as('LOGISTICS');
    for (const ref of [created.id, created.serialNumber, created.imeis[0], created.imeis[1]]) {
      const res = await viewer.get(`/api/units/${ref}`).expect(200);
      expect(res.body.id).toBe(created.id);
      expect(res.body.history).toEqual([
        expect.objectContaining({
          type: 'ASSEMBLED',
          toStatus: 'ASSEMBLED',
          actor: 'supervisor@test.local',
        }),
      ]);
      expect(res.body.route).toEqual(fx.route);
    }
    await viewer.get('/api/units/NOPE123').expect(404);
  });

  it('refuses a closed work order and a full one, saying how many of how many', async () => {
    const admin = await api.as('ADMIN');
    const full = await fx.workOrderId(1);
    await record(full).then((r) => expect(r.status).toBe(201));
    const refused = await record(full);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/has 1 of 1 units/);
    const closed = await fx.workOrderId();
    await admin.patch(`/api/work-orders/${closed}`).send({ status: 'CLOSED' }).expect(200);
    const res = await record(closed);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/closed/);
  });

  it('takes a work order at once after an administrator reopens it or approves its model', async () => {
    const admin = await api.as('ADMIN');
    // Each refusal below is read (and kept for two seconds) before the change that lifts it.
    const order = await fx.workOrderId();
    await admin.patch(`/api/work-orders/${order}`).send({ status: 'CLOSED' }).expect(200);
    await record(order).then((r) => expect(r.body.detail).toMatch(/closed/));
    await admin.patch(`/api/work-orders/${order}`).send({ status: 'OPEN' }).expect(200);
    await record(order).then((r) => expect(r.status).toBe(201));

    const noTan = await createPlantFixture(api, { typeApprovalNumber: null });
    await addRangePool(api, noTan, 0, 9);
    const pending = await noTan.workOrderId();
    await record(pending).then((r) => expect(r.body.detail).toMatch(/type-approval/));
    await admin
      .patch(`/api/device-models/${noTan.deviceModelId}`)
      .send({ typeApprovalNumber: 'PTA-LATE-1' })
      .expect(200);
    await record(pending).then((r) => expect(r.status).toBe(201));
  });

  it('refuses a model without a type-approval number and an unknown work order', async () => {
    const noTan = await createPlantFixture(api, { typeApprovalNumber: null });
    await addRangePool(api, noTan, 0, 9);
    const res = await record(await noTan.workOrderId());
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/type-approval/);
    const unknown = await record(randomUUID());
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'workOrderId' })]);
  });

  it('refuses when the pool is exhausted, saying how many remain, and writes nothing', async () => {
    const small = await createPlantFixture(api);
    await addRangePool(api, small, 500, 503); // four IMEIs: two dual-SIM units
    const wo = await small.workOrderId();
    const batch = await (
      await api.as('SUPERVISOR')
    )
      .post('/api/units/batch')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId: wo, count: 3 });
    expect(batch.status).toBe(409);
    expect(batch.body).toMatchObject({ remaining: 4, needed: 6 });
    expect(batch.body.detail).toMatch(/4 left, 6 needed/);
    const pools = await (
      await api.as('MANAGER')
    )
      .get(`/api/device-models/${small.deviceModelId}/imei-pools`)
      .expect(200);
    expect(pools.body).toMatchObject({ size: 4, issued: 0, remaining: 4 });
    expect(pools.body.warning).toMatch(/Only 4 IMEIs left/);
  });

  it('records a batch in one transaction with consecutive serials', async () => {
    const wo = await fx.workOrderId();
    const res = await (
      await api.as('SUPERVISOR')
    )
      .post('/api/units/batch')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId: wo, count: 10 })
      .expect(201);
    expect(res.body.count).toBe(10);
    const seqs = res.body.units.map((u: { serialNumber: string }) =>
      Number(u.serialNumber.slice(-5)),
    );
    expect(seqs).toEqual(Array.from({ length: 10 }, (_, i) => seqs[0] + i));
    const imeis = res.body.units.flatMap((u: { imeis: string[] }) => u.imeis);
    expect(new Set(imeis).size).toBe(20);
    // Issued in pool order, each unit's pair as stored.
    expect(imeis).toEqual([...imeis].sort());
    const viewer = await api.as('SUPERVISOR');
    for (const unit of [res.body.units[0], res.body.units[9]]) {
      const stored = await viewer.get(`/api/units/${unit.serialNumber}`).expect(200);
      expect(stored.body.imeis).toEqual(unit.imeis);
    }
  });

  it('refuses a unit whose work order changed model a moment ago, then takes the new model', async () => {
    const other = await createPlantFixture(api);
    await addRangePool(api, other, 0, 9);
    const wo = await fx.workOrderId(3);
    const supervisor = await api.as('SUPERVISOR');
    // Refused before anything is written, after the API has read the work order (model A).
    await supervisor
      .post('/api/units/batch')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId: wo, count: 4 })
      .expect(409);
    await (
      await api.as('ADMIN')
    )
      .patch(`/api/work-orders/${wo}`)
      .send({ deviceModelId: other.deviceModelId })
      .expect(200);
    const key = randomUUID();
    const refused = await record(wo, key);
    expect(refused.status).toBe(409);
    expect(refused.body.type).toMatch(/work-order-changed$/);
    expect(refused.body.detail).toMatch(/changed its model or line/);
    const recorded = await record(wo, key);
    expect(recorded.status).toBe(201);
    expect(recorded.body.deviceModelId).toBe(other.deviceModelId);
    expect(recorded.body.imeis[0]).toBe(imeiOf(other.tac, 0));
    const byModel = await (
      await api.as('MANAGER')
    )
      .get(`/api/units?deviceModelId=${other.deviceModelId}`)
      .expect(200);
    expect(byModel.body.items.map((u: { id: string }) => u.id)).toEqual([recorded.body.id]);
  });

  it('gives labels as ZPL, PDF and PNG with the serial and IMEIs', async () => {
    const unit = (await record(await fx.workOrderId())).body;
    const viewer = await api.as('SUPERVISOR');
    const zpl = await viewer.get(`/api/units/${unit.serialNumber}/label?format=zpl`).expect(200);
    expect(zpl.text).toContain(`^FD${unit.serialNumber}^FS`);
    expect(zpl.text).toContain(`^FD${unit.imeis[1]}^FS`);
    const pdf = await viewer.get(`/api/units/${unit.id}/label?format=pdf`).buffer(true).expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString()).toBe('%PDF-');
    const png = await viewer.get(`/api/units/${unit.id}/label?format=png`).buffer(true).expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    await viewer.get(`/api/units/${unit.id}/label?format=gif`).expect(400);
  });

  it('answers 401 without credentials and 403 for logistics staff recording units', async () => {
    await request(api.http).post('/api/units').send({}).expect(401);
    const res = await (
      await api.as('LOGISTICS')
    )
      .post('/api/units')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId: randomUUID() });
    expect(res.status).toBe(403);
  });

  it('reads a refused file to its end, so a client that sends its whole body before reading gets its answer', async () => {
    const token = await api.tokenFor('ADMIN');
    const { socket, close } = await rawSocket(api);
    try {
      const boundary = 'lt-boundary';
      const part = (filename: string, content: Buffer) =>
        Buffer.concat([
          Buffer.from(
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n\r\n`,
          ),
          content,
          Buffer.from('\r\n'),
        ]);
      // A second file larger than the socket buffers hold while the server does not read.
      const body = Buffer.concat([
        part('a.csv', Buffer.from(`imei\n${imeiOf(fx.tac, 991_000)}\n`)),
        part('b.csv', Buffer.alloc(7 * 1024 * 1024, 'x')),
        Buffer.from(`--${boundary}--\r\n`),
      ]);
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
      const head = [
        `POST /api/device-models/${fx.deviceModelId}/imei-pools/csv HTTP/1.1`,
        'Host: localhost',
        `Authorization: Bearer ${token}`,
        `Content-Type: multipart/form-data; boundary=${boundary}`,
        `Content-Length: ${body.length}`,
      ].join('\r\n');
      // Resolves once the server has taken the whole body; it never did when it stopped reading.
      await new Promise<void>((resolve) =>
        socket.write(Buffer.concat([Buffer.from(`${head}\r\n\r\n`), body]), () => resolve()),
      );
      while (!answer.includes('\r\n\r\n')) await once(socket, 'data');
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('send one file');
    } finally {
      await close();
    }
  });

  it('has imeis vacuumed after every 10,000 claims, so a claim does not walk weeks of issued IMEIs', async () => {
    const sql = new Client({ connectionString: api.db.url });
    await sql.connect();
    const { rows } = await sql.query<{ reloptions: string[] }>(
      "SELECT reloptions FROM pg_class WHERE relname = 'imeis'",
    );
    await sql.end();
    expect(rows[0].reloptions).toEqual(
      expect.arrayContaining([
        'autovacuum_vacuum_scale_factor=0',
        'autovacuum_vacuum_threshold=10000',
        'vacuum_index_cleanup=on',
      ]),
    );
  });

  it('leaves no gap when a transaction is killed midway', async () => {
    const gap = await createPlantFixture(api, { imeisPerDevice: 1 });
    await addRangePool(api, gap, 0, 49);
    const wo = await gap.workOrderId();
    const killer = new Client({ connectionString: api.db.url });
    await killer.connect();
    // Make unit inserts of this work order slow, then kill the backend while it holds its claim.
    await killer.query(`CREATE FUNCTION slow_unit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.work_order_id = '${wo}' AND pg_advisory_lock_shared(4242) IS NOT NULL THEN PERFORM pg_sleep(0); END IF; RETURN NEW; END $$`);
    await killer.query(
      'CREATE TRIGGER slow_unit BEFORE INSERT ON units FOR EACH ROW EXECUTE FUNCTION slow_unit()',
    );
    await killer.query('SELECT pg_advisory_lock(4242)');
    const pending = record(wo);
    let pid: number | undefined;
    for (let i = 0; i < 100 && !pid; i++) {
      await new Promise((r) => setTimeout(r, 50));
      const found = await killer.query(
        `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT granted`,
      );
      pid = found.rows[0]?.pid;
    }
    expect(pid).toBeDefined();
    await killer.query('SELECT pg_terminate_backend($1)', [pid]);
    await killer.query('SELECT pg_advisory_unlock(4242)');
    expect((await pending).status).toBeGreaterThanOrEqual(500);
    await killer.query('DROP TRIGGER slow_unit ON units');
    await killer.end();
    const next = await record(wo);
    expect(next.status).toBe(201);
    expect(next.body.imeis).toEqual([imeiOf(gap.tac, 0)]);
    expect(next.body.serialNumber.slice(-5)).toBe('00001');
  });

  it('keeps what recorded units depend on: work order quantity, model route and IMEIs per unit, pooled TACs', async () => {
    const admin = await api.as('ADMIN');
    const wo = await fx.workOrderId(10);
    await record(wo);
    await record(wo);
    const lower = await admin.patch(`/api/work-orders/${wo}`).send({ quantity: 1 }).expect(409);
    expect(lower.body).toMatchObject({ field: 'quantity', unitsRecorded: 2 });
    await admin.patch(`/api/work-orders/${wo}`).send({ quantity: 2 }).expect(200);
    const renamed = await admin
      .patch(`/api/work-orders/${wo}`)
      .send({ number: 'WO-RENAMED' })
      .expect(409);
    expect(renamed.body).toMatchObject({ field: 'number', unitsRecorded: 2 });
    const route = await admin
      .patch(`/api/device-models/${fx.deviceModelId}`)
      .send({ route: ['FUNCTIONAL'] })
      .expect(409);
    expect(route.body.detail).toMatch(/already has units; its route cannot change/);
    await admin
      .patch(`/api/device-models/${fx.deviceModelId}`)
      .send({ imeisPerDevice: 1 })
      .expect(409);
    const tac = await admin
      .patch(`/api/device-models/${fx.deviceModelId}`)
      .send({ tacs: ['35999999'] })
      .expect(409);
    expect(tac.body.detail).toContain(fx.tac);
  });

  it('takes a list pool over 1 MiB and a CSV upload, and names the file when it is missing, cut short or sent twice', async () => {
    const admin = await api.as('ADMIN');
    const pools = `/api/device-models/${fx.deviceModelId}/imei-pools`;
    // 60,000 IMEIs are about 1.1 MB of JSON: over the 1 MiB limit of other routes.
    const imeis = Array.from({ length: 60_000 }, (_, i) => imeiOf(fx.tac, 900_000 + i));
    const listed = await admin.post(pools).send({ kind: 'list', imeis });
    expect(listed.status).toBe(201);
    const csv = ['imei', imeiOf(fx.tac, 990_000), imeiOf(fx.tac, 990_001)].join('\n');
    const uploaded = await admin.post(`${pools}/csv`).attach('file', Buffer.from(csv), 'imeis.csv');
    expect(uploaded.status).toBe(201);
    const sizes = (uploaded.body.pools as { size: number }[]).map((p) => p.size);
    expect(sizes).toEqual(expect.arrayContaining([60_000, 2]));
    for (const refused of [
      admin.post(`${pools}/csv`).field('other', 'x'),
      admin
        .post(`${pools}/csv`)
        .set('Content-Type', 'multipart/form-data; boundary=cut')
        .send('--cut\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\n123'),
      admin.post(`${pools}/csv`).send({ imeis: [] }),
      admin
        .post(`${pools}/csv`)
        .attach('file', Buffer.from(csv), 'a.csv')
        .attach('file', Buffer.from(csv), 'b.csv'),
      Array.from({ length: 11 }, (_, i) => i).reduce(
        (req, i) => req.field(`f${i}`, 'x'),
        admin.post(`${pools}/csv`),
      ),
    ]) {
      const res = await refused;
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ field: 'file', message: expect.any(String) }]);
    }
    // A trailing slash names the same route, as it did on Express.
    await admin.get(`${pools}/`).expect(200);
    const tooBig = await admin
      .post('/api/units')
      .set('Idempotency-Key', randomUUID())
      .send({
        workOrderId: 'x'.repeat(1_100_000),
      });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.detail).toContain(`${1024 * 1024} bytes`);
  });
  it('counts the list up to UNIT_LIST_COUNT_LIMIT past the page, then gives the total as a lower bound', async () => {
    const own = await createPlantFixture(api);
    await addRangePool(api, own, 700, 715); // sixteen IMEIs: eight dual-SIM units
    const wo = await own.workOrderId();
    await (
      await api.as('SUPERVISOR')
    )
      .post('/api/units/batch')
      .set('Idempotency-Key', randomUUID())
      .send({ workOrderId: wo, count: 8 })
      .expect(201);
    const manager = await api.as('MANAGER');
    // The page itself and five more are counted: 2 + 5 of the 8.
    const first = (await manager.get(`/api/units?workOrderId=${wo}&limit=2`).expect(200)).body;
    expect(first).toMatchObject({ total: 7, totalExact: false, limit: 2, offset: 0 });
    expect(first.items).toHaveLength(2);
    // Exactly as many as it counts (3 + 5): exact.
    const three = (await manager.get(`/api/units?workOrderId=${wo}&limit=3`).expect(200)).body;
    expect(three).toMatchObject({ total: 8, totalExact: true });
    // A page larger than the limit is counted whole.
    const all = (await manager.get(`/api/units?workOrderId=${wo}&limit=50`).expect(200)).body;
    expect(all).toMatchObject({ total: 8, totalExact: true });
    expect(all.items).toHaveLength(8);
    const last = (await manager.get(`/api/units?workOrderId=${wo}&limit=2&offset=6`).expect(200))
      .body;
    expect(last).toMatchObject({ total: 8, totalExact: true, offset: 6 });
    expect(last.items).toHaveLength(2);
    // Each item with its last event; the page at an offset is the tail of the whole list.
    expect(last.items.map((u: { id: string }) => u.id)).toEqual(
      all.items.slice(6).map((u: { id: string }) => u.id),
    );
    expect(last.items[0].lastEvent).toMatchObject({
      type: 'ASSEMBLED',
      toStatus: 'ASSEMBLED',
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
  });
});
