import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { startRegistrySim } from '../apps/registry-sim/src';
import { ensureDatabase } from '../libs/database/src/ensure-database';
import { runMigrations } from '../libs/database/src/run-migrations';
import { imeiOf } from '../libs/production/src/units/luhn';
import { adminSql, databaseUrl, ensureBuilt, REDIS_URL, ROOT } from './support/bench-system';
import { BenchFigure } from './support/figures';
import { deleteRedisKeys } from '../test/support/redis-keys';

const UNITS = Number(process.env.BENCH_REGISTRY_UNITS ?? 100_000);
const BATCH = 500;
const CONCURRENCY = Number(process.env.BENCH_REGISTRY_CONCURRENCY ?? 8);
const SIM_KEY = 'bench-registry-key';

/**
 * `npm run bench -- registry`: 100,000 passed dual-SIM units (written set-based with their
 * outbox rows, as passing the last QC stage leaves them) drained by one worker process to
 * the stand-in, outbox to REGISTERED; once with no added latency, once with 200 ms per request.
 */
export async function benchRegistry(): Promise<BenchFigure[]> {
  ensureBuilt('worker');
  const figures: BenchFigure[] = [];
  for (const latencyMs of [0, 200]) {
    const perSecond = await drainOnce(latencyMs);
    const setup = `${UNITS.toLocaleString('en-US')} dual-SIM units, batches of ${BATCH}, 1 worker, REGISTRY_CONCURRENCY=${CONCURRENCY}, stand-in in the bench process`;
    figures.push(
      latencyMs === 0
        ? {
            bench: 'registry',
            figure: 'IMEIs registered / s, no added latency',
            value: perSecond,
            unit: '/s',
            target: '>= 5,000',
            ok: perSecond >= 5000,
            setup,
          }
        : {
            bench: 'registry',
            figure: 'IMEIs registered / s, 200 ms per registry request',
            value: perSecond,
            unit: '/s',
            setup,
          },
    );
  }
  return figures;
}

async function drainOnce(latencyMs: number): Promise<number> {
  const database = `lt_bench_registry_${randomBytes(3).toString('hex')}`;
  const url = databaseUrl(database);
  await ensureDatabase(url);
  await runMigrations(url);
  const sim = await startRegistrySim({
    databaseUrl: url,
    port: 0,
    apiKey: SIM_KEY,
    faults: { latencyMs },
  });
  let worker: ChildProcess | undefined;
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const tac = await seedPassedUnits(db, UNITS);
    await fetch(`${sim.url}/admin/tacs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SIM_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        tacs: [{ tac, brand_name: 'Bench', model_name: 'B1', simslot: '2' }],
      }),
    });
    const started = performance.now();
    worker = spawn(process.execPath, [path.join(ROOT, 'dist', 'apps', 'worker', 'main.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        JWT_SECRET: randomBytes(32).toString('hex'),
        DATABASE_URL: url,
        REDIS_URL,
        QUEUE_PREFIX: database,
        REGISTRY_URL: sim.url,
        REGISTRY_API_KEY: SIM_KEY,
        REGISTRY_BATCH_SIZE: String(BATCH),
        REGISTRY_CONCURRENCY: String(CONCURRENCY),
        REGISTRY_RELAY_EVERY_MS: '200',
        REGISTRY_POLL_INTERVAL_MS: '50',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    for (;;) {
      const { rows } = await db.query<{ n: string }>(
        `SELECT count(*) n FROM units WHERE registry_status IN ('PENDING', 'SUBMITTED')`,
      );
      if (Number(rows[0].n) === 0) break;
      if (worker.exitCode !== null) throw new Error(`worker exited with ${worker.exitCode}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await db.query<{ n: string }>(
      `SELECT count(*) n FROM units WHERE registry_status = 'REGISTERED'`,
    );
    if (Number(rows[0].n) !== UNITS)
      throw new Error(`only ${rows[0].n} of ${UNITS} units registered`);
    return Math.round((2 * UNITS) / seconds);
  } finally {
    if (worker && worker.exitCode === null) {
      const exited = new Promise((r) => worker!.once('exit', r));
      worker.kill('SIGTERM');
      await exited;
    }
    await db.end();
    await sim.close();
    await deleteRedisKeys(REDIS_URL, database);
    await adminSql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
}

/** A plant, a model with its TAC, and `count` PASSED units with two IMEIs each and their outbox rows. */
async function seedPassedUnits(db: Client, count: number): Promise<string> {
  const tac = '35' + String(Math.floor(Math.random() * 999_999)).padStart(6, '0');
  const one = async (sql: string, params: unknown[]) =>
    (await db.query<{ id: string }>(sql, params)).rows[0].id;
  const plant = await one(
    `INSERT INTO plants (code, name) VALUES ('BR', 'Bench registry') RETURNING id`,
    [],
  );
  const line = await one(
    `INSERT INTO lines (plant_id, code, name, daily_capacity, shifts) VALUES ($1, 'L1', 'Line 1', 10000, '[{"name":"A","start":"06:00","end":"14:00"}]') RETURNING id`,
    [plant],
  );
  const model = await one(
    `INSERT INTO device_models (brand, name, model_number, device_type, technologies, imeis_per_device, route, operating_system)
     VALUES ('Bench', 'B1', 'B1-2026', 'Smartphone', '{2G,3G,4G}', 2, '{FINAL_QC}', 'Android 14') RETURNING id`,
    [],
  );
  await db.query('INSERT INTO device_model_tacs (tac, device_model_id) VALUES ($1, $2)', [
    tac,
    model,
  ]);
  const order = await one(
    `INSERT INTO work_orders (number, device_model_id, line_id, quantity) VALUES ('WO-BR', $1, $2, $3) RETURNING id`,
    [model, line, count],
  );
  const pool = await one(
    `INSERT INTO imei_pools (device_model_id, kind, tac, first_serial, last_serial, size, created_by)
     VALUES ($1, 'range', $2, 0, 999999, 1000000, 'bench') RETURNING id`,
    [model, tac],
  );
  const { rows } = await db.query<{ pool_order: string }>(
    'SELECT pool_order FROM imei_pools WHERE id = $1',
    [pool],
  );
  await db.query(
    `INSERT INTO units (id, serial_number, work_order_id, device_model_id, line_id, plant_id, status, registry_status,
                        route_position, assembled_at, assembled_day, passed_at)
     SELECT gen_random_uuid(), 'BR' || lpad(g::text, 7, '0'), $1, $2, $3, $4, 'PASSED', 'PENDING', 1, now(), current_date, now()
     FROM generate_series(1, $5) g`,
    [order, model, line, plant, count],
  );
  const CHUNK = 20_000;
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    const imeis: string[] = [];
    const seqs: number[] = [];
    const serials: string[] = [];
    const slots: number[] = [];
    for (let n = from; n <= to; n++) {
      for (const slot of [1, 2]) {
        const seq = 2 * (n - 1) + slot;
        imeis.push(imeiOf(tac, seq));
        seqs.push(seq);
        serials.push('BR' + String(n).padStart(7, '0'));
        slots.push(slot);
      }
    }
    await db.query(
      `INSERT INTO imeis (pool_id, device_model_id, pool_order, seq, imei, unit_id, slot, issued_at)
       SELECT $1, $2, $3, x.seq, x.imei, u.id, x.slot, now()
       FROM unnest($4::int[], $5::text[], $6::text[], $7::int[]) AS x(seq, imei, serial, slot) JOIN units u ON u.serial_number = x.serial`,
      [pool, model, rows[0].pool_order, seqs, imeis, serials, slots],
    );
  }
  await db.query(
    `INSERT INTO registry_outbox (unit_id, kind) SELECT id, 'REGISTER' FROM units WHERE device_model_id = $1`,
    [model],
  );
  await db.query('ANALYZE');
  return tac;
}
