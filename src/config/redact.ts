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
  const section = (key: keyof GatewayConfig) => () => view()[key];
  printsAs(config, view);
  printsAs(config.zoom, section('zoom'));
  // The sections that hold a secret redact when printed alone too: the callers (the JWT secret), the store (the Redis
  // URL, which may carry a password), the cursors' and the recording links' signing keys, the webhook secret tokens.
  printsAs(config.callers, section('callers'));
  printsAs(config.store, section('store'));
  printsAs(config.cursors, section('cursors'));
  printsAs(config.recordingLinks, section('recordingLinks'));
  printsAs(config.webhooks, section('webhooks'));
  if (config.zoom.auth) printsAs(config.zoom.auth, () => (view().zoom as { auth: unknown }).auth);
  return deepFreeze(config);
}

/** Makes `target` print as `printed()` wherever it is printed: JSON (pino included) and `util.inspect`. */
function printsAs(target: object, printed: () => unknown): void {
  Object.defineProperty(target, 'toJSON', { value: printed, enumerable: false });
  Object.defineProperty(target, inspect.custom, {
    value: (_depth: number, options: object) => inspect(printed(), options),
    enumerable: false,
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
