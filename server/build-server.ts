import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { installErrorHandling } from './http/errors.ts';
import { installJsonBodyParser } from './http/json-body.ts';
import { recordRoutes } from './http/openapi.ts';
import { jsonSerializerCompiler, zodValidatorCompiler } from './http/schema.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { installLifecycle } from './lifecycle.ts';
import type { SmtpSettings } from './notify/mailer.ts';
import type { ExchangeSettings } from './exchange/exchange.ts';
import type { LoginThrottleLimits } from './org/login-throttle.ts';
import { healthRoutes } from './routes/health.ts';
import { intakeRoutes, type IntakeOptions } from './routes/intake.ts';
import { openApiRoutes } from './routes/openapi.ts';
import { syncRoutes } from './routes/sync.ts';
import { createLiveHub } from './sync/live.ts';
import { openServerStore, type ServerRole, type ServerStore } from './store/open-server-store.ts';

declare module 'fastify' {
  interface FastifyInstance {
    store: ServerStore;
  }
}

export interface BuildServerOptions {
  role: ServerRole;
  dataDir: string;
  logger?: FastifyServerOptions['logger'];
  /** Clock for uptime and record times; tests pass a fixed one. */
  now?: () => number;
  newId?: () => string;
  /** Largest request body accepted, in bytes; routes that take bulk uploads raise their own. */
  bodyLimit?: number;
  /** Lead intake (POST /api/v1/leads): enrichment file, dedupe thresholds, body limit. */
  intake?: IntakeOptions;
  /** The administrator token (LEADRELAY_ADMIN_TOKEN); absent or empty disables the admin API. */
  adminToken?: string;
  /** Where offer notifications are sent from; absent = no email (LEADRELAY_SMTP_URL, LEADRELAY_SMTP_FROM). */
  smtp?: SmtpSettings;
  /** Whether a user's workstation is connected; such users get no offer email. Default: an open live sync stream (GET /api/v1/sync/events). */
  isOnline?: (userId: string) => boolean;
  /** How often the scheduler runs timers and the email queue (default 15 s; 0 = only on start and by hand). */
  schedulerIntervalMs?: number;
  /** How often each live sync stream gets a heartbeat (default 15 s; workstations count three missed as a dead stream). */
  liveHeartbeatMs?: number;
  /** How long an offer stays open when no rule sets a time-out (default 4 hours). */
  defaultOfferTimeoutMs?: number;
  /** Partner exchange delivery: retry back-off, attempts before dead-lettering, concurrency, request time-out. */
  exchange?: Partial<ExchangeSettings>;
  /**
   * Addresses or CIDR ranges of reverse proxies whose X-Forwarded-For names the client, so
   * `request.ip` (login throttling, logs) is the client's rather than the proxy's. Default none.
   */
  trustProxy?: readonly string[];
  /** Failed sign-ins allowed per address and email, and per address, in a window (server/org/login-throttle.ts). */
  loginLimits?: Partial<LoginThrottleLimits>;
}

export const DEFAULT_SCHEDULER_INTERVAL_MS = 15_000;

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The lead server as an app, not yet listening: tests drive it with `inject()`, the CLI
 * calls `listen()`. Not yet `ready()` either, so a caller may still add routes. Closing the
 * app closes the store after in-flight requests finish.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const newId = options.newId ?? uuidv7;
  const store = openServerStore({ dataDir: options.dataDir, role: options.role, now, newId });
  const startedAt = now();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    routerOptions: { maxParamLength: 200 },
    requestTimeout: 60_000,
    // close() then ends idle keep-alive sockets at once and lets busy ones finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
  });
  try {
    app.decorate('store', store);
    app.addHook('onClose', async () => store.close());
    app.setValidatorCompiler(zodValidatorCompiler);
    app.setSerializerCompiler(jsonSerializerCompiler);
    installJsonBodyParser(app);
    installErrorHandling(app, bodyLimit);
    installSecurityHeaders(app);
    const routes = recordRoutes(app);
    // Workstations with a live sync stream open are online: they get offers live, not by email.
    const liveHub = createLiveHub({ heartbeatMs: options.liveHeartbeatMs });
    // Before any route that reads request.principal.
    await installLifecycle(app, {
      role: options.role,
      exchange: options.exchange,
      now,
      newId,
      adminToken: options.adminToken,
      smtp: options.smtp ?? null,
      isOnline: options.isOnline ?? liveHub.isOnline,
      schedulerIntervalMs: options.schedulerIntervalMs ?? DEFAULT_SCHEDULER_INTERVAL_MS,
      defaultOfferTimeoutMs: options.defaultOfferTimeoutMs,
      loginLimits: options.loginLimits,
    });

    await app.register(healthRoutes, { startedAt, now });
    await app.register(openApiRoutes, { routes });
    await app.register(syncRoutes, { now, hub: liveHub });
    await app.register(intakeRoutes, { ...options.intake, now, newId: options.newId ?? uuidv7 });
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    store.close();
    throw error;
  }
}
