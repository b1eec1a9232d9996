import { request as httpRequest, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { mulberry32 } from '../../../core/demo/prng.ts';

/**
 * An HTTP proxy on 127.0.0.1 that misbehaves on a seeded share of requests: it drops them
 * (the server never sees them), duplicates them (the server sees them twice, the client
 * hears the second answer), delays them, or cuts them (the server answers, the client hears
 * nothing). Concurrent requests take their turns in arrival order, so a seed fixes the
 * sequence of faults, not which request meets which one.
 */
export type Fault = 'drop' | 'duplicate' | 'delay' | 'cut';
const FAULTS: readonly Fault[] = ['drop', 'duplicate', 'delay', 'cut'];

export interface FaultProxy {
  url: string;
  /** Turns faults on or off; traffic keeps flowing either way. */
  faults(on: boolean): void;
  /** How many requests met each fault so far. */
  counts: Record<Fault | 'clean', number>;
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  target: () => string;
  seed: number;
  /** Share of requests that meet a fault, 0–1. */
  rate?: number;
  maxDelayMs?: number;
}

interface Answer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = mulberry32(options.seed);
  const rate = options.rate ?? 0.1;
  const maxDelayMs = options.maxDelayMs ?? 300;
  let faulty = true;
  const counts: FaultProxy['counts'] = { drop: 0, duplicate: 0, delay: 0, cut: 0, clean: 0 };
  const sockets = new Set<Socket>();

  const upstream = (req: IncomingMessage, body: Buffer): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      const target = new URL(options.target());
      const forward = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host, connection: 'close' } }, resolve);
      forward.on('error', reject);
      forward.end(body);
    });
  const exchange = async (req: IncomingMessage, body: Buffer): Promise<Answer> => {
    const response = await upstream(req, body);
    return { status: response.statusCode ?? 502, headers: response.headers, body: await readAll(response) };
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const fault = faulty && random() < rate ? FAULTS[Math.floor(random() * FAULTS.length)]! : null;
    counts[fault ?? 'clean'] += 1;
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'delay') await new Promise((resolve) => setTimeout(resolve, random() * maxDelayMs));
    if (req.url?.startsWith('/api/v1/sync/events')) {
      // A live stream is piped as it comes; a cut ends it after a moment.
      const response = await upstream(req, body);
      res.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(res);
      if (fault === 'cut') setTimeout(() => req.socket.destroy(), random() * maxDelayMs);
      return;
    }
    if (fault === 'duplicate') await exchange(req, body);
    const answer = await exchange(req, body);
    if (fault === 'cut') {
      req.socket.destroy();
      return;
    }
    const { 'transfer-encoding': _chunked, connection: _connection, ...headers } = answer.headers;
    res.writeHead(answer.status, { ...headers, 'content-length': answer.body.length });
    res.end(answer.body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    faults: (on) => {
      faulty = on;
    },
    counts,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
