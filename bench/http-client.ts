import { connect, type Socket } from 'node:net';

/**
 * A lean HTTP/1.1 keep-alive connection for the load loops: one request at a time, written as one string, and a
 * response read by its status line and Content-Length. On this 2-core machine the load generator shares the CPU with
 * the server and PostgreSQL, and node:http's client cost about 0.35 ms of CPU per request, a fifth of the machine's
 * work per action: a benchmark tool (like wrk) should not take that from the system it measures.
 * It only knows what the bench needs: no chunked bodies, no redirects, no pipelining.
 */
export class BenchConnection {
  private chunks: Buffer[] = [];
  private size = 0;
  private waiting: { resolve(r: BenchResponse): void; reject(e: Error): void } | null = null;
  private failed: Error | null = null;

  private constructor(
    private readonly socket: Socket,
    private readonly host: string,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (c: Buffer) => this.onData(c));
    const fail = (e: Error): void => {
      this.failed = e;
      this.waiting?.reject(e);
      this.waiting = null;
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed by the server')));
  }

  static open(base: string): Promise<BenchConnection> {
    const url = new URL(base);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.off('error', reject);
        resolve(new BenchConnection(socket, url.host));
      });
      socket.once('error', reject);
    });
  }

  post(path: string, token: string, body: unknown): Promise<BenchResponse> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.waiting) return Promise.reject(new Error('one request at a time on a bench connection'));
    const data = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${this.host}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`,
      );
    });
  }

  get(path: string, token: string): Promise<BenchResponse> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.waiting) return Promise.reject(new Error('one request at a time on a bench connection'));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.socket.write(`GET ${path} HTTP/1.1\r\nHost: ${this.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    const buf = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const headEnd = buf.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buf.toString('latin1', 0, headEnd);
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.socket.destroy(new Error(`bench client: response without Content-Length: ${head.split('\r\n')[0]}`));
      return;
    }
    const end = headEnd + 4 + Number(length[1]);
    if (buf.length < end) {
      this.chunks = [buf];
      return;
    }
    // The server answers one request at a time on this connection, so nothing follows the body.
    this.chunks = [];
    this.size = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ status: Number(head.slice(9, 12)), body: buf.subarray(headEnd + 4, end) });
  }
}

export interface BenchResponse {
  status: number;
  /** The raw body: the load loops parse it only where they need what it says. */
  body: Buffer;
}

export const jsonOf = (r: BenchResponse): Record<string, unknown> => JSON.parse(r.body.toString('utf8')) as Record<string, unknown>;
