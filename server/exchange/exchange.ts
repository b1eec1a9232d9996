import type { FastifyInstance } from 'fastify';
import type { Org } from '../org/org.ts';
import type { PartnerHook } from '../routing/context.ts';
import type { Router } from '../routing/router.ts';
import { leadRows } from '../store/lead-rows.ts';
import type { ServerStore } from '../store/open-server-store.ts';
import { centralSide } from './central-side.ts';
import { exchangeRows } from './exchange-rows.ts';
import { createInbound } from './inbound.ts';
import { createOutbox } from './outbox.ts';
import { partners as partnerRegistry } from './partners.ts';
import { resellerSide } from './reseller-side.ts';
import { sender } from './sender.ts';

/**
 * The reseller exchange on one server (docs/exchange.md). Both roles run the same code: a
 * central server's partners are resellers, a reseller's partner is its vendor; which side of
 * the protocol applies follows from the kind of partner a message comes from.
 */
export interface ExchangeSettings {
  /** First retry after this long; doubled on each failure (default 1 s). */
  retryBaseMs: number;
  /** Longest wait between two attempts (default 15 min). */
  maxBackoffMs: number;
  /** Attempts before a message is dead-lettered (default 20, about 3½ hours with the defaults). */
  maxAttempts: number;
  /** Messages in flight at once (default 8). */
  concurrency: number;
  /** Per request (default 10 s). */
  timeoutMs: number;
}

export const DEFAULT_EXCHANGE_SETTINGS: ExchangeSettings = { retryBaseMs: 1_000, maxBackoffMs: 15 * 60_000, maxAttempts: 20, concurrency: 8, timeoutMs: 10_000 };

export function createExchange(options: { store: ServerStore; org: Org; now: () => number; newId: () => string; settings?: Partial<ExchangeSettings>; log: FastifyInstance['log'] }) {
  const { db } = options.store;
  const settings = { ...DEFAULT_EXCHANGE_SETTINGS, ...options.settings };
  const partners = partnerRegistry(db);
  const rows = exchangeRows(db);
  const outbox = createOutbox({ db, partners, now: options.now, ...settings, onError: (error) => options.log.error({ err: error }, 'exchange delivery failed') });
  const send = sender(outbox);
  let router: Router | null = null;
  const routerOf = () => {
    if (!router) throw new Error('the exchange is used before the router was attached');
    return router;
  };
  const central = centralSide({ partners, rows, outbox, send, router: routerOf });
  const reseller = resellerSide({ org: options.org, leads: leadRows(db), partners, rows, send, router: routerOf, now: options.now, newId: options.newId });
  const hook: PartnerHook = { ...central.hook, acted: reseller.acted };
  const inbound = createInbound({
    db, partners, rows, now: options.now, newId: options.newId,
    handlers: {
      reseller: { accept: central.accept, decline: central.decline, status: central.status },
      vendor: { offer: reseller.offer, release: reseller.release, withdraw: reseller.withdraw },
    },
  });
  return {
    hook,
    partners,
    rows,
    outbox,
    inbound,
    decline: reseller.decline,
    attach(value: Router): void {
      router = value;
    },
    /** The scheduler's share: send what is due, forget replay-window signatures that aged out. */
    async tick(): Promise<number> {
      inbound.prune();
      return outbox.pump();
    },
  };
}
export type Exchange = ReturnType<typeof createExchange>;
