import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, setUpPlant, workOrder } from './support/api-client';
import { ADMIN, startSystem } from './support/bench-system';
import { BenchFigure } from './support/figures';
import { LoadResult, round, runLoad, runSequences } from './support/http-load';
import { cpuFigure, cpuPerRequest, cpuTimes } from './support/cpu-meter';
import { withCeilingAround } from './support/raw-ceiling';

const CLIENTS = 32;
const SINGLE_UNITS = 4_000;
const BATCH_UNITS = 16_000;
const BATCH_SIZE = 1_000;
const BATCH_CLIENTS = 8;

async function makeUnits(api: ApiClient, workOrderId: string, count: number): Promise<string[]> {
  const serials: string[] = [];
  for (let left = count; left > 0; left -= 10_000) {
    const res = await api.call<{ units: { serialNumber: string }[] }>(
      'POST',
      '/api/units/batch',
      { workOrderId, count: Math.min(left, 10_000) },
      201,
      { 'idempotency-key': randomUUID() },
    );
    serials.push(...res.units.map((u) => u.serialNumber));
  }
  return serials;
}

async function countQcResults(databaseUrl: string): Promise<number> {
  const sql = new Client({ connectionString: databaseUrl });
  await sql.connect();
  try {
    return Number(
      (await sql.query<{ n: string }>('SELECT count(*) AS n FROM qc_results')).rows[0].n,
    );
  } finally {
    await sql.end();
  }
}

/** Stage after stage with a barrier between stages, so no result overtakes the one before it. */
async function stageByStage(
  route: string[],
  run: (stage: string) => Promise<LoadResult>,
): Promise<{ seconds: number; loads: LoadResult[] }> {
  const loads: LoadResult[] = [];
  for (const stage of route) {
    const load = await run(stage);
    if (load.failures)
      throw new Error(`qc ${stage}: ${load.failures} failures, first: ${load.firstFailure}`);
    loads.push(load);
  }
  return { seconds: loads.reduce((s, l) => s + l.seconds, 0), loads };
}

/**
 * `npm run bench -- qc`: single QC results through HTTP with 32 clients, batches of 1,000
 * results, and the raw single-row INSERT ceiling of the same machine in the same run.
 */
export async function benchQc(opts: { apiProcesses: number }): Promise<BenchFigure[]> {
  const system = await startSystem({ name: 'qc', apiProcesses: opts.apiProcesses, basePort: 4700 });
  try {
    const api = await ApiClient.signIn(system.apiUrls[0], ADMIN.email, ADMIN.password);
    const plant = await setUpPlant(api, {
      lines: 1,
      imeis: 2 * (SINGLE_UNITS + BATCH_UNITS) + 100,
      code: 'QCB',
    });
    const order = await workOrder(api, plant, 0, SINGLE_UNITS + BATCH_UNITS, 'WO-QC-1');
    const singles = await makeUnits(api, order, SINGLE_UNITS);
    const batched = await makeUnits(api, order, BATCH_UNITS);
    const singleCount = singles.length * plant.route.length;

    const { result: single, ceiling } = await withCeilingAround(
      system.databaseUrl,
      CLIENTS,
      20_000,
      async () => {
        const cpuBefore = cpuTimes(system.apiPids);
        const stages = await stageByStage(plant.route, (stage) =>
          runLoad(system.apiUrls, CLIENTS, singles.length, (i) => ({
            method: 'POST',
            path: `/api/units/${singles[i]}/qc-results`,
            headers: { authorization: api.bearer, 'idempotency-key': randomUUID() },
            body: { stage, result: 'PASS', station: 'bench' },
          })),
        );
        const cpu = cpuPerRequest(cpuBefore, cpuTimes(system.apiPids), singleCount);
        return { ...stages, cpu };
      },
    );
    const singleRate = round(singleCount / single.seconds, 0);
    const p50 = round(single.loads.reduce((s, l) => s + l.p50Ms, 0) / single.loads.length, 1);
    const p99 = round(Math.max(...single.loads.map((l) => l.p99Ms)), 1);

    // Each client is a test station with its own units, sending their results stage after
    // stage: no barrier between stages, as on a line where units are at every stage at once.
    const perClient = batched.length / BATCH_CLIENTS;
    const batchCpuBefore = cpuTimes(system.apiPids);
    const batch = await runSequences(
      system.apiUrls,
      Array.from({ length: BATCH_CLIENTS }, (_, c) =>
        plant.route.flatMap((stage) =>
          Array.from({ length: Math.ceil(perClient / BATCH_SIZE) }, (_, k) => {
            const from = c * perClient + k * BATCH_SIZE;
            return {
              method: 'POST' as const,
              path: '/api/qc-results/batch',
              headers: { authorization: api.bearer },
              expect: 200,
              body: {
                results: batched
                  .slice(from, Math.min(from + BATCH_SIZE, (c + 1) * perClient))
                  .map((unit) => ({ unit, stage, result: 'PASS', key: randomUUID() })),
              },
            };
          }),
        ),
      ),
    );
    const batchCpu = cpuPerRequest(
      batchCpuBefore,
      cpuTimes(system.apiPids),
      batched.length * plant.route.length,
    );
    if (batch.failures)
      throw new Error(`qc batches: ${batch.failures} failures, first: ${batch.firstFailure}`);
    // A batch answers 200 with a refused item inside it: count what was written instead.
    const written = await countQcResults(system.databaseUrl);
    const expected = (singles.length + batched.length) * plant.route.length;
    if (written !== expected)
      throw new Error(`qc: ${written} results written, ${expected} expected`);
    const batchRate = round((batched.length * plant.route.length) / batch.seconds, 0);

    const ratio = round((100 * singleRate) / ceiling.perSecond, 1);
    const setup = `${CLIENTS} clients, ${singleCount.toLocaleString('en-US')} results over ${plant.route.length} stages, ${opts.apiProcesses} API process(es)`;
    return [
      {
        bench: 'qc',
        figure: 'single QC results / s (HTTP)',
        value: singleRate,
        unit: '/s',
        target: '>= 2,000',
        ok: singleRate >= 2000,
        setup,
      },
      {
        bench: 'qc',
        figure: 'single result latency p50 (mean over stages)',
        value: p50,
        unit: 'ms',
        setup,
      },
      {
        bench: 'qc',
        figure: 'single result latency p99 (worst stage)',
        value: p99,
        unit: 'ms',
        setup,
      },
      {
        bench: 'qc',
        figure: `batched QC results / s (${BATCH_SIZE.toLocaleString('en-US')} per request)`,
        value: batchRate,
        unit: '/s',
        target: '>= 15,000',
        ok: batchRate >= 15000,
        setup: `${BATCH_CLIENTS} clients, ${(batched.length * plant.route.length).toLocaleString('en-US')} results`,
      },
      cpuFigure('qc', 'CPU per single result', single.cpu),
      cpuFigure('qc', 'CPU per batched result', batchCpu),
      {
        bench: 'qc',
        figure: 'raw ceiling: single-row INSERT tx / s (pg driver)',
        value: ceiling.perSecond,
        unit: '/s',
        setup: `${CLIENTS} connections; mean of ${ceiling.before.perSecond} before and ${ceiling.after.perSecond} after the single results`,
      },
      {
        bench: 'qc',
        figure: 'single results / s as share of raw ceiling',
        value: ratio,
        unit: '%',
      },
    ];
  } finally {
    await system.stop();
  }
}
