import type { FastifyInstance } from 'fastify';
import { createMailer, type Mailer, type SmtpSettings } from './notify/mailer.ts';
import { emailNotifier } from './notify/offer-email.ts';
import { installAuth } from './org/auth.ts';
import { createOrg, type Org } from './org/org.ts';
import { adminRoutes } from './routes/admin.ts';
import { authRoutes } from './routes/auth.ts';
import { DEFAULT_LOGIN_LIMITS, LoginThrottle, type LoginThrottleLimits } from './org/login-throttle.ts';
import { leadRoutes } from './routes/leads.ts';
import { offerRoutes } from './routes/offers.ts';
import { createRouter, type Router } from './routing/router.ts';
import { createScheduler, type Scheduler } from './routing/scheduler.ts';
import { createChangePruner } from './sync/prune.ts';
import { createExchange, type Exchange, type ExchangeSettings } from './exchange/exchange.ts';
import { exchangeRoutes } from './routes/exchange.ts';
import type { ServerRole } from './store/open-server-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    org: Org;
    /** The routing lifecycle: intake calls `app.lifecycle.onLeadArrived(leadId)` after storing a new lead. */
    lifecycle: Router;
    /** Timers and the email queue; `tick()` runs them now (tests pass a clock). */
    scheduler: Scheduler;
    mailer: Mailer;
    /** Partner servers: registry, outbound queue, signed inbound endpoint (docs/exchange.md). */
    exchange: Exchange;
    /**
     * Replaces the "is this user's workstation connected?" check (default: the isOnline
     * option); the live-sync plugin calls it with its own. Online users get no offer email.
     */
    setPresence(isOnline: (userId: string) => boolean): void;
  }
}

export interface LifecycleOptions {
  role: ServerRole;
  exchange?: Partial<ExchangeSettings>;
  now: () => number;
  newId: () => string;
  adminToken: string | undefined;
  smtp: SmtpSettings | null;
  /** Whether a user's workstation is connected now (live sync comes later); offline users get email. */
  isOnline: (userId: string) => boolean;
  /** 0 = no periodic ticks (tests tick by hand); the scheduler still ticks once on start. */
  schedulerIntervalMs: number;
  defaultOfferTimeoutMs: number | undefined;
  loginLimits: Partial<LoginThrottleLimits> | undefined;
}

/**
 * Organisation, access and the routing lifecycle on the app: the auth hook (before any route
 * that needs `request.principal`), the router, the scheduler, and their HTTP routes.
 */
export async function installLifecycle(app: FastifyInstance, options: LifecycleOptions): Promise<void> {
  const { db } = app.store;
  const org = createOrg(db);
  const mailer = createMailer(db, { smtp: options.smtp, now: options.now, newId: options.newId, onError: (error) => app.log.warn({ err: error }, 'email send failed; will retry') });
  let isOnline = options.isOnline;
  const exchange = createExchange({ store: app.store, org, now: options.now, newId: options.newId, settings: options.exchange, log: app.log });
  const routing = createRouter({
    store: app.store, org, now: options.now, newId: options.newId, defaultOfferTimeoutMs: options.defaultOfferTimeoutMs, partners: exchange.hook,
    notifier: emailNotifier(org, mailer, (userId) => isOnline(userId)),
  });
  exchange.attach(routing);
  const scheduler = createScheduler({
    router: routing, mailer, exchange, feed: createChangePruner(app.store.db), intervalMs: options.schedulerIntervalMs,
    onError: (error) => app.log.error({ err: error }, 'scheduler tick failed'),
  });
  app.decorate('org', org);
  app.decorate('lifecycle', routing);
  app.decorate('scheduler', scheduler);
  app.decorate('mailer', mailer);
  app.decorate('exchange', exchange);
  app.decorate('setPresence', (check: (userId: string) => boolean) => {
    isOnline = check;
  });
  installAuth(app, { org, adminToken: options.adminToken, now: options.now });
  app.addHook('onReady', async () => scheduler.start());
  app.addHook('preClose', async () => {
    await scheduler.stop();
    await exchange.outbox.stop();
    mailer.close();
  });

  await app.register(authRoutes, { now: options.now, newId: options.newId, throttle: new LoginThrottle(options.now, { ...DEFAULT_LOGIN_LIMITS, ...options.loginLimits }) });
  await app.register(adminRoutes, { now: options.now, newId: options.newId });
  await app.register(leadRoutes);
  await app.register(offerRoutes);
  await app.register(exchangeRoutes, { exchange, role: options.role, now: options.now, newId: options.newId });
}
