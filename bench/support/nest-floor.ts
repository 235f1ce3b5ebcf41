import { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT } from './bench-system';
import { cpuPerRequest, cpuTimes } from './cpu-meter';
import { LoadResult, runLoad } from './http-load';
import { startServerProcess } from './server-process';

/**
 * The floor under any route of this API on this machine: `processes` processes of
 * `nest-floor-app.ts` (the API's HTTP pipeline around a route that does nothing), loaded
 * like POST /api/units. `env` is the API's environment (the app reads its configuration).
 */
export async function nestFloor(
  env: Record<string, string>,
  processes: number,
  clients: number,
  total: number,
  basePort = 3950,
): Promise<LoadResult & { cpuPerRequestMs: number }> {
  const children: ChildProcess[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      children.push(
        await startServerProcess(
          'NestJS floor',
          ['-r', '@swc-node/register', path.join(__dirname, 'nest-floor-app.ts')],
          { cwd: ROOT, env: { ...env, PORT: String(basePort + i) } },
        ),
      );
    }
    const urls = children.map((_, i) => `http://127.0.0.1:${basePort + i}`);
    const request = () => ({
      method: 'POST' as const,
      path: '/api/units',
      headers: { authorization: 'Bearer floor', 'idempotency-key': randomUUID() },
      body: { workOrderId: randomUUID() },
      expect: 201,
    });
    await runLoad(urls, clients, 2_000, request); // warm-up: the first calls compile code
    const pids = children.map((child) => child.pid ?? 0);
    const before = cpuTimes(pids);
    const load = await runLoad(urls, clients, total, request);
    if (load.failures)
      throw new Error(`NestJS floor: ${load.failures} failures, first: ${load.firstFailure}`);
    return { ...load, cpuPerRequestMs: cpuPerRequest(before, cpuTimes(pids), total).api };
  } finally {
    for (const child of children) child.kill();
  }
}
