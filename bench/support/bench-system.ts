import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { deleteRedisKeys } from '../../test/support/redis-keys';

export const ROOT = path.resolve(__dirname, '..', '..');
export const PG_SERVER =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const ADMIN = { email: 'bench-admin@localhost', password: 'bench-password-1' };

export function databaseUrl(name: string): string {
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminSql(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Node flags for the API processes, e.g. API_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof". */
const API_NODE_ARGS = (process.env.API_NODE_ARGS ?? '').split(' ').filter(Boolean);

const built = new Set<string>();

/** Builds an app's production bundle once per benchmark run, so the figures are of the current code. */
export function ensureBuilt(app: string): void {
  if (built.has(app) && existsSync(path.join(ROOT, 'dist', 'apps', app, 'main.js'))) return;
  built.add(app);
  const result = spawnSync('npx', ['--no-install', 'nest', 'build', app], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error(`build of ${app} failed`);
}

function waitForPort(port: number, child: ChildProcess, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      if (child.exitCode !== null)
        return reject(new Error(`process exited with ${child.exitCode}`));
      if (Date.now() > deadline) return reject(new Error(`port ${port} not listening`));
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve();
      });
      socket.once('error', () => {
        socket.destroy();
        setTimeout(attempt, 200);
      });
    };
    attempt();
  });
}

export interface BenchSystem {
  database: string;
  databaseUrl: string;
  apiUrls: string[];
  /** The API processes, for `cpuTimes`. */
  apiPids: number[];
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A fresh database and `apiProcesses` API processes from the production build, as
 * `npm start` runs them (NODE_ENV=production, JSON logs at the default level, info, or
 * at LOG_LEVEL when it is set).
 */
export async function startSystem(opts: {
  name: string;
  apiProcesses?: number;
  basePort?: number;
  env?: Record<string, string>;
  /** An existing database to run on (kept at the end); otherwise a fresh one, dropped at the end. */
  database?: string;
  /** Keep the fresh database at the end, to run on it again with `database` (also: KEEP_DATABASE=1). */
  keepDatabase?: boolean;
}): Promise<BenchSystem> {
  ensureBuilt('api');
  const database = opts.database ?? `lt_bench_${opts.name}_${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(database);
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    DATABASE_URL: url,
    REDIS_URL,
    QUEUE_PREFIX: database,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    ...opts.env,
  };
  const children: ChildProcess[] = [];
  const apiUrls: string[] = [];
  const basePort = opts.basePort ?? 3900;
  for (let i = 0; i < (opts.apiProcesses ?? 1); i++) {
    const port = basePort + i;
    const child = spawn(
      process.execPath,
      [...API_NODE_ARGS, path.join(ROOT, 'dist', 'apps', 'api', 'main.js')],
      {
        cwd: ROOT,
        env: { ...env, PORT: String(port) },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    children.push(child);
    await waitForPort(port, child);
    apiUrls.push(`http://127.0.0.1:${port}`);
  }
  return {
    database,
    databaseUrl: url,
    apiUrls,
    apiPids: children.map((child) => child.pid ?? 0),
    env,
    stop: async () => {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
      await deleteRedisKeys(REDIS_URL, database);
      if (opts.database || opts.keepDatabase || process.env.KEEP_DATABASE)
        console.log(`[bench] database kept: ${database}`);
      else await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    },
  };
}
