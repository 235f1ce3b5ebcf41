import { PassThrough, Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends the answer as a stream that `write` fills (a manifest of thousands of units is not
 * held in memory whole). The answer starts with the first byte written: a failure before it
 * (a query the writer runs first) is still answered as a problem. A failure after it cuts
 * the connection (the problem-details filter does it), so the client sees a broken
 * download rather than a short file that looks whole.
 */
export async function streamTo(
  reply: FastifyReply,
  write: (sink: Writable) => Promise<void>,
): Promise<void> {
  const body = new PassThrough();
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    void reply.send(body);
  };
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      start();
      if (body.write(chunk)) done();
      else body.once('drain', done);
    },
    final(done) {
      start();
      body.end();
      done();
    },
    destroy(error, done) {
      // A writer that failed or was stopped: the body is cut short, and Fastify then cuts the
      // connection. A writer that finished lands here too (autoDestroy): the body, ended in
      // `final`, is left to drain to the client.
      if (!sink.writableFinished) body.destroy();
      done(error);
    },
  });
  // The client left (Fastify destroys the body stream): stop the writer too.
  body.once('close', () => {
    if (!body.writableFinished) sink.destroy();
  });
  try {
    await write(sink);
  } catch (error) {
    sink.destroy(); // without the error: nothing listens for it; the caller gets it
    throw error;
  }
}
