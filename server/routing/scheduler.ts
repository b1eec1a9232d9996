import type { Mailer } from '../notify/mailer.ts';
import type { Router } from './router.ts';

/**
 * Runs the lifecycle's timers: lapsed offers, ended incubations, leads waiting in a box,
 * queued email, partner deliveries, and trims the change feed. The timers live in the database, so a tick after a restart finds everything
 * that came due while the server was down. Ticks never overlap; tests call `tick()` with an
 * injected clock.
 */
export interface TickResult {
  expired: number;
  reactivated: number;
  /** Waiting leads offered to their box's owner. */
  offered: number;
  emailed: number;
  /** Exchange messages delivered to partner servers. */
  exchanged: number;
  /** Superseded change-feed rows deleted (server/sync/prune.ts). */
  pruned: number;
}

export interface Scheduler {
  tick(): Promise<TickResult>;
  start(): void;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  router: Router;
  mailer: Mailer;
  exchange?: { tick(): Promise<number> };
  feed?: { prune(): number };
  intervalMs: number;
  onError: (error: unknown) => void;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<TickResult> | null = null;

  async function once(): Promise<TickResult> {
    const expired = options.router.expireDueOffers();
    const reactivated = options.router.reactivateDue();
    const offered = options.router.offerWaiting();
    const emailed = await options.mailer.sendDue();
    const exchanged = (await options.exchange?.tick()) ?? 0;
    const pruned = options.feed?.prune() ?? 0;
    return { expired, reactivated, offered, emailed, exchanged, pruned };
  }
  const tick = () => {
    running ??= once().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    tick,
    start: () => {
      if (timer) return;
      tick().catch(options.onError);
      if (options.intervalMs > 0) {
        timer = setInterval(() => void tick().catch(options.onError), options.intervalMs);
        timer.unref();
      }
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await running?.catch(() => undefined);
    },
  };
}
