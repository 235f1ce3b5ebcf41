import { once } from 'node:events';
import { Readable, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import type { FastifyReply } from 'fastify';
import { streamTo } from './stream-to';

/** A reply that keeps what it was asked to send. */
function fakeReply() {
  const sent: Readable[] = [];
  const reply = { send: (body: Readable) => sent.push(body) } as unknown as FastifyReply;
  return { reply, sent };
}

/** Reads like a slow client: a pause after each chunk. */
async function slowLength(body: Readable): Promise<number> {
  let length = 0;
  for await (const chunk of body) {
    length += (chunk as Buffer).length;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  return length;
}

const writeAll = (sink: Writable, chunks: string[]) =>
  (async () => {
    for (const chunk of chunks) if (!sink.write(chunk)) await once(sink, 'drain');
    sink.end();
  })();

describe('streamTo', () => {
  it('sends what the writer writes, starting with its first byte', async () => {
    const { reply, sent } = fakeReply();
    const answered = streamTo(reply, (sink) => writeAll(sink, ['a,b\r\n', '1,2\r\n']));
    await answered;
    expect(sent).toHaveLength(1);
    expect(await text(sent[0])).toBe('a,b\r\n1,2\r\n');
  });

  it('sends a body many times its buffers whole, after the writer has finished', async () => {
    const { reply, sent } = fakeReply();
    const row = `${'x'.repeat(1023)}\n`;
    const answered = streamTo(reply, (sink) => writeAll(sink, Array<string>(2048).fill(row)));
    const received = slowLength(sent[0]);
    await answered;
    expect(await received).toBe(2048 * 1024);
  });

  it('sends nothing when the writer fails before its first byte, so a problem can answer', async () => {
    const { reply, sent } = fakeReply();
    await expect(
      streamTo(reply, () => Promise.reject(new Error('summary query failed'))),
    ).rejects.toThrow('summary query failed');
    expect(sent).toHaveLength(0);
  });

  it('stops the writer when the client leaves midway', async () => {
    const { reply, sent } = fakeReply();
    const answered = streamTo(reply, async (sink) => {
      sink.write('first row\r\n');
      sent[0].destroy(); // what Fastify does when the connection closes
      await once(sink, 'close');
      if (sink.destroyed) throw new Error('the client closed the connection');
    });
    await expect(answered).rejects.toThrow('the client closed the connection');
  });
});
