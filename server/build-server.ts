import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { installErrorHandling } from './http/errors.ts';
import { installJsonBodyParser } from './http/json-body.ts';
import { recordRoutes } from './http/openapi.ts';
import { jsonSerializerCompiler, zodValidatorCompiler } from './http/schema.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { healthRoutes } from './routes/health.ts';
import { openApiRoutes } from './routes/openapi.ts';
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
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * The lead server as an app, not yet listening: tests drive it with `inject()`, the CLI
 * calls `listen()`. Not yet `ready()` either, so a caller may still add routes. Closing the
 * app closes the store after in-flight requests finish.
 */
export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const now = options.now ?? Date.now;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const store = openServerStore({ dataDir: options.dataDir, role: options.role, now, newId: options.newId ?? uuidv7 });
  const startedAt = now();

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    routerOptions: { maxParamLength: 200 },
    requestTimeout: 60_000,
    // close() then ends idle keep-alive sockets at once and lets busy ones finish.
    forceCloseConnections: 'idle',
    return503OnClosing: true,
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

    await app.register(healthRoutes, { startedAt, now });
    await app.register(openApiRoutes, { routes });
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    store.close();
    throw error;
  }
}
