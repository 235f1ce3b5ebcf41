import { connect, Socket } from 'node:net';

export interface LeanResponse {
  status: number;
  body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection that sends one request at a time and reads answers
 * framed by Content-Length (every answer of this API and of the raw ceiling's server).
 *
 * Why not undici: the load generator shares the machine's two cores with the API and
 * PostgreSQL, and undici spent 0.15 to 0.2 ms of CPU per request there, a tenth of what a
 * unit costs everything. This spends a third to a half of that, so the benchmark measures
 * the server rather than its client.
 */
export class LeanConnection {
  private socket?: Socket;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private waiting?: { resolve: (r: LeanResponse) => void; reject: (e: Error) => void };

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  static forUrl(baseUrl: string): LeanConnection {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:') throw new Error(`lean connection: only http, not ${baseUrl}`);
    return new LeanConnection(url.hostname, Number(url.port || 80));
  }

  send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<LeanResponse> {
    if (this.waiting) throw new Error('lean connection: one request at a time');
    const socket = this.socket ?? this.open();
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\n`;
    for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
    if (body !== undefined) head += `content-length: ${Buffer.byteLength(body)}\r\n`;
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      socket.write(head + '\r\n' + (body ?? ''));
    });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private open(): Socket {
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    const fail = (error?: Error) => {
      if (this.socket === socket) this.socket = undefined;
      this.chunks = [];
      this.buffered = 0;
      const waiting = this.waiting;
      this.waiting = undefined;
      waiting?.reject(error ?? new Error('lean connection: closed by the server'));
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
    this.socket = socket;
    return socket;
  }

  private receive(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    const buffer = this.chunks.length === 1 ? data : Buffer.concat(this.chunks, this.buffered);
    const headEnd = buffer.indexOf(HEADER_END);
    if (headEnd < 0) return this.keep(buffer);
    const head = buffer.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length && /\r\ntransfer-encoding:/i.test(head))
      throw new Error('lean connection: chunked answers are not read');
    const end = headEnd + HEADER_END.length + (length ? Number(length[1]) : 0);
    if (buffer.length < end) return this.keep(buffer);
    const response = {
      status: Number(head.slice(9, 12)),
      body: buffer.toString('utf8', headEnd + HEADER_END.length, end),
    };
    this.keep(buffer.subarray(end));
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.resolve(response);
  }

  private keep(buffer: Buffer): void {
    this.chunks = buffer.length ? [buffer] : [];
    this.buffered = buffer.length;
  }
}
