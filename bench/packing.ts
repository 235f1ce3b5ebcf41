import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiClient, setUpPlant, workOrder } from './support/api-client';
import { ADMIN, startSystem } from './support/bench-system';
import { BenchFigure } from './support/figures';
import { round, summarize } from './support/http-load';
import { LeanConnection } from './support/lean-connection';

const UNITS = 5_500;
const CARTON = 20;
/** Packing tables scanning at once, each into its own carton. */
const TABLES = 8;

async function timed(
  url: string,
  bearer: string,
): Promise<{ ms: number; bytes: number; status: number; head: string }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers: { authorization: bearer } });
  const body = Buffer.from(await res.arrayBuffer());
  return {
    ms: performance.now() - t0,
    bytes: body.length,
    status: res.status,
    head: body.subarray(0, 5).toString('latin1'),
  };
}

/**
 * `npm run bench -- packing`: 5,500 PASSED, REGISTERED units scanned one request each into
 * cartons of 20 by 8 packing tables (each opens a carton, scans 20 units, closes it, takes
 * the next), then the lot's manifest.csv and manifest.pdf.
 *
 * The units are recorded through the API in one batch; making them PASSED and REGISTERED is
 * done with one SQL statement (a shortcut: QC and the registry are benchmarked elsewhere).
 */
export async function benchPacking(opts: { apiProcesses?: number } = {}): Promise<BenchFigure[]> {
  const apiProcesses = opts.apiProcesses ?? 1;
  const system = await startSystem({ name: 'packing', apiProcesses, basePort: 5100 });
  try {
    const api = await ApiClient.signIn(system.apiUrls[0], ADMIN.email, ADMIN.password);
    const plant = await setUpPlant(api, { lines: 1, imeis: 2 * UNITS + 100, code: 'PKB' });
    const order = await workOrder(api, plant, 0, UNITS, 'WO-PK-1');
    const batch = await api.call<{
      units: { id: string; serialNumber: string; imeis: string[] }[];
    }>('POST', '/api/units/batch', { workOrderId: order, count: UNITS }, 201, {
      'idempotency-key': randomUUID(),
    });
    const sql = new Client({ connectionString: system.databaseUrl });
    await sql.connect();
    await sql.query(
      `UPDATE units SET status = 'PASSED', registry_status = 'REGISTERED', next_stage = NULL, passed_at = now() WHERE work_order_id = $1`,
      [order],
    );
    await sql.end();
    const lot = await api.call<{ id: string; number: string }>('POST', '/api/export-lots', {
      plantId: plant.plantId,
      destinationCountry: 'AE',
      consignee: 'Benchmark consignee, Dubai',
      plannedQuantity: UNITS,
      deviceModelIds: [plant.deviceModelId],
    });

    // Scanners read either IMEI or the serial; alternate so both lookups are timed.
    const refs = batch.units.map((u, i) => (i % 2 === 0 ? u.imeis[0] : u.serialNumber));
    const cartons = Math.ceil(UNITS / CARTON);
    const connections = Array.from({ length: TABLES }, (_, table) =>
      LeanConnection.forUrl(system.apiUrls[table % system.apiUrls.length]),
    );
    const latencies: number[] = [];
    let failures = 0;
    let firstFailure: string | undefined;
    let nextCarton = 0;
    const started = performance.now();
    await Promise.all(
      connections.map(async (connection) => {
        const call = async (
          method: 'POST',
          path: string,
          body: unknown,
          headers: Record<string, string> = {},
        ) => {
          const res = await connection.send(
            method,
            path,
            { 'content-type': 'application/json', authorization: api.bearer, ...headers },
            JSON.stringify(body),
          );
          if (res.status >= 300) {
            failures++;
            firstFailure ??= `${method} ${path}: ${res.status} ${res.body.slice(0, 300)}`;
          }
          return res.body;
        };
        for (let c = nextCarton++; c < cartons; c = nextCarton++) {
          const carton = JSON.parse(
            await call('POST', `/api/export-lots/${lot.id}/cartons`, { capacity: CARTON }),
          ) as { sscc: string };
          for (const ref of refs.slice(c * CARTON, (c + 1) * CARTON)) {
            const t0 = performance.now();
            await call(
              'POST',
              `/api/cartons/${carton.sscc}/units`,
              { unit: ref },
              { 'idempotency-key': randomUUID() },
            );
            latencies.push(performance.now() - t0);
          }
          await call('POST', `/api/cartons/${carton.sscc}/close`, {});
        }
      }),
    );
    const load = summarize(latencies, failures, started, firstFailure);
    connections.forEach((c) => c.close());
    if (load.failures)
      throw new Error(`packing: ${load.failures} failures, first: ${load.firstFailure}`);

    const csv = await timed(
      `${system.apiUrls[0]}/api/export-lots/${lot.id}/manifest.csv`,
      api.bearer,
    );
    const pdf = await timed(
      `${system.apiUrls[0]}/api/export-lots/${lot.id}/manifest.pdf`,
      api.bearer,
    );
    if (csv.status !== 200 || pdf.status !== 200 || pdf.head !== '%PDF-')
      throw new Error(`manifest: csv ${csv.status}, pdf ${pdf.status} ${pdf.head}`);

    const setup = `${TABLES} packing tables, ${UNITS.toLocaleString('en-US')} dual-SIM units into ${cartons} cartons of ${CARTON}, one request per scan with an Idempotency-Key, ${apiProcesses} API process(es)`;
    return [
      {
        bench: 'packing',
        figure: 'units packed / s (HTTP, carton open and close included)',
        value: load.perSecond,
        unit: '/s',
        setup,
      },
      { bench: 'packing', figure: 'pack-scan latency p50', value: load.p50Ms, unit: 'ms', setup },
      { bench: 'packing', figure: 'pack-scan latency p99', value: load.p99Ms, unit: 'ms', setup },
      {
        bench: 'packing',
        figure: `manifest.csv for ${UNITS.toLocaleString('en-US')} units`,
        value: round(csv.ms, 0),
        unit: 'ms',
        target: '< 1,000 ms',
        ok: csv.ms < 1000,
        setup: `${round(csv.bytes / 1024, 0)} KiB streamed`,
      },
      {
        bench: 'packing',
        figure: `manifest.pdf for ${UNITS.toLocaleString('en-US')} units (${cartons + 1} pages)`,
        value: round(pdf.ms, 0),
        unit: 'ms',
        target: '< 5,000 ms',
        ok: pdf.ms < 5000,
        setup: `${round(pdf.bytes / 1024, 0)} KiB`,
      },
    ];
  } finally {
    await system.stop();
  }
}

// `node -r @swc-node/register bench/packing.ts` runs it alone until the lead wires it into run.ts.
if (require.main === module) {
  benchPacking({ apiProcesses: Number(process.env.API_PROCESSES ?? 1) })
    .then((figures) => {
      for (const f of figures)
        console.log(
          `[bench] ${f.figure}: ${f.value} ${f.unit}${f.target ? ` (target ${f.target}: ${f.ok ? 'met' : 'missed'})` : ''}`,
        );
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
