import fastifyCors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { CorsConfig } from './settings.ts';

export { CORS_SETTINGS, resolveCorsConfig, SANDBOX_DEV_ORIGINS, type CorsConfig } from './settings.ts';

/**
 * Request headers a browser app may send cross-origin: each way a browser app authenticates (Authorization for
 * JWTs, x-api-key) and Apollo's CSRF header force a preflight, and tracing / request-id / fresh-read headers ride
 * along. `cache-control` lets an app ask for a fresh read (`no-cache`).
 */
export const CORS_ALLOWED_HEADERS: readonly string[] = Object.freeze([
  'content-type', 'authorization', 'x-api-key', 'apollo-require-preflight', 'x-apollo-operation-name',
  'traceparent', 'tracestate', 'x-request-id', 'cache-control', 'accept',
]);

/** Response headers a browser app may read: the request id to quote, and when to retry after RATE_LIMITED. */
export const CORS_EXPOSED_HEADERS: readonly string[] = Object.freeze(['x-request-id', 'retry-after']);

/** The code of a WebSocket upgrade refused for its `Origin`. */
export const ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED';

export interface CorsPolicy {
  /** Whether a browser page on `origin` may call the gateway (same-origin pages always may). */
  allows(origin: string, request: FastifyRequest): boolean;
}

/**
 * CORS for browser apps on other origins (@fastify/cors: preflight, `max-age`, credentials with exact origins only),
 * and the same allowlist applied to the WebSocket upgrade's `Origin`, which browsers send but CORS does not cover
 * (without it any page could open a subscription with a key it holds). Clients that send no `Origin` (servers,
 * CLIs) are not browsers and are not checked; a page on the gateway's own origin (the playground) always passes.
 */
export async function useCors(app: FastifyInstance, config: CorsConfig, logger?: Logger): Promise<CorsPolicy> {
  const listed = config.origins === '*' ? undefined : new Set(config.origins);
  const policy: CorsPolicy = {
    allows: (origin, request) => listed === undefined || listed.has(origin) || isSameOrigin(origin, request),
  };
  if (config.origins === '*' || config.origins.length > 0) {
    await app.register(fastifyCors, {
      // Reflect only listed origins; with `*` every origin, but never with credentials (the CORS spec forbids both).
      origin: config.origins === '*' ? '*' : [...config.origins],
      credentials: config.origins !== '*',
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: [...CORS_ALLOWED_HEADERS],
      exposedHeaders: [...CORS_EXPOSED_HEADERS],
      maxAge: config.maxAgeSeconds,
      // Answer preflights ourselves (204) rather than passing them on to routes that only know GET/POST.
      preflightContinue: false,
      optionsSuccessStatus: 204,
    });
  }
  if (config.sandboxDefaults) {
    logger?.info({ origins: config.origins }, 'sandbox mode: CORS allows the usual local dev servers (set CORS_ORIGINS to choose)');
  }
  // At preValidation, where @fastify/websocket has marked real upgrades (`request.ws`) and a refusal is written as an
  // HTTP answer on the upgrading socket (as the subscription server's own connection cap does).
  app.addHook('preValidation', async (request, reply) => {
    const origin = request.headers.origin;
    if (origin === undefined || request.ws !== true) return;
    if (policy.allows(origin, request)) return;
    logger?.warn({ origin }, 'WebSocket upgrade refused: origin not allowed (CORS_ORIGINS)');
    await reply.code(403).send({
      errors: [{ message: 'This origin may not open subscriptions here; add it to CORS_ORIGINS.', extensions: { code: ORIGIN_NOT_ALLOWED } }],
    });
  });
  return policy;
}

/** A page served by the gateway itself (the playground) sends its own origin, whose host is the request's Host. */
function isSameOrigin(origin: string, request: FastifyRequest): boolean {
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === request.headers.host;
}
