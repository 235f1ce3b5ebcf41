import { PassThrough, Writable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends the answer as a stream that `write` fills (a manifest of thousands of units is not
 * held in memory whole). If writing fails, the connection is cut (the problem-details filter
 * does it once the answer has started), so the client sees a broken download rather than a
 * short file that looks whole.
 */
export async function streamTo(
  reply: FastifyReply,
  write: (sink: Writable) => Promise<void>,
): Promise<void> {
  const sink = new PassThrough();
  void reply.send(sink);
  try {
    await write(sink);
  } catch (error) {
    sink.destroy(error as Error);
    throw error;
  }
}
