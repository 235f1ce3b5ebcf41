import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import { imeiOf, isValidImei } from '@lt/production';
import { ApiHarness, startApi } from '../support/api-harness';
import { addRangePool, createPlantFixture } from '../support/plant-fixture';

const UNITS = 5000;
const CLIENTS = 32;

describe('32 parallel clients recording 5,000 units over two API instances', () => {
  let api: ApiHarness;
  let second: INestApplication;
  beforeAll(async () => {
    api = await startApi();
    // A second API instance on the same database: its own pool, nothing shared in memory.
    const { createApiApp } = await import('../../apps/api/src/create-api-app');
    second = await createApiApp();
    await api.app.listen(0, '127.0.0.1');
    await second.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await second.close();
    await api.close();
  });

  it('gives distinct serials and IMEIs, every IMEI valid, the range issued without a gap, the counts exact', async () => {
    const fx = await createPlantFixture(api, { imeisPerDevice: 2 });
    await addRangePool(api, fx, 100_000, 100_000 + 2 * UNITS + 199); // 200 IMEIs to spare
    const orders = [await fx.workOrderId(3000), await fx.workOrderId(3000)];
    const token = await api.tokenFor('SUPERVISOR');
    const bases = [await api.app.getUrl(), await second.getUrl()].map((u) =>
      u.replace('[::1]', '127.0.0.1'),
    );

    let next = 0;
    const results: { serialNumber: string; imeis: string[]; workOrderId: string }[] = [];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        for (let i = next++; i < UNITS; i = next++) {
          const res = await fetch(`${bases[client % 2]}/api/units`, {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'idempotency-key': randomUUID(),
            },
            body: JSON.stringify({ workOrderId: orders[i % 2] }),
          });
          if (res.status !== 201) failures.push(`${res.status} ${await res.text()}`);
          else results.push((await res.json()) as (typeof results)[number]);
        }
      }),
    );

    expect(failures).toEqual([]);
    expect(results).toHaveLength(UNITS);
    const serials = new Set(results.map((u) => u.serialNumber));
    expect(serials.size).toBe(UNITS);
    const imeis = results.flatMap((u) => u.imeis);
    expect(new Set(imeis).size).toBe(2 * UNITS);
    expect(imeis.every(isValidImei)).toBe(true);
    // No gap: exactly the first 10,000 IMEIs of the range were issued.
    const expected = Array.from({ length: 2 * UNITS }, (_, i) => imeiOf(fx.tac, 100_000 + i));
    expect([...imeis].sort()).toEqual(expected.sort());
    // Serials of the day run 1..5000 on the line, with no gap.
    const seqs = results.map((u) => Number(u.serialNumber.slice(-5))).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: UNITS }, (_, i) => i + 1));

    const pools = await (
      await api.as('MANAGER')
    )
      .get(`/api/device-models/${fx.deviceModelId}/imei-pools`)
      .expect(200);
    expect(pools.body).toMatchObject({ size: 2 * UNITS + 200, issued: 2 * UNITS, remaining: 200 });
    const db = new Client({ connectionString: api.db.url });
    await db.connect();
    const counts = await db.query(
      'SELECT number, issued_count FROM work_orders WHERE id = ANY($1) ORDER BY number',
      [orders],
    );
    await db.end();
    expect(counts.rows.map((r) => r.issued_count)).toEqual([UNITS / 2, UNITS / 2]);
  });

  /** Requests arriving together are written in one transaction; each must still get its own answer. */
  it('answers each of many simultaneous requests on its own: the work order running out, a key sent twice', async () => {
    const fx = await createPlantFixture(api, { imeisPerDevice: 2 });
    await addRangePool(api, fx, 500_000, 500_099);
    const order = await fx.workOrderId(7);
    const token = await api.tokenFor('SUPERVISOR');
    const base = (await api.app.getUrl()).replace('[::1]', '127.0.0.1');
    const post = (key: string) =>
      fetch(`${base}/api/units`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': key,
        },
        body: JSON.stringify({ workOrderId: order }),
      }).then(async (res) => ({
        status: res.status,
        body: (await res.json()) as { serialNumber?: string; detail?: string },
      }));

    const twice = randomUUID();
    const answers = await Promise.all([
      post(twice),
      post(twice),
      ...Array.from({ length: 10 }, () => post(randomUUID())),
    ]);

    // The repeated key gets one unit, twice.
    expect(answers[0].status).toBe(201);
    expect(answers[1]).toEqual(answers[0]);
    const created = answers.slice(2).filter((a) => a.status === 201);
    const refused = answers.slice(2).filter((a) => a.status !== 201);
    expect(created).toHaveLength(6);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.body.detail).toMatch(/7 of 7/);
    }
    const seqs = [answers[0], ...created]
      .map((a) => Number(a.body.serialNumber?.slice(-5)))
      .sort((a, b) => a - b);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const pools = await (
      await api.as('MANAGER')
    )
      .get(`/api/device-models/${fx.deviceModelId}/imei-pools`)
      .expect(200);
    expect(pools.body).toMatchObject({ issued: 14, remaining: 86 });
  });
});
