import { LoadResult, runLoad } from './http-load';
import { startServerProcess } from './server-process';

const SERVER = `require('node:http').createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(201, { 'content-type': 'application/json', 'content-length': 11 }); res.end('{"ok":true}'); });
}).listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('ready\\n'));`;

/**
 * The machine's ceiling for any HTTP API: a hello-world Node server in its own process,
 * loaded by the same client at the same concurrency. What an API reaches is this minus
 * its own work; on a machine where a syscall is dear, this is low.
 */
export async function rawHttpCeiling(
  clients: number,
  total: number,
  port = 3990,
): Promise<LoadResult> {
  const child = await startServerProcess('raw HTTP server', ['-e', SERVER, String(port)]);
  try {
    return await runLoad([`http://127.0.0.1:${port}`], clients, total, () => ({
      method: 'POST',
      path: '/',
      body: { workOrderId: 'x' },
    }));
  } finally {
    child.kill();
  }
}
