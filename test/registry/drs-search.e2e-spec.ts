import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadAppConfig } from '@lt/config';
import { DrsRegistryClient, SEARCH_PAGE } from '../../libs/registry/src/drs-registry.client';
import {
  API_KEY,
  bootSim,
  createRegistration,
  imei,
  registerAndWait,
  SimHarness,
  TAC_DUAL,
  USER,
} from '../registry-sim/sim-harness';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The client's search of our own requests (1.8) against the stand-in: every page, only our
 * user's requests, narrowed by status, creation date and IMEI.
 */
describe('DrsRegistryClient.searchOwnRegistrations', () => {
  let sim: SimHarness;
  let client: DrsRegistryClient;
  let approvedId: number;
  let serial = 0;
  const row = () => [imei(TAC_DUAL, ++serial), imei(TAC_DUAL, ++serial)];

  beforeAll(async () => {
    sim = await bootSim();
    client = new DrsRegistryClient(
      loadAppConfig({ REGISTRY_URL: sim.url, REGISTRY_API_KEY: API_KEY, REGISTRY_USER_ID: USER }),
    );
    // More than a page of ours at New Request, one of another user, one of ours approved.
    for (let i = 0; i < SEARCH_PAGE + 3; i++)
      await createRegistration(sim, { rows: [row()], fileName: `lt-${i}.tsv` }).expect(200);
    await createRegistration(sim, { rows: [row()], userId: 'someone-else' }).expect(200);
    approvedId = (await registerAndWait(sim, [row()])).id;
  }, 60_000);
  afterAll(() => sim?.close());

  it('reads every page and only our requests', async () => {
    const hits = await client.searchOwnRegistrations({
      createdFrom: new Date(Date.now() - DAY_MS),
      createdTo: new Date(Date.now() + DAY_MS),
    });
    expect(hits).toHaveLength(SEARCH_PAGE + 4);
    expect(new Set(hits.map((h) => h.id)).size).toBe(SEARCH_PAGE + 4);
    expect(hits.find((h) => h.id === approvedId)?.statusLabel).toBe('Approved');
    expect(hits.every((h) => !Number.isNaN(Date.parse(h.createdAt)))).toBe(true);
  });

  it('narrows by status and by creation date', async () => {
    const waiting = await client.searchOwnRegistrations({ status: 'New Request' });
    expect(waiting).toHaveLength(SEARCH_PAGE + 3);
    expect(waiting.every((h) => h.statusLabel === 'New Request')).toBe(true);
    // Dates are whole days, both ends included.
    const today = new Date();
    const tomorrow = new Date(Date.now() + DAY_MS);
    const onlyToday = await client.searchOwnRegistrations({ createdFrom: today, createdTo: today });
    expect(onlyToday).toHaveLength(SEARCH_PAGE + 4);
    expect(
      await client.searchOwnRegistrations({ createdFrom: tomorrow, createdTo: tomorrow }),
    ).toEqual([]);
  });

  it('finds the processed request that holds an IMEI, by its first 14 digits', async () => {
    const hits = await client.searchOwnRegistrations({ imei: imei(TAC_DUAL, serial - 1) });
    expect(hits.map((h) => h.id)).toEqual([approvedId]);
    expect(await client.searchOwnRegistrations({ imei: imei(TAC_DUAL, 999_999) })).toEqual([]);
  });
});

describe('DrsRegistryClient.searchOwnRegistrations, when requests leave the search while it pages', () => {
  it('takes a page past the end (DRS answers 404) as the end, not as a failure', async () => {
    const starts: number[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const { start } = JSON.parse(raw) as { start: number };
        starts.push(start);
        res.setHeader('content-type', 'application/json');
        if (start > 1) {
          // Between the pages, enough requests left New Request that this page is past the end.
          res.statusCode = 404;
          res.end(JSON.stringify({ start, requests: [], count: 0, message: 'Not Found' }));
          return;
        }
        const requests = Array.from({ length: SEARCH_PAGE }, (_, i) => ({
          id: i + 1,
          status: 'New Request',
          created_at: '2026-11-27T10:00:00',
        }));
        res.end(JSON.stringify({ start, limit: SEARCH_PAGE, count: SEARCH_PAGE + 5, requests }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const client = new DrsRegistryClient(
        loadAppConfig({ REGISTRY_URL: `http://127.0.0.1:${port}`, REGISTRY_API_KEY: API_KEY }),
      );
      const hits = await client.searchOwnRegistrations({ status: 'New Request' });
      expect(hits).toHaveLength(SEARCH_PAGE);
      expect(starts).toEqual([1, SEARCH_PAGE + 1]);
    } finally {
      server.close();
    }
  });
});
