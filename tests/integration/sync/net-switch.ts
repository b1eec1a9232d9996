import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP relay on 127.0.0.1 in front of a server: pull the network cable (down) and plug it
 * back (up). While `hold` is on, the server's answers are kept back (the request got through,
 * the server may have committed, the client hears nothing): the window a crash test aims at.
 */
export interface NetSwitch {
  url: string;
  down(): void;
  up(): void;
  hold(on: boolean): void;
  /**
   * The live event streams open now go silent in both directions without being closed, as
   * after a sleep: the server gave up on them while the laptop slept and neither side told
   * the other. (Pooled request connections, which the server closes when idle, fail at once
   * when next used and are replaced, so they are left alone.) New connections work.
   */
  stallLiveStreams(): void;
  /** Live event streams open now and not stalled. */
  liveStreams(): number;
  close(): Promise<void>;
}

export async function startNetSwitch(targetPort: () => number): Promise<NetSwitch> {
  let online = true;
  let holding = false;
  const sockets = new Set<Socket>();
  const liveStreams = new Map<Socket, Socket>();
  const server: Server = createServer((client) => {
    if (!online) {
      client.destroy();
      return;
    }
    const upstream = connect(targetPort(), '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    // A pooled connection may carry requests first and the live stream later.
    const spot = (chunk: Buffer) => {
      if (!chunk.includes('text/event-stream')) return;
      liveStreams.set(client, upstream);
      upstream.off('data', spot);
    };
    upstream.on('data', spot);
    client.on('close', () => liveStreams.delete(client));
    client.pipe(upstream);
    // Decided per connection: a held connection never answers, as if the network died after the request.
    if (holding) upstream.on('data', () => undefined);
    else upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    down: () => {
      online = false;
      for (const socket of sockets) socket.destroy();
    },
    up: () => {
      online = true;
    },
    hold: (on) => {
      holding = on;
    },
    stallLiveStreams: () => {
      for (const [client, upstream] of liveStreams) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        for (const socket of [client, upstream]) {
          socket.removeAllListeners('data');
          socket.pause();
        }
      }
      liveStreams.clear();
    },
    liveStreams: () => liveStreams.size,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
