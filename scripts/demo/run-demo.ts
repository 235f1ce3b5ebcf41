import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { MultiBar, Presets } from 'cli-progress';
import { ApiClient } from '../../bench/support/api-client';
import { DemoModel, DemoPlant, ensureDemoPlant } from './demo-plant';
import { printDailyOutput } from './print-report';

/**
 * `npm run demo`: one simulated shift through the real HTTP API of a running system
 * (`npm start`): units off three lines at their rate, QC with fails and rework, the
 * registry push through the queue, packing into an export lot, then the day's report.
 */
const { values: opts } = parseArgs({
  options: {
    'units-per-line': { type: 'string', default: '60' },
    speed: { type: 'string', default: '600' },
    'fail-rate': { type: 'string', default: '0.05' },
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    help: { type: 'boolean', default: false },
  },
});

if (opts.help) {
  console.log(`npm run demo -- [--units-per-line 60] [--speed 600] [--fail-rate 0.05] [--url http://127.0.0.1:3000]
Signs in with ADMIN_EMAIL (default admin@localhost) and ADMIN_PASSWORD.
--speed: how many times faster than real time (a line making 125 units an hour, at 600, makes one every 0.05 s).`);
  process.exit(0);
}

const unitsPerLine = Number(opts['units-per-line']);
const speed = Number(opts.speed);
const failRate = Number(opts['fail-rate']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: T[]) => items[Math.floor(Math.random() * items.length)];

async function qcJourney(
  api: ApiClient,
  serial: string,
  model: DemoModel,
  plant: DemoPlant,
): Promise<void> {
  for (const stage of model.route) {
    await sleep(Math.random() * 50);
    if (Math.random() < failRate) {
      await api.call(
        'POST',
        `/api/units/${serial}/qc-results`,
        { stage, result: 'FAIL', defectCodes: [pick(plant.defects[stage])] },
        201,
        { 'idempotency-key': randomUUID() },
      );
      await api.call('POST', `/api/units/${serial}/rework`, { note: 'demo rework' });
    }
    await api.call(
      'POST',
      `/api/units/${serial}/qc-results`,
      { stage, result: 'PASS', station: `${stage}-1` },
      201,
      { 'idempotency-key': randomUUID() },
    );
  }
}

async function runLine(
  api: ApiClient,
  plant: DemoPlant,
  line: DemoPlant['lines'][number],
  model: DemoModel,
  bar: { increment(): void },
): Promise<string[]> {
  const wo = await api.call<{ id: string }>('POST', '/api/work-orders', {
    number: `WO-DEMO-${line.code}-${Date.now().toString(36).toUpperCase()}`,
    deviceModelId: model.id,
    lineId: line.id,
    quantity: unitsPerLine,
    dueDate: new Date().toISOString().slice(0, 10),
  });
  const intervalMs = (3600_000 * 24) / line.dailyCapacity / speed;
  const journeys: Promise<void>[] = [];
  const serials: string[] = [];
  for (let i = 0; i < unitsPerLine; i++) {
    const unit = await api.call<{ serialNumber: string }>(
      'POST',
      '/api/units',
      { workOrderId: wo.id },
      201,
      { 'idempotency-key': randomUUID() },
    );
    serials.push(unit.serialNumber);
    journeys.push(qcJourney(api, unit.serialNumber, model, plant).then(() => bar.increment()));
    await sleep(intervalMs);
  }
  await Promise.all(journeys);
  return serials;
}

async function waitForRegistry(
  api: ApiClient,
  serials: string[],
  bars: MultiBar,
): Promise<string[]> {
  const bar = bars.create(serials.length, 0, { name: 'Registry'.padEnd(9), what: 'units registered or rejected' });
  const deadline = Date.now() + 120_000;
  let registered: string[] = [];
  while (Date.now() < deadline) {
    const states = await Promise.all(
      serials.map((s) => api.call<{ registryStatus: string }>('GET', `/api/units/${s}`)),
    );
    registered = serials.filter((_, i) => states[i].registryStatus === 'REGISTERED');
    const settled = states.filter(
      (s) => s.registryStatus === 'REGISTERED' || s.registryStatus === 'REJECTED',
    ).length;
    bar.update(settled);
    if (settled === serials.length) break;
    await sleep(1000);
  }
  return registered;
}

async function packIntoLot(
  api: ApiClient,
  lotId: string,
  serials: string[],
  bars: MultiBar,
): Promise<void> {
  const bar = bars.create(serials.length, 0, { name: 'Packing'.padEnd(9), what: 'units packed into the lot' });
  let carton: { sscc: string } | undefined;
  let inCarton = 0;
  for (const serial of serials) {
    if (!carton || inCarton === 20) {
      if (carton) await api.call('POST', `/api/cartons/${carton.sscc}/close`, {}, 200);
      carton = await api.call<{ sscc: string }>('POST', `/api/export-lots/${lotId}/cartons`, {
        capacity: 20,
      });
      inCarton = 0;
    }
    await api.call('POST', `/api/cartons/${carton.sscc}/units`, { unit: serial });
    inCarton++;
    bar.increment();
  }
  if (carton && inCarton === 20)
    await api.call('POST', `/api/cartons/${carton.sscc}/close`, {}, 200);
}

async function main(): Promise<void> {
  const password = process.env.ADMIN_PASSWORD;
  if (!password)
    throw new Error(
      'Set ADMIN_PASSWORD (and ADMIN_EMAIL if not admin@localhost): the administrator the demo signs in as.',
    );
  const api = await ApiClient.signIn(
    opts.url,
    process.env.ADMIN_EMAIL ?? 'admin@localhost',
    password,
  );
  const plant = await ensureDemoPlant(api, {
    url: process.env.REGISTRY_URL ?? 'http://127.0.0.1:3100',
    apiKey: process.env.REGISTRY_API_KEY ?? 'dev-registry-key',
  });
  console.log(
    `Demo plant ready: ${plant.lines.length} lines, ${plant.models.length} models, export lot to the UAE. Simulating one shift…\n`,
  );
  const bars = new MultiBar(
    {
      format: ' {name} [{bar}] {value}/{total} units through QC',
      hideCursor: true,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  const serialsPerLine = await Promise.all(
    plant.lines.map((line, i) => {
      const model = plant.models[i % plant.models.length];
      return runLine(
        api,
        plant,
        line,
        model,
        bars.create(unitsPerLine, 0, { name: `${line.code} ${model.name}`.padEnd(9), what: 'units through QC' }),
      );
    }),
  );
  const smartphones = serialsPerLine.filter((_, i) => i % plant.models.length === 0).flat();
  const registered = await waitForRegistry(api, serialsPerLine.flat(), bars);
  await packIntoLot(
    api,
    plant.lotId,
    registered.filter((s) => smartphones.includes(s)),
    bars,
  );
  bars.stop();
  const today = await api.call<Parameters<typeof printDailyOutput>[0]>(
    'GET',
    `/api/reports/daily-output?plantId=${plant.plantId}`,
  );
  printDailyOutput(today);
}

main().catch((error: unknown) => {
  console.error(`Demo failed: ${(error as Error).message}`);
  console.error(
    'Is the system running (npm start), and are ADMIN_EMAIL/ADMIN_PASSWORD those of its administrator?',
  );
  process.exit(1);
});
