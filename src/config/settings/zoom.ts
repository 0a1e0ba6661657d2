import { baseUrl, credential, flag, row, wholeNumber } from '../define.ts';
import { CONFIG_DEFAULTS } from '../defaults.ts';

/** How the gateway authenticates to Zoom: a Server-to-Server OAuth app or a legacy JWT app (src/config/resolve-auth.ts picks one). */
export const ZOOM_CREDENTIAL_SETTINGS = {
  ZOOM_ACCOUNT_ID: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Account ID of your Server-to-Server OAuth app (Zoom App Marketplace > your app > App credentials).',
    example: 'Ab3dEf6hIj9kLm2nOp5q',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_CLIENT_ID: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Client ID of the same app.',
    example: 'xYz12AbCdEfGhIjKlMnOp',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_CLIENT_SECRET: row(credential, {
    group: 'Zoom: Server-to-Server OAuth',
    description: 'Client secret of the same app. Never logged.',
    example: 'q1W2e3R4t5Y6u7I8o9P0aSdFgHjKlZxC',
    secret: true,
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_API_KEY: row(credential, {
    group: 'Zoom: legacy JWT app',
    description: 'API key of a legacy JWT app; the gateway signs short-lived HS256 tokens with it. Use S2S OAuth unless you still have a JWT app.',
    example: 'aBcDeFgHiJkLmNoPqRsTuV',
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_API_SECRET: row(credential, {
    group: 'Zoom: legacy JWT app',
    description: 'API secret of the same JWT app (the HMAC key). Never logged.',
    example: 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Jh1GfEdC',
    secret: true,
    expected: 'a non-empty value without spaces',
  }),
  ZOOM_JWT_TTL_SECONDS: row(wholeNumber(10, 3_600), {
    group: 'Zoom: legacy JWT app',
    description: 'Lifetime of each signed JWT, in seconds (Zoom recommends short-lived tokens).',
    defaultText: String(CONFIG_DEFAULTS.jwtTokenTtlSeconds),
    example: '90',
    expected: 'seconds from 10 to 3600',
  }),
};

/** Where and how patiently the gateway calls Zoom. */
export const ZOOM_CONNECTION_SETTINGS = {
  ZOOM_API_URL: row(baseUrl, {
    group: 'Zoom: connection',
    description: 'Base URL of the Zoom REST API v2 (plain http only to localhost).',
    defaultText: CONFIG_DEFAULTS.apiUrl,
    example: 'https://api-eu.zoom.us/v2',
    expected: 'an https URL without query string (http only for localhost/127.0.0.1)',
  }),
  ZOOM_OAUTH_URL: row(baseUrl, {
    group: 'Zoom: connection',
    description: 'Zoom OAuth token endpoint used by Server-to-Server OAuth.',
    defaultText: CONFIG_DEFAULTS.oauthUrl,
    example: 'https://zoom.us/oauth/token',
    expected: 'an https URL without query string (http only for localhost/127.0.0.1)',
  }),
  ZOOM_TIMEOUT_MS: row(wholeNumber(100, 300_000), {
    group: 'Zoom: connection',
    description: 'Timeout of each attempt of a Zoom call, in milliseconds.',
    defaultText: String(CONFIG_DEFAULTS.timeoutMs),
    example: '5000',
    expected: 'milliseconds from 100 to 300000',
  }),
  ZOOM_MAX_CONNECTIONS: row(wholeNumber(1, 4_096), {
    group: 'Zoom: connection',
    description: 'Most connections the gateway keeps open to the Zoom API at once; a fan-out of more calls than this waits for a free connection. The rate shaper (ZOOM_PLAN), not this, keeps calls within Zoom\'s limits.',
    defaultText: String(CONFIG_DEFAULTS.zoomMaxConnections),
    example: '512',
    expected: 'a whole number from 1 to 4096',
  }),
  ZOOM_RETRY_MAX_ATTEMPTS: row(wholeNumber(1, 10), {
    group: 'Zoom: connection',
    description: 'Attempts per Zoom call, the first included, for retryable failures (QPS 429, 502/503/504, network errors; POST only when Zoom surely did not process it).',
    defaultText: String(CONFIG_DEFAULTS.retryMaxAttempts),
    example: '5',
    expected: 'a whole number from 1 to 10',
  }),
  ZOOM_RETRY_BUDGET_MS: row(wholeNumber(0, 300_000), {
    group: 'Zoom: connection',
    description: 'Most time one Zoom call may take, retries and waits included, in milliseconds; a Retry-After beyond it fails at once as RATE_LIMITED.',
    defaultText: String(CONFIG_DEFAULTS.retryBudgetMs),
    example: '20000',
    expected: 'milliseconds from 0 to 300000',
  }),
  ZOOM_TOKEN_REFRESH_MARGIN_SECONDS: row(wholeNumber(0, 1_800), {
    group: 'Zoom: connection',
    description: 'A cached Server-to-Server OAuth token is replaced when this many seconds or fewer remain (Zoom\'s SDK uses 60).',
    defaultText: String(CONFIG_DEFAULTS.tokenRefreshMarginSeconds),
    example: '120',
    expected: 'seconds from 0 to 1800',
  }),
  ZOOM_USE_TOKEN_API_URL: row(flag, {
    group: 'Zoom: connection',
    description: 'true: send API calls to the api_url named in the S2S token response (accounts on a regional Zoom cloud) instead of ZOOM_API_URL.',
    defaultText: 'false',
    example: 'true',
    expected: 'true or false',
  }),
};
