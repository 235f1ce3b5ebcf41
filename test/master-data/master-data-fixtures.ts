import request from 'supertest';
import { UserRole } from '@lt/auth';
import { ApiHarness, AuthedAgent } from '../support/api-harness';

/** Test data for the master-data suites: each call makes records that clash with nothing else. */
let sequence = 0;
const next = () => ++sequence;

export const plantBody = (overrides: Record<string, unknown> = {}) => ({
  code: `P${next()}`,
  name: 'Test plant',
  ...overrides,
});

export const lineBody = (plantId: string, overrides: Record<string, unknown> = {}) => ({
  plantId,
  code: `L${next()}`,
  name: 'Test line',
  dailyCapacity: 3400,
  ...overrides,
});

/** A TAC no other fixture uses. */
export const freshTac = () => String(35_000_000 + next());

export const deviceModelBody = (overrides: Record<string, unknown> = {}) => ({
  brand: 'Tecno',
  name: 'Spark 20',
  modelNumber: `KJ${next()}`,
  deviceType: 'Smartphone',
  technologies: ['2G', '3G', '4G'],
  imeisPerDevice: 2,
  route: ['FUNCTIONAL', 'RF', 'FINAL_QC'],
  tacs: [freshTac()],
  ...overrides,
});

/** A calendar day relative to today, so the data never goes stale. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

export async function create<T = Record<string, unknown> & { id: string }>(
  agent: AuthedAgent,
  path: string,
  body: object,
): Promise<T> {
  return (await agent.post(path).send(body).expect(201)).body as T;
}

export const fieldsOf = (res: request.Response): string[] =>
  (res.body.errors as { field: string }[]).map((e) => e.field);

interface AuditEntry {
  action: string;
  actor: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A record's audit rows, oldest first. */
export async function auditTrail(
  api: ApiHarness,
  entity: string,
  id: string,
): Promise<AuditEntry[]> {
  const admin = await api.as('ADMIN');
  const res = await admin.get(`/api/audit-log?entity=${entity}&entityId=${id}`).expect(200);
  return (res.body.items as AuditEntry[]).reverse();
}

/**
 * The access rules every master-data resource shares: 401 without credentials, 403 for a
 * supervisor writing, reads for every role, and 404 for an id that does not exist.
 */
export async function expectMasterDataAccess(
  api: ApiHarness,
  path: string,
  id: string,
  validBody: object,
): Promise<void> {
  await request(api.http).get(path).expect(401);
  await request(api.http).get(`${path}/${id}`).expect(401);
  await request(api.http).post(path).send(validBody).expect(401);

  const supervisor = await api.as('SUPERVISOR');
  const forbidden = await supervisor.post(path).send(validBody).expect(403);
  expect(forbidden.headers['content-type']).toMatch(/application\/problem\+json/);
  await supervisor.patch(`${path}/${id}`).send({}).expect(403);

  for (const role of ['SUPERVISOR', 'LOGISTICS', 'MANAGER'] as UserRole[]) {
    const reader = await api.as(role);
    await reader.get(path).expect(200);
    await reader.get(`${path}/${id}`).expect(200);
  }

  const admin = await api.as('ADMIN');
  const missing = '00000000-0000-4000-8000-000000000000';
  const notFound = await admin.get(`${path}/${missing}`).expect(404);
  expect(notFound.body).toMatchObject({ status: 404, title: 'Not Found' });
  await admin.patch(`${path}/${missing}`).send({}).expect(404);
  await admin.get(`${path}/not-a-uuid`).expect(400);
}

/**
 * Booting the whole API takes a few seconds, more when suites start in parallel; jest's
 * default hook timeout of 5 s applies because `testTimeout` in a project entry is ignored.
 */
export const BOOT_TIMEOUT_MS = 60_000;
