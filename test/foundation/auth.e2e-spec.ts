import request from 'supertest';
import { StationKeysService, USER_STATE_TTL_MS, UsersService } from '@lt/auth';
import { ADMIN_EMAIL, ADMIN_PASSWORD, ApiHarness, startApi } from '../support/api-harness';

describe('sign-in, users, station keys, audit trail', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('serves /health with PostgreSQL and Redis up, without credentials', async () => {
    const res = await request(api.http).get('/health').expect(200);
    expect(res.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('sends the security headers on every answer, with the web app CSP, and no ETag', async () => {
    for (const path of ['/health', '/api/users', '/api/nope']) {
      const res = await request(api.http).get(path);
      expect(res.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("script-src 'self'"),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.any(String),
      });
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('signs the first administrator in and refuses a wrong password with 401 problem+json', async () => {
    const ok = await request(api.http)
      .post('/api/auth/login')
      .send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })
      .expect(200);
    expect(ok.body.accessToken).toEqual(expect.any(String));
    expect(ok.body.user.role).toBe('ADMIN');
    const bad = await request(api.http)
      .post('/api/auth/login')
      .send({ email: ADMIN_EMAIL, password: 'nope' })
      .expect(401);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  it('slows down repeated failed sign-ins for one email', async () => {
    const email = 'victim@test.local';
    const admin = await api.as('ADMIN');
    await admin
      .post('/api/users')
      .send({ email, name: 'V', role: 'LOGISTICS', password: 'right-password' })
      .expect(201);
    for (let i = 0; i < 6; i++) {
      await request(api.http).post('/api/auth/login').send({ email, password: 'wrong' });
    }
    const res = await request(api.http)
      .post('/api/auth/login')
      .send({ email, password: 'right-password' })
      .expect(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.body.detail).toMatch(/Try again in \d+ seconds/);
  });

  it('answers 401 without credentials and 403 for the wrong role', async () => {
    await request(api.http).get('/api/users').expect(401);
    await request(api.http)
      .get('/api/users')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
    const manager = await api.as('MANAGER');
    const res = await manager.get('/api/users').expect(403);
    expect(res.body.detail).toMatch(/MANAGER/);
  });

  it('creates, lists, reads and updates users, names invalid fields, refuses a duplicate email', async () => {
    const admin = await api.as('ADMIN');
    const created = await admin
      .post('/api/users')
      .send({ email: 'Sup1@Test.local', name: 'Sup', role: 'SUPERVISOR', password: 'password-1' })
      .expect(201);
    expect(created.body).toMatchObject({
      email: 'sup1@test.local',
      role: 'SUPERVISOR',
      active: true,
    });
    expect(created.body.passwordHash).toBeUndefined();
    const list = await admin.get('/api/users?role=SUPERVISOR&limit=10').expect(200);
    expect(list.body.items.map((u: { email: string }) => u.email)).toContain('sup1@test.local');
    expect(list.body).toMatchObject({ limit: 10, offset: 0 });
    await admin.get(`/api/users/${created.body.id}`).expect(200);
    const updated = await admin
      .patch(`/api/users/${created.body.id}`)
      .send({ name: 'Supervisor One' })
      .expect(200);
    expect(updated.body.name).toBe('Supervisor One');

    const invalid = await admin
      .post('/api/users')
      .send({ email: 'x', name: 'X', role: 'KING', password: 'short', extra: 1 })
      .expect(400);
    const fields = invalid.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'role', 'password', 'extra']));

    const dup = await admin
      .post('/api/users')
      .send({ email: 'sup1@test.local', name: 'Again', role: 'SUPERVISOR', password: 'password-1' })
      .expect(409);
    expect(dup.body.errors).toEqual([{ field: 'email', message: 'must be unique' }]);

    const audit = await admin
      .get(`/api/audit-log?entity=user&entityId=${created.body.id}`)
      .expect(200);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['UPDATE', 'CREATE']);
    expect(audit.body.items[0]).toMatchObject({
      before: { name: 'Sup' },
      after: { name: 'Supervisor One' },
      actor: ADMIN_EMAIL,
    });
  });

  it('signs out a deactivated user and applies a changed role, not at token expiry', async () => {
    const admin = await api.as('ADMIN');
    const user = (
      await admin
        .post('/api/users')
        .send({
          email: 'leaver@test.local',
          name: 'Leaver',
          role: 'SUPERVISOR',
          password: 'password-1',
        })
        .expect(201)
    ).body as { id: string };
    const login = await request(api.http)
      .post('/api/auth/login')
      .send({ email: 'leaver@test.local', password: 'password-1' })
      .expect(200);
    const asLeaver = () =>
      request(api.http).get('/api/users').set('Authorization', `Bearer ${login.body.accessToken}`);
    await asLeaver().expect(403);
    const until = async (status: number) => {
      const deadline = Date.now() + USER_STATE_TTL_MS + 2000;
      let last = 0;
      while (Date.now() < deadline && (last = (await asLeaver()).status) !== status)
        await new Promise((r) => setTimeout(r, 200));
      expect(last).toBe(status);
    };
    await admin.patch(`/api/users/${user.id}`).send({ role: 'ADMIN' }).expect(200);
    await until(200);
    await admin.patch(`/api/users/${user.id}`).send({ active: false }).expect(200);
    await until(401);
  });

  it('refuses changing your own access, and anything a just-deactivated administrator asks', async () => {
    const admin = await api.as('ADMIN');
    const users = (await admin.get('/api/users?role=ADMIN').expect(200)).body.items as {
      id: string;
      email: string;
    }[];
    const me = users.find((u) => u.email === ADMIN_EMAIL)!;
    for (const [id, change] of [
      [me.id, { active: false }],
      [me.id.toUpperCase(), { role: 'MANAGER' }], // the same id, however it is written
    ] as const) {
      const res = await admin.patch(`/api/users/${id}`).send(change).expect(409);
      expect(res.body.detail).toMatch(/cannot deactivate your own account or change your own role/);
    }
    await admin.patch(`/api/users/${me.id}`).send({ name: 'Chief', active: true }).expect(200);

    // An administrator deactivated a moment ago may still hold a token another API process
    // trusts for a few seconds: what it creates or changes then is refused all the same.
    const other = (
      await admin
        .post('/api/users')
        .send({
          email: 'admin2@test.local',
          name: 'Admin Two',
          role: 'ADMIN',
          password: 'password-1',
        })
        .expect(201)
    ).body as { id: string };
    const token = (
      await request(api.http)
        .post('/api/auth/login')
        .send({ email: 'admin2@test.local', password: 'password-1' })
        .expect(200)
    ).body.accessToken as string;
    const asOther = () =>
      request(api.http).get('/api/users').set('Authorization', `Bearer ${token}`);
    await asOther().expect(200);
    await admin.patch(`/api/users/${other.id}`).send({ active: false }).expect(200);
    // In the process that deactivated it, its token stops at once.
    await asOther().expect(401);
    const formerAdmin = {
      userId: other.id,
      stationKeyId: null,
      name: 'admin2@test.local',
      role: 'ADMIN' as const,
    };
    const noLonger = /no longer an active administrator/;
    await expect(
      api.app.get(UsersService).update(formerAdmin, me.id, { active: false }),
    ).rejects.toThrow(noLonger);
    await expect(
      api.app.get(UsersService).create(formerAdmin, {
        email: 'backdoor@test.local',
        name: 'Backdoor',
        role: 'ADMIN',
        password: 'password-1',
      }),
    ).rejects.toThrow(noLonger);
    await expect(
      api.app.get(StationKeysService).create(formerAdmin, { name: 'backdoor' }),
    ).rejects.toThrow(noLonger);
  });

  it('issues a station key once, authenticates X-Api-Key as STATION, and stops after revoke', async () => {
    const admin = await api.as('ADMIN');
    const created = await admin
      .post('/api/station-keys')
      .send({ name: 'L1 RF tester' })
      .expect(201);
    const apiKey = created.body.apiKey as string;
    expect(apiKey).toMatch(/^ltk_/);
    const listed = await admin.get('/api/station-keys').expect(200);
    expect(listed.body.items[0].apiKey).toBeUndefined();
    // A station may not manage users: authenticated (403), not anonymous (401).
    await request(api.http).get('/api/users').set('X-Api-Key', apiKey).expect(403);
    await request(api.http).get('/api/users').set('X-Api-Key', 'ltk_wrong').expect(401);
    await admin.post(`/api/station-keys/${created.body.id}/revoke`).expect(201);
    await request(api.http).get('/api/users').set('X-Api-Key', apiKey).expect(401);
  });

  it('answers malformed JSON with 400 and a body over 1 MiB with 413', async () => {
    const token = await api.tokenFor('ADMIN');
    const malformed = await request(api.http)
      .post('/api/users')
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send('{"email": ')
      .expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'body', message: 'must be valid JSON' }]);
    const big = await request(api.http)
      .post('/api/users')
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'a@b.c', name: 'x'.repeat(1_100_000), role: 'ADMIN', password: 'password-1' })
      .expect(413);
    expect(big.body.status).toBe(413);
  });

  it('publishes the OpenAPI document', async () => {
    const res = await request(api.http).get('/api/docs-json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/users',
        '/api/station-keys',
        '/api/audit-log',
        '/health',
      ]),
    );
  });
});
