import request from 'supertest';
import { RegistryHarness, startRegistryHarness } from './registry-harness';
import { readZip } from './zip-reader';

/** One CSV line into cells ("" quoting as RFC 4180). */
function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += ch;
    }
  }
  cells.push(cell);
  return cells;
}

describe('registry API', () => {
  let h: RegistryHarness;

  beforeAll(async () => {
    h = await startRegistryHarness();
    await h.startWorker();
  });
  afterAll(() => h?.close());

  it('registers passed units, shows the backlog and submissions, and exports the registration list', async () => {
    const units = await h.passUnits(30);
    await h.sim.preregister([units[0].imeis[1]]);
    const counts = await h.drained(60_000);
    expect(counts).toEqual({ REGISTERED: 29, REJECTED: 1 });

    const manager = await h.api.as('MANAGER');
    const backlog = await manager.get('/api/registry/backlog').expect(200);
    expect(backlog.body).toMatchObject({
      counts: { PENDING: 0, SUBMITTED: 0, REGISTERED: 29, REJECTED: 1 },
      oldestPendingAgeSeconds: null,
      registeredLastHour: 29,
      failedSubmissions: 0,
    });

    const unit = await manager.get(`/api/units/${units[0].serialNumber}`).expect(200);
    expect(unit.body).toMatchObject({
      registryStatus: 'REJECTED',
      registryReason: expect.stringMatching(/^Duplicate: IMEI/),
    });

    const subs = await manager.get('/api/registry/submissions?state=APPROVED').expect(200);
    expect(subs.body.total).toBeGreaterThanOrEqual(1);
    const approved = subs.body.items[0];
    expect(approved).toMatchObject({
      state: 'APPROVED',
      kind: 'REGISTER',
      trackingId: expect.any(String),
      registryStatus: 'Approved',
    });
    expect(approved.fileName).toMatch(/^lt-[0-9a-f]{20}\.tsv$/);
    expect(approved.steps.map((s: { step: string }) => s.step)).toEqual(
      expect.arrayContaining(['imei-lookup', 'create', 'device', 'outcome']),
    );

    const csv = await manager.get('/api/registry/registration-list.csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe(
      'approved_imei,make,model,status,model_number,brand_name,device_type,radio_interface,device_id',
    );
    expect(lines).toHaveLength(1 + 29 * 2);
    const rows = lines.slice(1).map(splitCsvLine);
    expect(
      rows.every(
        (r) =>
          r.length === 9 &&
          /^[0-9]{15}$/.test(r[0]) &&
          r[3] === 'whitelist' &&
          /^[a-zA-Z0-9]+$/.test(r[8]),
      ),
    ).toBe(true);
    expect(rows[0].slice(1, 8)).toEqual([
      'Acme',
      expect.any(String),
      'whitelist',
      expect.any(String),
      'Acme',
      'Smartphone',
      '2G, 3G, 4G',
    ]);
    // a unit's two IMEIs share one device_id; no IMEI of the rejected unit is listed
    expect(new Set(rows.map((r) => r[8])).size).toBe(29);
    expect(rows.some((r) => units[0].imeis.includes(r[0]))).toBe(false);

    const zip = await manager
      .get('/api/registry/registration-list.zip')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const base = /filename="(reglist_\d{8})\.zip"/.exec(
      String(zip.headers['content-disposition']),
    )![1];
    const entries = readZip(zip.body as Buffer);
    expect(entries.map((e) => e.name)).toEqual([`${base}.csv`]);
    expect(entries[0].content.toString()).toBe(csv.text);
  });

  it('lets only administrators retry, and resubmits a rejected unit after a fix', async () => {
    const [unit] = await h.db.query<{ id: string }[]>(
      `SELECT id FROM units WHERE registry_status = 'REJECTED' LIMIT 1`,
    );
    await (
      await h.api.as('MANAGER')
    )
      .post('/api/registry/retry')
      .send({ unitIds: [unit.id] })
      .expect(403);
    const admin = await h.api.as('ADMIN');
    await admin.post('/api/registry/retry').send({}).expect(400);
    const res = await admin
      .post('/api/registry/retry')
      .send({ unitIds: [unit.id, '00000000-0000-4000-8000-000000000000'] })
      .expect(200);
    expect(res.body).toEqual({
      submissionIds: [],
      unitIds: [unit.id],
      skipped: ['00000000-0000-4000-8000-000000000000'],
    });
    const audit = await admin.get('/api/audit-log?entity=registry-retry').expect(200);
    expect(audit.body.items[0]).toMatchObject({ action: 'RETRY', after: { unitIds: [unit.id] } });
    const history = await admin.get(`/api/units/${unit.id}`).expect(200);
    expect(history.body.history.map((e: { type: string }) => e.type)).toContain('REGISTRY_RETRY');
    // still a duplicate at the registry: rejected again, with the reason
    await h.drained(30_000);
    const [after] = await h.db.query<{ registry_status: string; registry_reason: string }[]>(
      'SELECT registry_status, registry_reason FROM units WHERE id = $1',
      [unit.id],
    );
    expect(after).toMatchObject({
      registry_status: 'REJECTED',
      registry_reason: expect.stringMatching(/^Duplicate/),
    });
  });

  it('parks a submission of a model without an operating system as FAILED; an administrator resumes it', async () => {
    await h.db.query('UPDATE device_models SET operating_system = NULL WHERE id = $1', [
      h.fixture.deviceModelId,
    ]);
    await h.passUnits(5);
    const admin = await h.api.as('ADMIN');
    let failed: { id: string; lastError: string } | undefined;
    for (let i = 0; i < 100 && !failed; i++) {
      await new Promise((r) => setTimeout(r, 200));
      failed = (await admin.get('/api/registry/submissions?state=FAILED').expect(200)).body
        .items[0];
    }
    expect(failed?.lastError).toMatch(/operatingSystem/);
    expect((await admin.get('/api/registry/backlog').expect(200)).body.failedSubmissions).toBe(1);
    await h.db.query(`UPDATE device_models SET operating_system = 'Android 14' WHERE id = $1`, [
      h.fixture.deviceModelId,
    ]);
    const res = await admin
      .post('/api/registry/retry')
      .send({ submissionIds: [failed!.id] })
      .expect(200);
    expect(res.body.submissionIds).toEqual([failed!.id]);
    expect(await h.drained(30_000)).toMatchObject({ REGISTERED: 34 });
  });

  it('device models take and validate operatingSystem', async () => {
    const admin = await h.api.as('ADMIN');
    const res = await admin
      .patch(`/api/device-models/${h.fixture.deviceModelId}`)
      .send({ operatingSystem: 'Android 15' })
      .expect(200);
    expect(res.body.operatingSystem).toBe('Android 15');
    await admin
      .patch(`/api/device-models/${h.fixture.deviceModelId}`)
      .send({ operatingSystem: ' Android' })
      .expect(400);
  });

  it('serves Bull Board to administrators only', async () => {
    await request(h.api.http).get('/admin/queues').expect(401);
    await request(h.api.http)
      .get('/admin/queues')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    const manager = await h.api.tokenFor('MANAGER');
    await request(h.api.http)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${manager}`)
      .expect(403);
    const admin = await h.api.tokenFor('ADMIN');
    const page = await request(h.api.http)
      .get('/admin/queues')
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    expect(page.text).toMatch(/<html/i);
    const queues = await request(h.api.http)
      .get('/admin/queues/api/queues')
      .set('Cookie', `lt_token=${admin}`)
      .expect(200);
    expect(JSON.stringify(queues.body)).toContain('registry');
  });
});
