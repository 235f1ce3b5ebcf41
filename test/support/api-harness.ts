import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { UserRole } from '@lt/auth';
import { deleteRedisKeys } from './redis-keys';
import { createTestDatabase, TestDatabase, TEST_REDIS_URL } from './test-database';

export const ADMIN_EMAIL = 'admin@test.local';
export const ADMIN_PASSWORD = 'admin-password-1';

export interface ApiHarness {
  app: INestApplication;
  db: TestDatabase;
  http: App;
  /** A bearer token for a user of that role (the first call creates the user). */
  tokenFor(role: UserRole): Promise<string>;
  /** supertest with that role's token already set. */
  as(role: UserRole): Promise<AuthedAgent>;
  close(): Promise<void>;
}

export type AuthedAgent = {
  get(url: string): request.Test;
  post(url: string): request.Test;
  patch(url: string): request.Test;
  put(url: string): request.Test;
  delete(url: string): request.Test;
};

/**
 * The API built as production builds it, on a database of its own and a Redis key prefix
 * of its own, so suites run in any order and in parallel.
 */
export async function startApi(
  env: Record<string, string> | ((db: TestDatabase) => Record<string, string>) = {},
): Promise<ApiHarness> {
  const db = await createTestDatabase();
  Object.assign(process.env, {
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `lt-test-${randomBytes(4).toString('hex')}`,
    LOG_LEVEL: 'silent',
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ...(typeof env === 'function' ? env(db) : env),
  });
  const queuePrefix = process.env.QUEUE_PREFIX as string;
  // Imported late so the modules read the environment set above.
  const { createApiApp } = await import('../../apps/api/src/create-api-app');
  const app = await createApiApp();
  const http = app.getHttpServer() as App;
  const tokens = new Map<UserRole, string>();

  const login = async (email: string, password: string) => {
    const res = await request(http).post('/api/auth/login').send({ email, password }).expect(200);
    return (res.body as { accessToken: string }).accessToken;
  };

  const tokenFor = async (role: UserRole) => {
    const known = tokens.get(role);
    if (known) return known;
    let token: string;
    if (role === 'ADMIN') {
      token = await login(ADMIN_EMAIL, ADMIN_PASSWORD);
    } else {
      const admin = await tokenFor('ADMIN');
      const email = `${role.toLowerCase()}@test.local`;
      await request(http)
        .post('/api/users')
        .set('Authorization', `Bearer ${admin}`)
        .send({ email, name: `Test ${role}`, role, password: 'password-123' })
        .expect(201);
      token = await login(email, 'password-123');
    }
    tokens.set(role, token);
    return token;
  };

  const as = async (role: UserRole): Promise<AuthedAgent> => {
    const token = await tokenFor(role);
    const auth = (t: request.Test) => t.set('Authorization', `Bearer ${token}`);
    return {
      get: (url) => auth(request(http).get(url)),
      post: (url) => auth(request(http).post(url)),
      patch: (url) => auth(request(http).patch(url)),
      put: (url) => auth(request(http).put(url)),
      delete: (url) => auth(request(http).delete(url)),
    };
  };

  return {
    app,
    db,
    http,
    tokenFor,
    as,
    close: async () => {
      await app.close();
      await deleteRedisKeys(TEST_REDIS_URL, queuePrefix);
      await db.drop();
    },
  };
}
