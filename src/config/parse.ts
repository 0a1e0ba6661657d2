import { resolveAccessLogConfig } from '../access-log/settings.ts';
import { resolveCacheConfig } from '../cache/settings.ts';
import { resolveConnectionLimitsConfig } from '../connections/settings.ts';
import { resolveSubscriptionLimitsConfig } from '../connections/subscription-settings.ts';
import { resolveCorsConfig } from '../cors/settings.ts';
import { DEFAULT_QUERY_COST_BUDGET } from '../cost/use-query-cost.ts';
import { resolveCursorConfig } from '../graphql/settings.ts';
import { resolveHostsConfig } from '../hosts/settings.ts';
import { resolveReadinessConfig } from '../readiness/settings.ts';
import { resolveRecordingLinksConfig } from '../recordings/settings.ts';
import { DEFAULT_QUERY_LIMITS } from '../security/limits.ts';
import { resolveShaperConfig } from '../shaper/settings.ts';
import { resolveStoreConfig } from '../store/settings.ts';
import { resolveTelemetryConfig } from '../telemetry/settings.ts';
import type { ConfigIssue } from './define.ts';
import { CONFIG_DEFAULTS } from './defaults.ts';
import { ConfigError } from './errors.ts';
import { protect } from './redact.ts';
import { JWT_VARIABLES, resolveAuth, S2S_VARIABLES } from './resolve-auth.ts';
import { resolveCallers } from './resolve-callers.ts';
import { TABLE, type ConfigValues, type ConfigVariableName, type Table } from './table.ts';
import type { GatewayConfig } from './types.ts';

/**
 * Parses and validates a configuration from an environment object. Pure: reads nothing else, so tests pass
 * their own `env`. Empty values count as unset (a `.env` template's `ZOOM_CLIENT_ID=` means "not set").
 * @throws ConfigError listing every problem, each naming its variable; secret values are never echoed.
 */
export function parseConfig(env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  const issues: ConfigIssue[] = [];
  const values: ConfigValues = {};
  const present = new Set<ConfigVariableName>();

  for (const [name, spec] of Object.entries(TABLE) as Array<[ConfigVariableName, Table[ConfigVariableName]]>) {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') continue;
    present.add(name);
    const result = spec.schema.safeParse(raw);
    if (result.success) {
      (values as Record<string, unknown>)[name] = result.data;
    } else {
      const got = spec.secret ? 'got something else (not shown: it is a secret)' : `got ${JSON.stringify(raw)}`;
      issues.push({
        variables: [name],
        message: `${name} must be ${spec.expected}; ${got}. Example: ${name}=${spec.example}`,
      });
    }
  }

  const auth = resolveAuth(present, values, issues);
  const nodeEnv = values.NODE_ENV ?? 'development';
  const isProduction = nodeEnv === 'production';
  const credentialVariables = [...S2S_VARIABLES, ...JWT_VARIABLES].filter((name) => present.has(name));
  if (values.ZOOM_SANDBOX === true && credentialVariables.length > 0) {
    issues.push({
      variables: ['ZOOM_SANDBOX', ...credentialVariables],
      message: `ZOOM_SANDBOX=true conflicts with ${credentialVariables.join(', ')}: the sandbox uses its own credentials. Unset those variables, or unset ZOOM_SANDBOX to talk to Zoom.`,
    });
  } else if (values.ZOOM_SANDBOX === false && credentialVariables.length === 0) {
    issues.push({
      variables: ['ZOOM_SANDBOX', ...S2S_VARIABLES],
      message: `ZOOM_SANDBOX=false but no Zoom credentials are set. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET (Server-to-Server OAuth), or unset ZOOM_SANDBOX to use the offline sandbox.`,
    });
  } else if (values.ZOOM_SANDBOX === undefined && credentialVariables.length === 0 && isProduction) {
    // Never fall back to fake data silently where real data is expected.
    issues.push({
      variables: ['NODE_ENV', 'ZOOM_SANDBOX', ...S2S_VARIABLES],
      message: 'NODE_ENV=production but no Zoom credentials are set. Set ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET, or set ZOOM_SANDBOX=true to serve the offline sandbox on purpose.',
    });
  }
  const mode: GatewayConfig['mode'] = credentialVariables.length === 0 ? 'sandbox' : 'zoom';

  if (mode === 'sandbox') {
    // In sandbox mode the gateway talks to its own sandbox; a Zoom URL here would be silently ignored.
    for (const name of ['ZOOM_API_URL', 'ZOOM_OAUTH_URL', 'ZOOM_USE_TOKEN_API_URL'] as const) {
      if (present.has(name)) {
        issues.push({
          variables: [name],
          message: `${name} is set but no Zoom credentials are, so the gateway would use its embedded sandbox and ignore it. Set the credentials for that Zoom API, or unset ${name}.`,
        });
      }
    }
  } else {
    for (const name of ['SANDBOX_PORT', 'SANDBOX_SEED', 'SANDBOX_DATA', 'SANDBOX_RATE_LIMITS'] as const) {
      if (present.has(name)) {
        issues.push({
          variables: [name],
          message: `${name} is set but Zoom credentials are too, so no sandbox runs. Unset ${name}, or unset the credentials to use the sandbox.`,
        });
      }
    }
  }

  if (present.has('ZOOM_JWT_TTL_SECONDS') && auth?.kind !== 'jwt' && !JWT_VARIABLES.some((name) => present.has(name))) {
    issues.push({
      variables: ['ZOOM_JWT_TTL_SECONDS'],
      message: 'ZOOM_JWT_TTL_SECONDS is set but no legacy JWT credentials (ZOOM_API_KEY, ZOOM_API_SECRET) are, so it would be ignored. Unset it.',
    });
  }

  const callers = resolveCallers(present, values, issues);
  const store = resolveStoreConfig(values, issues);
  const cache = resolveCacheConfig(values, issues);
  const accessLog = resolveAccessLogConfig(values, issues);
  const cursors = resolveCursorConfig(values, issues);
  const connections = resolveConnectionLimitsConfig(values, issues);
  const subscriptionLimits = resolveSubscriptionLimitsConfig(values, issues);
  const readiness = resolveReadinessConfig(values, issues);
  const hosts = resolveHostsConfig(values, issues, { isProduction, mode });
  const recordingLinks = resolveRecordingLinksConfig(values, issues);
  const cors = resolveCorsConfig(values, issues, { mode });
  const telemetry = resolveTelemetryConfig(values, issues, { serverPort: values.PORT ?? CONFIG_DEFAULTS.port });
  if (isProduction && callers.apiKeys.length === 0 && callers.jwt === null) {
    issues.push({
      variables: ['NODE_ENV', 'CALLER_API_KEYS', 'CALLER_JWT_JWKS_URL', 'CALLER_JWT_SECRET'],
      message: 'NODE_ENV=production but no callers are configured, so nobody could use the gateway. Set CALLER_API_KEYS (name:role:sha256 entries) and/or CALLER_JWT_JWKS_URL or CALLER_JWT_SECRET with CALLER_JWT_ISSUER and CALLER_JWT_AUDIENCE (README: "Callers").',
    });
  }

  const shaper = resolveShaperConfig(values, issues, {
    sandboxRateLimits: mode === 'sandbox' ? values.SANDBOX_RATE_LIMITS ?? CONFIG_DEFAULTS.sandboxRateLimits : null,
  });

  if (issues.length > 0) throw new ConfigError(issues);

  const graphiql = values.GRAPHIQL ?? (!isProduction || mode === 'sandbox');
  const config: GatewayConfig = {
    nodeEnv,
    isProduction,
    mode,
    server: {
      host: values.HOST ?? CONFIG_DEFAULTS.host,
      port: values.PORT ?? CONFIG_DEFAULTS.port,
      graphiql,
      // Issue 5: introspection off in production. A production playground (GRAPHIQL=true) does not turn it on by itself.
      introspection: values.INTROSPECTION ?? !isProduction,
      keepAliveTimeoutMs: values.KEEP_ALIVE_TIMEOUT_MS ?? CONFIG_DEFAULTS.keepAliveTimeoutMs,
      shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS ?? CONFIG_DEFAULTS.shutdownTimeoutMs,
    },
    log: { level: values.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info') },
    zoom: {
      auth,
      apiUrl: values.ZOOM_API_URL ?? CONFIG_DEFAULTS.apiUrl,
      oauthUrl: values.ZOOM_OAUTH_URL ?? CONFIG_DEFAULTS.oauthUrl,
      timeoutMs: values.ZOOM_TIMEOUT_MS ?? CONFIG_DEFAULTS.timeoutMs,
      maxConnections: values.ZOOM_MAX_CONNECTIONS ?? CONFIG_DEFAULTS.zoomMaxConnections,
      retry: {
        maxAttempts: values.ZOOM_RETRY_MAX_ATTEMPTS ?? CONFIG_DEFAULTS.retryMaxAttempts,
        budgetMs: values.ZOOM_RETRY_BUDGET_MS ?? CONFIG_DEFAULTS.retryBudgetMs,
      },
      tokenRefreshMarginSeconds: values.ZOOM_TOKEN_REFRESH_MARGIN_SECONDS ?? CONFIG_DEFAULTS.tokenRefreshMarginSeconds,
      useTokenApiUrl: values.ZOOM_USE_TOKEN_API_URL ?? false,
    },
    webhooks: { secretTokens: values.ZOOM_WEBHOOK_SECRET_TOKENS ?? [] },
    subscriptions: {
      maxConnections: values.SUBSCRIPTION_MAX_CONNECTIONS ?? CONFIG_DEFAULTS.subscriptionMaxConnections,
      maxMessageBytes: values.SUBSCRIPTION_MAX_MESSAGE_BYTES ?? CONFIG_DEFAULTS.subscriptionMaxMessageBytes,
      maxQueuedEvents: values.SUBSCRIPTION_MAX_QUEUED_EVENTS ?? CONFIG_DEFAULTS.subscriptionMaxQueuedEvents,
    },
    sandbox:
      mode === 'sandbox'
        ? {
            port: values.SANDBOX_PORT ?? CONFIG_DEFAULTS.sandboxPort,
            seed: values.SANDBOX_SEED ?? CONFIG_DEFAULTS.sandboxSeed,
            data: values.SANDBOX_DATA ?? CONFIG_DEFAULTS.sandboxData,
            rateLimits: values.SANDBOX_RATE_LIMITS ?? CONFIG_DEFAULTS.sandboxRateLimits,
          }
        : null,
    callers,
    limits: {
      costBudget: {
        light: values.QUERY_COST_BUDGET_LIGHT ?? DEFAULT_QUERY_COST_BUDGET.light,
        medium: values.QUERY_COST_BUDGET_MEDIUM ?? DEFAULT_QUERY_COST_BUDGET.medium,
        heavy: values.QUERY_COST_BUDGET_HEAVY ?? DEFAULT_QUERY_COST_BUDGET.heavy,
      },
      maxDepth: values.QUERY_MAX_DEPTH ?? DEFAULT_QUERY_LIMITS.maxDepth,
      maxAliases: values.QUERY_MAX_ALIASES ?? DEFAULT_QUERY_LIMITS.maxAliases,
      maxTokens: values.QUERY_MAX_TOKENS ?? DEFAULT_QUERY_LIMITS.maxTokens,
      maxDirectives: values.QUERY_MAX_DIRECTIVES ?? DEFAULT_QUERY_LIMITS.maxDirectives,
      maxBodyBytes: values.MAX_BODY_BYTES ?? DEFAULT_QUERY_LIMITS.maxBodyBytes,
    },
    shaper,
    store,
    cache,
    accessLog,
    cursors,
    connections,
    subscriptionLimits,
    readiness,
    hosts,
    recordingLinks,
    cors,
    telemetry,
  };
  return protect(config);
}
