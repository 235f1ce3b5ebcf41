import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { QUEUES } from '@lt/queue';
import { LIVE_STATES } from '@lt/registry';
import { startRegistrySim } from '../../apps/registry-sim/src';
import type { Faults, RunningRegistrySim } from '../../apps/registry-sim/src';
import { ApiHarness, startApi } from '../support/api-harness';
import { createQcFixture, QcFixture, TestUnit } from '../support/factories';
import { deleteRedisKeys } from '../support/redis-keys';
import { createTestDatabase, TestDatabase, TEST_REDIS_URL } from '../support/test-database';

export const SIM_KEY = 'registry-e2e-key';
const ROOT = path.resolve(__dirname, '..', '..');

/** Short delays and timeouts, so a fault suite runs in a minute or two on a shared machine. */
export const FAST_REGISTRY_ENV: Record<string, string> = {
  REGISTRY_API_KEY: SIM_KEY,
  REGISTRY_USER_ID: 'factory-01',
  REGISTRY_USER_NAME: 'Linetrack e2e',
  REGISTRY_BATCH_SIZE: '100',
  REGISTRY_CONCURRENCY: '4',
  REGISTRY_TIMEOUT_MS: '1000',
  REGISTRY_MAX_ATTEMPTS: '10',
  REGISTRY_RELAY_EVERY_MS: '200',
  REGISTRY_RECONCILE_EVERY_MS: '1000',
  REGISTRY_STALE_AFTER_MS: '3000',
  REGISTRY_POLL_INTERVAL_MS: '100',
  REGISTRY_BACKOFF_MS: '100',
  REGISTRY_BACKOFF_MAX_MS: '2000',
  REPORT_ROLLUP_EVERY_MS: '500',
};

export interface RegistryHarness {
  api: ApiHarness;
  db: DataSource;
  sim: SimControl;
  fixture: QcFixture;
  env: Record<string, string>;
  /** Spawns a worker process (the production entry point, compiled on the fly). */
  startWorker(): Promise<WorkerProcess>;
  /** Units assembled and passed through every QC stage through the API. */
  passUnits(count: number): Promise<TestUnit[]>;
  /** Waits until no unit is PENDING or SUBMITTED; returns the registry status counts. */
  drained(timeoutMs: number): Promise<Record<string, number>>;
  /** Deletes every key of this suite's queue prefix: FLUSHALL for us, without touching other suites. */
  flushRedis(): Promise<number>;
  close(): Promise<void>;
}

export interface SimControl {
  url: string;
  faults(f: Partial<Faults>): Promise<void>;
  stats(): Promise<SimStats>;
  preregister(imeis: string[]): Promise<void>;
  /** A statement on the stand-in's own database: a registry reviewer's hand, for tests. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export interface SimStats {
  requests: number;
  imeisRegistered: number;
  imeisInMultipleApprovedRequests: number;
  registrationRequests: Record<string, number>;
  faults: Record<string, number>;
}

export interface WorkerProcess {
  child: ChildProcess;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startRegistryHarness(
  opts: { faults?: Partial<Faults>; env?: Record<string, string> } = {},
): Promise<RegistryHarness> {
  const simDb: TestDatabase = await createTestDatabase();
  let port = 0;
  let sim: RunningRegistrySim = await startRegistrySim({
    databaseUrl: simDb.url,
    port,
    apiKey: SIM_KEY,
    faults: opts.faults,
  });
  port = Number(new URL(sim.url).port);
  const simUrl = sim.url;
  const env = { ...FAST_REGISTRY_ENV, REGISTRY_URL: simUrl, ...opts.env };
  const api = await startApi(env);
  const db = api.app.get(DataSource);
  const fixture = await createQcFixture(api);
  await db.query(`UPDATE device_models SET operating_system = 'Android 14' WHERE id = $1`, [
    fixture.deviceModelId,
  ]);
  const admin = (p: string) => request(simUrl).post(p).set('Authorization', `Bearer ${SIM_KEY}`);
  await admin('/admin/tacs')
    .send({ tacs: [{ tac: fixture.tac, brand_name: 'Acme', model_name: 'Q', simslot: '2' }] })
    .expect(200);

  const control: SimControl = {
    url: simUrl,
    faults: async (f) => void (await admin('/admin/faults').send(f).expect(200)),
    stats: async () =>
      (
        await request(simUrl)
          .get('/admin/stats')
          .set('Authorization', `Bearer ${SIM_KEY}`)
          .expect(200)
      ).body as SimStats,
    preregister: async (imeis) =>
      void (await admin('/admin/preregister').send({ imeis }).expect(200)),
    sql: async <T>(text: string, params: unknown[] = []) => {
      const client = new Client({ connectionString: simDb.url });
      await client.connect();
      try {
        return (await client.query(text, params)).rows as T[];
      } finally {
        await client.end();
      }
    },
    stop: () => sim.close(),
    start: async () => {
      sim = await startRegistrySim({ databaseUrl: simDb.url, port, apiKey: SIM_KEY });
    },
  };

  const workerEnv: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    ...env,
  };
  const workers: WorkerProcess[] = [];
  const startWorker = async (): Promise<WorkerProcess> => {
    const child = spawn(
      process.execPath,
      ['-r', '@swc-node/register', path.join(ROOT, 'apps/worker/src/main.ts')],
      {
        cwd: ROOT,
        env: {
          ...workerEnv,
          DATABASE_URL: api.db.url,
          REDIS_URL: TEST_REDIS_URL,
          QUEUE_PREFIX: process.env.QUEUE_PREFIX ?? '',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('worker did not start within 60 s')), 60_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        if (process.env.LT_WORKER_LOG) process.stdout.write(chunk);
        if (chunk.toString().includes('Worker started')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
    const worker: WorkerProcess = {
      child,
      kill: (signal = 'SIGTERM') =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill(signal);
        }),
    };
    workers.push(worker);
    return worker;
  };

  const supervisor = await api.as('SUPERVISOR');
  let batches = 0;
  const passUnits = async (count: number): Promise<TestUnit[]> => {
    const units = await fixture.createUnits(count);
    for (const stage of fixture.route) {
      for (let i = 0; i < units.length; i += 1000) {
        batches += 1;
        const results = units
          .slice(i, i + 1000)
          .map((u) => ({ unit: u.id, stage, result: 'PASS', key: `reg-${batches}-${u.id}` }));
        await supervisor.post('/api/qc-results/batch').send({ results }).expect(200);
      }
    }
    return units;
  };

  const counts = async () => {
    const rows = await db.query<{ registry_status: string; n: string }[]>(
      `SELECT registry_status, count(*) n FROM units WHERE device_model_id = $1 GROUP BY 1`,
      [fixture.deviceModelId],
    );
    return Object.fromEntries(rows.map((r) => [r.registry_status, Number(r.n)]));
  };
  // What a failed drain leaves behind: each live submission, its last steps and its job.
  const registryQueue = api.app.get<Queue>(getQueueToken(QUEUES.registry));
  const stuckReport = async () => {
    const subs = await db.query<Record<string, unknown>[]>(
      `SELECT id, state, reg_id, failures_in_a_row, attempts, last_error, updated_at, lease_owner, lease_until, parent_id,
         (SELECT count(*) FROM registry_submission_units su WHERE su.submission_id = s.id AND su.outcome IS NULL) units
       FROM registry_submissions s WHERE state = ANY($1::text[])`,
      [[...LIVE_STATES, 'FAILED']],
    );
    const lines: string[] = [`now ${new Date().toISOString()}`];
    for (const sub of subs) {
      const job = await registryQueue.getJob(String(sub.id));
      const state = job ? await job.getState() : 'no job';
      lines.push(`${JSON.stringify(sub)} job: ${state} ${job?.failedReason ?? ''}`);
      const steps = await db.query<Record<string, unknown>[]>(
        `SELECT at, step, outcome, http_status, left(detail::text, 200) detail FROM registry_submission_steps
         WHERE submission_id = $1 ORDER BY id DESC LIMIT 8`,
        [sub.id],
      );
      for (const step of steps.reverse()) lines.push(`  ${JSON.stringify(step)}`);
    }
    return lines.join('\n');
  };
  const drained = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = await counts();
      if (!c.PENDING && !c.SUBMITTED) return c;
      if (Date.now() > deadline)
        throw new Error(
          `registry backlog not drained: ${JSON.stringify(c)}\n${await stuckReport()}`,
        );
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const flushRedis = () => deleteRedisKeys(TEST_REDIS_URL, process.env.QUEUE_PREFIX ?? '');

  return {
    api,
    db,
    sim: control,
    fixture,
    env,
    startWorker,
    passUnits,
    drained,
    flushRedis,
    close: async () => {
      await Promise.all(workers.map((w) => w.kill('SIGKILL')));
      await api.close(); // deletes this run's Redis keys too
      await sim.close();
      await simDb.drop();
    },
  };
}
