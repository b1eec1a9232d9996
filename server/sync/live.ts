import type { ServerResponse } from 'node:http';
import type { LiveEvent } from '../../core/sync/protocol.ts';
import type { OfferEvent } from '../routing/router.ts';

/**
 * The live channel: one Server-Sent Events stream per connected workstation. Events are
 * hints; the workstation pulls the feed to get the data, so a missed event costs latency,
 * never correctness. A comment line every `heartbeatMs` keeps proxies from closing idle
 * streams and lets the server notice dead ones.
 */
export interface LiveHub {
  attach(userId: string, response: ServerResponse, cursor: number): void;
  /** Tells every stream that the feed moved on (one write per stream). */
  changed(cursor: number): void;
  offer(event: OfferEvent): void;
  isOnline(userId: string): boolean;
  closeAll(): void;
  readonly size: number;
}

export function createLiveHub(options: { heartbeatMs?: number } = {}): LiveHub {
  const streams = new Map<string, Set<ServerResponse>>();
  let size = 0;

  const send = (response: ServerResponse, event: LiveEvent) => {
    if (!response.writableEnded) response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  };

  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const response of set) if (!response.writableEnded) response.write(': keep-alive\n\n');
  }, options.heartbeatMs ?? 15_000);
  heartbeat.unref();

  return {
    attach(userId, response, cursor) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-content-type-options': 'nosniff',
      });
      const set = streams.get(userId) ?? new Set<ServerResponse>();
      streams.set(userId, set);
      set.add(response);
      size += 1;
      response.on('close', () => {
        if (set.delete(response)) size -= 1;
        if (set.size === 0 && streams.get(userId) === set) streams.delete(userId);
      });
      send(response, { type: 'hello', cursor });
    },
    changed(cursor) {
      for (const set of streams.values()) for (const response of set) send(response, { type: 'changed', cursor });
    },
    offer(event) {
      const live: LiveEvent = event.type === 'notice' ? { type: 'notice', leadId: event.leadId, at: event.at, title: event.title } : { type: 'offer', event: event.type, leadId: event.leadId, at: event.at };
      for (const response of streams.get(event.userId) ?? []) send(response, live);
    },
    isOnline: (userId) => (streams.get(userId)?.size ?? 0) > 0,
    closeAll() {
      clearInterval(heartbeat);
      for (const set of streams.values()) for (const response of set) response.end();
      streams.clear();
      size = 0;
    },
    get size() {
      return size;
    },
  };
}
