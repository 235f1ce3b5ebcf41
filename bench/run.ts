import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchFigure } from './support/figures';
import { benchPacking } from './packing';
import { benchQc } from './qc';
import { benchRegistry } from './registry';
import { benchSeedHistory } from './seed-history';
import { benchUnits } from './units';
import { benchWeb } from './web';

/**
 * `npm run bench` runs every benchmark and writes bench/results/latest.{md,json};
 * `npm run bench -- units` runs one. API_PROCESSES=n runs n API processes; the default is
 * one, as `npm start` and docker/compose.yaml run it.
 */
const apiProcesses = Number(process.env.API_PROCESSES ?? 1);
const BENCHES: Record<string, () => Promise<BenchFigure[]>> = {
  units: () => benchUnits({ apiProcesses }),
  qc: () => benchQc({ apiProcesses }),
  registry: () => benchRegistry(),
  packing: () => benchPacking({ apiProcesses }),
  // The report is timed on the history this loads (SEED_UNITS, default 10 million).
  reports: () => benchSeedHistory(),
  web: () => benchWeb(),
};
const ALIASES: Record<string, string> = { 'seed-history': 'reports' };

function machine(): string {
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, load average ${load} at the end`;
}

function markdown(figures: BenchFigure[], when: string): string {
  const rows = figures.map(
    (f) =>
      `| ${f.bench} | ${f.figure} | ${f.value.toLocaleString('en-US')} ${f.unit} | ${f.target ?? ''} | ${f.ok === undefined ? '' : f.ok ? 'met' : 'missed'} | ${f.setup ?? ''} |`,
  );
  return [
    `Benchmarks run ${when} on ${machine()}.`,
    '',
    '| bench | figure | value | target | | setup |',
    '| --- | --- | ---: | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).map((name) => ALIASES[name] ?? name);
  const names = wanted.length ? wanted : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length)
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`,
    );
  const figures: BenchFigure[] = [];
  for (const name of names) {
    console.log(`[bench] ${name}…`);
    const result = await BENCHES[name]();
    for (const f of result)
      console.log(
        `[bench] ${f.figure}: ${f.value} ${f.unit}${f.target ? ` (target ${f.target}: ${f.ok ? 'met' : 'missed'})` : ''}`,
      );
    figures.push(...result);
  }
  const when = new Date().toISOString();
  const dir = path.join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const suffix = wanted.length ? `-${names.join('-')}` : '';
  writeFileSync(
    path.join(dir, `latest${suffix}.json`),
    JSON.stringify({ when, machine: machine(), figures }, null, 2),
  );
  writeFileSync(path.join(dir, `latest${suffix}.md`), markdown(figures, when));
  console.log(markdown(figures, when));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
