import { RETRY_DEFAULTS } from '../zoom/retry.ts';
import { LEGACY_JWT_DEFAULTS } from '../zoom/token/legacy-jwt.ts';

/** Defaults of the variables whose default does not depend on others; the table's `defaultText` (so `--help` and the README) reads them from here. */
export const CONFIG_DEFAULTS = Object.freeze({
  host: '127.0.0.1',
  port: 4000,
  keepAliveTimeoutMs: 72_000,
  shutdownTimeoutMs: 10_000,
  jwtTokenTtlSeconds: LEGACY_JWT_DEFAULTS.ttlSeconds,
  apiUrl: 'https://api.zoom.us/v2',
  oauthUrl: 'https://zoom.us/oauth/token',
  timeoutMs: 10_000,
  zoomMaxConnections: 256,
  retryMaxAttempts: RETRY_DEFAULTS.maxAttempts,
  retryBudgetMs: RETRY_DEFAULTS.budgetMs,
  tokenRefreshMarginSeconds: 60,
  sandboxPort: 0,
  /** The sandbox presets' own seed (SANDBOX_DATA_PRESETS), so `npm start` and `npm run sandbox` show the same data. */
  sandboxSeed: 20_231_001,
  sandboxData: 'small',
  sandboxRateLimits: 'pro',
  subscriptionMaxConnections: 1_000,
  subscriptionMaxMessageBytes: 65_536,
  subscriptionMaxQueuedEvents: 256,
} as const);
