import { ChildProcess, spawn } from 'node:child_process';

/**
 * Starts a Node server for a benchmark (`args` after the node binary) and resolves once it
 * prints `ready` on standard output; rejects if it exits first.
 */
export function startServerProcess(
  name: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const untilReady = (chunk: Buffer) => {
      if (!chunk.toString().includes('ready')) return;
      // From here on its output (a log line per request) is read and dropped unparsed.
      child.stdout?.off('data', untilReady).resume();
      resolve(child);
    };
    child.stdout?.on('data', untilReady);
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
  });
}
