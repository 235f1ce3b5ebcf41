import { randomUUID } from 'node:crypto';
import { ApiClient, setUpPlant, workOrder } from './support/api-client';
import { ADMIN, startSystem } from './support/bench-system';
import { cpuFigure, cpuPerRequest, cpuTimes } from './support/cpu-meter';
import { round, runLoad } from './support/http-load';
import { withCeilingAround } from './support/raw-ceiling';
import { rawHttpCeiling } from './support/raw-http-ceiling';
import { nestFloor } from './support/nest-floor';
import { BenchFigure } from './support/figures';

const CLIENTS = 32;
const UNITS = 20_000;
const BATCH = 5_500;

/** `npm run bench -- units`: units recorded through HTTP, the raw insert ceiling, and one batch. */
export async function benchUnits(opts: { apiProcesses: number }): Promise<BenchFigure[]> {
  const system = await startSystem({ name: 'units', apiProcesses: opts.apiProcesses });
  try {
    const api = await ApiClient.signIn(system.apiUrls[0], ADMIN.email, ADMIN.password);
    const plant = await setUpPlant(api, { lines: 2, imeis: 2 * (UNITS + BATCH) + 1000 });
    const orders = [
      await workOrder(api, plant, 0, UNITS / 2, 'WO-B1'),
      await workOrder(api, plant, 1, UNITS / 2, 'WO-B2'),
    ];
    const batchOrder = await workOrder(api, plant, 0, BATCH, 'WO-B3');

    const { result, ceiling } = await withCeilingAround(
      system.databaseUrl,
      CLIENTS,
      UNITS,
      async () => {
        const cpuBefore = cpuTimes(system.apiPids);
        const load = await runLoad(system.apiUrls, CLIENTS, UNITS, (i) => ({
          method: 'POST',
          path: '/api/units',
          headers: { authorization: api.bearer, 'idempotency-key': randomUUID() },
          body: { workOrderId: orders[i % 2] },
        }));
        return { load, cpu: cpuPerRequest(cpuBefore, cpuTimes(system.apiPids), UNITS) };
      },
    );
    const { load, cpu } = result;
    if (load.failures)
      throw new Error(`units: ${load.failures} failures, first: ${load.firstFailure}`);

    const http = await rawHttpCeiling(CLIENTS, UNITS);
    const floor = await nestFloor(system.env, opts.apiProcesses, CLIENTS, UNITS);

    const t0 = performance.now();
    await api.call('POST', '/api/units/batch', { workOrderId: batchOrder, count: BATCH }, 201, {
      'idempotency-key': randomUUID(),
    });
    const batchMs = performance.now() - t0;

    const ratio = round((100 * load.perSecond) / ceiling.perSecond, 1);
    const setup = `${CLIENTS} clients, ${UNITS.toLocaleString('en-US')} dual-SIM units, 2 work orders on 2 lines, ${opts.apiProcesses} API process(es)`;
    return [
      {
        bench: 'units',
        figure: 'units recorded / s (HTTP)',
        value: load.perSecond,
        unit: '/s',
        target: '>= 1,500',
        ok: load.perSecond >= 1500,
        setup,
      },
      { bench: 'units', figure: 'unit latency p50', value: load.p50Ms, unit: 'ms', setup },
      { bench: 'units', figure: 'unit latency p99', value: load.p99Ms, unit: 'ms', setup },
      cpuFigure('units', 'CPU per unit', cpu),
      {
        bench: 'units',
        figure: 'raw ceiling: single-row INSERT tx / s (pg driver)',
        value: ceiling.perSecond,
        unit: '/s',
        setup: `${CLIENTS} connections; mean of ${ceiling.before.perSecond} before and ${ceiling.after.perSecond} after the units`,
      },
      {
        bench: 'units',
        figure: 'raw ceiling: hello-world Node HTTP requests / s',
        value: http.perSecond,
        unit: '/s',
        setup: `${CLIENTS} connections, one process`,
      },
      {
        bench: 'units',
        figure: "NestJS floor: the API's HTTP pipeline around a route doing nothing, requests / s",
        value: floor.perSecond,
        unit: '/s',
        setup: `${CLIENTS} connections, ${opts.apiProcesses} process(es), API CPU ${floor.cpuPerRequestMs} ms per request`,
      },
      {
        bench: 'units',
        figure: 'units / s as share of raw ceiling',
        value: ratio,
        unit: '%',
        target: '>= 30%',
        ok: ratio >= 30,
      },
      {
        bench: 'units',
        figure: `batch of ${BATCH.toLocaleString('en-US')} units`,
        value: round(batchMs, 0),
        unit: 'ms',
        target: '< 1,000 ms',
        ok: batchMs < 1000,
      },
    ];
  } finally {
    await system.stop();
  }
}
