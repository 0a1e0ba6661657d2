import { inspect } from 'node:util';
import { redactStoreConfig } from '../store/settings.ts';
import type { CallerConfig, GatewayConfig } from './types.ts';

const REDACTED = '[redacted]';

/**
 * A copy of the configuration that is safe to log: secrets replaced by `[redacted]`.
 * The frozen config itself also serialises (JSON, `util.inspect`, pino) to this view.
 */
export function redactConfig(config: GatewayConfig): Record<string, unknown> {
  const auth = config.zoom.auth;
  return {
    nodeEnv: config.nodeEnv,
    mode: config.mode,
    server: { ...config.server },
    log: { ...config.log },
    zoom: {
      ...config.zoom,
      retry: { ...config.zoom.retry },
      auth:
        auth === null
          ? null
          : auth.kind === 's2s'
            ? { kind: 's2s', accountId: auth.accountId, clientId: auth.clientId, clientSecret: REDACTED }
            : { kind: 'jwt', apiKey: auth.apiKey, apiSecret: REDACTED, tokenTtlSeconds: auth.tokenTtlSeconds },
    },
    sandbox: config.sandbox === null ? null : { ...config.sandbox },
    webhooks: { secretTokens: config.webhooks.secretTokens.map(() => REDACTED) },
    subscriptions: { ...config.subscriptions },
    callers: redactCallers(config.callers),
    limits: { ...config.limits, costBudget: { ...config.limits.costBudget } },
    store: redactStoreConfig(config.store),
    cache: { ...config.cache, ttlSeconds: { ...config.cache.ttlSeconds } },
    accessLog: { ...config.accessLog },
    cursors: { secret: config.cursors.secret === null ? null : REDACTED },
    connections: { ...config.connections },
    subscriptionLimits: { ...config.subscriptionLimits },
    readiness: { ...config.readiness, breaker: { ...config.readiness.breaker } },
    hosts: { ...config.hosts },
    recordingLinks: { ...config.recordingLinks, secret: config.recordingLinks.secret === null ? null : REDACTED },
    telemetry: config.telemetry,
  };
}

/** Key names and roles only (a hash is not a secret, but it is nobody's business either); the JWT secret redacted. */
function redactCallers(callers: CallerConfig): Record<string, unknown> {
  const jwt = callers.jwt;
  return {
    apiKeys: callers.apiKeys.map((key) => ({ name: key.name, role: key.role })),
    jwt: jwt === null ? null : { ...jwt, ...(jwt.secret === undefined ? {} : { secret: REDACTED }) },
  };
}

/** Deep-freezes the config and makes every way of printing it print the redacted view. */
export function protect(config: GatewayConfig): GatewayConfig {
  const view = () => redactConfig(config);
  for (const target of [config, config.zoom] as object[]) {
    Object.defineProperty(target, 'toJSON', { value: target === config ? view : () => view().zoom, enumerable: false });
    Object.defineProperty(target, inspect.custom, {
      value: (_depth: number, options: object) => inspect(target === config ? view() : view().zoom, options),
      enumerable: false,
    });
  }
  // The callers section holds the JWT secret: printing it alone must redact too.
  Object.defineProperty(config.callers, 'toJSON', { value: () => view().callers, enumerable: false });
  Object.defineProperty(config.callers, inspect.custom, {
    value: (_depth: number, options: object) => inspect(view().callers, options),
    enumerable: false,
  });
  // The store section holds the Redis URL, which may carry a password.
  const storeView = () => (view() as { store: unknown }).store;
  Object.defineProperty(config.store, 'toJSON', { value: storeView, enumerable: false });
  Object.defineProperty(config.store, inspect.custom, {
    value: (_depth: number, options: object) => inspect(storeView(), options),
    enumerable: false,
  });
  const cursorsView = () => (view() as { cursors: unknown }).cursors;
  Object.defineProperty(config.cursors, 'toJSON', { value: cursorsView, enumerable: false });
  Object.defineProperty(config.cursors, inspect.custom, {
    value: (_depth: number, options: object) => inspect(cursorsView(), options),
    enumerable: false,
  });
  // The recording links section holds their signing key.
  const linksView = () => (view() as { recordingLinks: unknown }).recordingLinks;
  Object.defineProperty(config.recordingLinks, 'toJSON', { value: linksView, enumerable: false });
  Object.defineProperty(config.recordingLinks, inspect.custom, {
    value: (_depth: number, options: object) => inspect(linksView(), options),
    enumerable: false,
  });
  const webhooksView = () => (view() as { webhooks: unknown }).webhooks;
  Object.defineProperty(config.webhooks, 'toJSON', { value: webhooksView, enumerable: false });
  Object.defineProperty(config.webhooks, inspect.custom, {
    value: (_depth: number, options: object) => inspect(webhooksView(), options),
    enumerable: false,
  });
  if (config.zoom.auth) {
    const authView = () => (view().zoom as { auth: unknown }).auth;
    Object.defineProperty(config.zoom.auth, 'toJSON', { value: authView, enumerable: false });
    Object.defineProperty(config.zoom.auth, inspect.custom, {
      value: (_depth: number, options: object) => inspect(authView(), options),
      enumerable: false,
    });
  }
  return deepFreeze(config);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
