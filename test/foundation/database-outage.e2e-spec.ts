import request from 'supertest';
import { TEST_SERVER_URL } from '../support/test-database';
import { ApiHarness, AuthedAgent, startApi } from '../support/api-harness';
import { TcpProxy } from '../support/tcp-proxy';

describe('a database outage', () => {
  let proxy: TcpProxy;
  let api: ApiHarness;
  let admin: AuthedAgent;
  beforeAll(async () => {
    const server = new URL(TEST_SERVER_URL);
    proxy = await TcpProxy.start({ host: server.hostname, port: Number(server.port || 5432) });
    // The API reaches its database through the relay; the harness's own connections do not.
    api = await startApi((db) => {
      const url = new URL(db.url);
      url.port = String(proxy.port);
      return { DATABASE_URL: url.toString() };
    });
    admin = await api.as('ADMIN');
  });
  afterAll(async () => {
    proxy.restore();
    try {
      await api.close();
    } finally {
      await proxy.close();
    }
  });

  it('answers 503 with Retry-After while PostgreSQL cannot be reached, and recovers after', async () => {
    await admin.get('/api/plants').expect(200);
    proxy.cut();

    const read = await admin.get('/api/plants').expect(503);
    expect(read.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body).toMatchObject({
      type: 'https://linetrack.dev/problems/database-unavailable',
      status: 503,
    });
    await admin
      .post('/api/plants')
      .send({ code: 'OUT1', name: 'Outage', timezone: 'Asia/Karachi' })
      .expect(503);
    const health = await request(api.http).get('/health').expect(503);
    expect(health.body).toMatchObject({
      detail: 'Not answering: postgres.',
      error: { postgres: { status: 'down' } },
      info: { redis: { status: 'up' } },
    });

    proxy.restore();
    await admin.get('/api/plants').expect(200);
    await request(api.http).get('/health').expect(200);
  });
});
