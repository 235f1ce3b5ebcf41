import request from 'supertest';
import { startRegistrySim } from '../../apps/registry-sim/src';
import type { Faults } from '../../apps/registry-sim/src';
import { createTestDatabase, TestDatabase } from '../support/test-database';

export const API_KEY = 'sim-test-key';
export const USER = 'factory-01';
export const TAC_DUAL = '35123456';
export const TAC_SINGLE = '35999901';
export const TAC_UNKNOWN_SIMSLOT = '35777701';

/** A 15-digit IMEI with the given TAC and serial (no Luhn: DRS checks none). */
export const imei = (tac: string, serial: number): string =>
  `${tac}${String(serial).padStart(6, '0')}0`;

export interface SimHarness {
  db: TestDatabase;
  url: string;
  close(): Promise<void>;
  get(path: string): request.Test;
  post(path: string): request.Test;
  put(path: string): request.Test;
}

export async function bootSim(faults: Partial<Faults> = {}): Promise<SimHarness> {
  const db = await createTestDatabase();
  const sim = await startRegistrySim({ databaseUrl: db.url, port: 0, apiKey: API_KEY, faults });
  const auth = (test: request.Test) => test.set('Authorization', `Bearer ${API_KEY}`);
  const harness: SimHarness = {
    db,
    url: sim.url,
    close: async () => {
      await sim.close();
      await db.drop();
    },
    get: (path) => auth(request(sim.url).get(path)),
    post: (path) => auth(request(sim.url).post(path)),
    put: (path) => auth(request(sim.url).put(path)),
  };
  await harness
    .post('/admin/tacs')
    .send({
      tacs: [
        {
          tac: TAC_DUAL,
          brand_name: 'Acme',
          model_name: 'A1',
          simslot: '2',
          operating_system: 'Android',
          device_type: 'Smartphone',
        },
        { tac: TAC_SINGLE, brand_name: 'Acme', model_name: 'B2', simslot: '1' },
        { tac: TAC_UNKNOWN_SIMSLOT, brand_name: 'Zed', model_name: 'Z9', simslot: 'Not Known' },
      ],
    })
    .expect(200, { tacs: 3 });
  return harness;
}

export const tsv = (rows: string[][]): Buffer =>
  Buffer.from(rows.map((r) => r.join('\t')).join('\n') + '\n');

export interface RegisterOptions {
  rows: string[][];
  deviceCount?: number;
  imeiPerDevice?: number;
  fileName?: string;
  userId?: string;
}

export function createRegistration(sim: SimHarness, o: RegisterOptions): request.Test {
  return sim
    .post('/api/v1/registration')
    .field('user_id', o.userId ?? USER)
    .field('user_name', 'Line 3')
    .field('device_count', String(o.deviceCount ?? o.rows.length))
    .field('imei_per_device', String(o.imeiPerDevice ?? o.rows[0].length))
    .field('m_location', 'local')
    .attach('file', tsv(o.rows), o.fileName ?? 'b000123.tsv');
}

export function addDevice(
  sim: SimHarness,
  regId: number,
  overrides: Record<string, string | undefined> = {},
): request.Test {
  const fields: Record<string, string | undefined> = {
    reg_id: String(regId),
    user_id: USER,
    brand: 'Acme',
    model_name: 'A1',
    model_num: 'A1-2026',
    operating_system: 'Android',
    device_type: 'Smartphone',
    technologies: '2G,3G,4G',
    ...overrides,
  };
  let test = sim.post('/api/v1/registration/device');
  for (const [name, value] of Object.entries(fields))
    if (value !== undefined) test = test.field(name, value);
  return test;
}

/** Creates and submits a request; answers its id once it reaches a terminal label. */
export async function registerAndWait(
  sim: SimHarness,
  rows: string[][],
  userId = USER,
): Promise<{ id: number; status: string }> {
  const created = await createRegistration(sim, { rows, userId }).expect(200);
  await addDevice(sim, created.body.id, { user_id: userId }).expect(200);
  const status = await waitForStatus(sim, created.body.id, ['Approved', 'Rejected']);
  return { id: created.body.id, status };
}

/**
 * Asks `fetch` every 20 ms until `done` holds for its answer, and returns that answer; after
 * `timeoutMs`, the last answer, for the caller's assertion to name what it saw.
 */
export async function pollUntil<T>(
  fetch: () => Promise<T>,
  done: (answer: T) => boolean,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let answer = await fetch();
  while (!done(answer) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    answer = await fetch();
  }
  return answer;
}

export async function waitForStatus(
  sim: SimHarness,
  id: number,
  terminal: string[],
  path = '/api/v1/registration/',
): Promise<string> {
  const res = await pollUntil(
    () => sim.get(`${path}${id}`).expect(200),
    (r) => terminal.includes(r.body.status_label),
  );
  const label = res.body.status_label;
  if (!terminal.includes(label)) throw new Error(`request ${id} stuck in ${label}`);
  return label;
}
