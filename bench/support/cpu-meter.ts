import { readdirSync, readFileSync } from 'node:fs';
import { BenchFigure } from './figures';

/**
 * CPU time spent by the API processes, PostgreSQL and this load generator, read from /proc.
 * Throughput on a shared two-core machine swings with its speed; CPU milliseconds per request
 * say where the work goes whatever the hour.
 */
export interface CpuTimes {
  apiMs: number;
  databaseMs: number;
  loadMs: number;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime, and for PostgreSQL's postmaster also its reaped children (ended backends). */
function processMs(
  pid: number | string,
  withChildren: boolean,
): { comm: string; ms: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the comm start at field 3 (state): utime is 14, stime 15, cutime 16, cstime 17.
    const own = Number(fields[11]) + Number(fields[12]);
    const children = withChildren ? Number(fields[13]) + Number(fields[14]) : 0;
    return { comm, ms: (own + children) * TICK_MS };
  } catch {
    return null; // the process ended meanwhile
  }
}

export function cpuTimes(apiPids: number[]): CpuTimes {
  let databaseMs = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const own = processMs(pid, false);
    if (own?.comm !== 'postgres') continue;
    // The postmaster is the postgres process whose parent is not postgres; count its reaped children.
    const parent = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[1];
    const parentComm = parent ? processMs(parent, false)?.comm : undefined;
    databaseMs += parentComm === 'postgres' ? own.ms : (processMs(pid, true)?.ms ?? own.ms);
  }
  const apiMs = apiPids.reduce((sum, pid) => sum + (processMs(pid, false)?.ms ?? 0), 0);
  const usage = process.cpuUsage();
  return { apiMs, databaseMs, loadMs: (usage.user + usage.system) / 1000 };
}

/** CPU milliseconds per request between two readings. */
export function cpuPerRequest(
  before: CpuTimes,
  after: CpuTimes,
  requests: number,
): { api: number; database: number; load: number } {
  const per = (ms: number) => Math.round((1000 * ms) / requests) / 1000;
  return {
    api: per(after.apiMs - before.apiMs),
    database: per(after.databaseMs - before.databaseMs),
    load: per(after.loadMs - before.loadMs),
  };
}

export function cpuFigure(
  bench: string,
  figure: string,
  cpu: ReturnType<typeof cpuPerRequest>,
): BenchFigure {
  return {
    bench,
    figure,
    value: Math.round(1000 * (cpu.api + cpu.database + cpu.load)) / 1000,
    unit: 'ms',
    setup: `API ${cpu.api} + PostgreSQL ${cpu.database} + load generator ${cpu.load} ms`,
  };
}
