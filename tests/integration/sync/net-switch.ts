import { createServer, connect, type Server, type Socket } from 'node:net';

/** A TCP relay on 127.0.0.1 in front of a server: pull the network cable (down) and plug it back (up). */
export interface NetSwitch {
  url: string;
  down(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startNetSwitch(targetPort: () => number): Promise<NetSwitch> {
  let online = true;
  const sockets = new Set<Socket>();
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
    client.pipe(upstream);
    upstream.pipe(client);
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
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
