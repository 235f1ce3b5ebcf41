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

interface ProcessCpu {
  comm: string;
  ppid: string;
  /** utime + stime */
  ownMs: number;
  /** cutime + cstime: its children that have ended and been reaped */
  childrenMs: number;
}

function readProcess(pid: number | string): ProcessCpu | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    // The fields after the comm start at field 3 (state): ppid is 4, utime 14, stime 15,
    // cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      comm,
      ppid: fields[1],
      ownMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS,
      childrenMs: (Number(fields[13]) + Number(fields[14])) * TICK_MS,
    };
  } catch {
    return null; // the process ended meanwhile
  }
}

/**
 * Every PostgreSQL process on the machine counts (the bench expects to run alone): live
 * backends by their own time, ended ones through the postmaster's reaped children.
 */
export function cpuTimes(apiPids: number[]): CpuTimes {
  let databaseMs = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const proc = readProcess(pid);
    if (proc?.comm !== 'postgres') continue;
    const isPostmaster = readProcess(proc.ppid)?.comm !== 'postgres';
    databaseMs += proc.ownMs + (isPostmaster ? proc.childrenMs : 0);
  }
  const apiMs = apiPids.reduce((sum, pid) => sum + (readProcess(pid)?.ownMs ?? 0), 0);
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
