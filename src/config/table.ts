import type { z } from 'zod';
import type { ConfigVariable } from './define.ts';
import { ACCESS_LOG_SETTINGS } from '../access-log/settings.ts';
import { CACHE_SETTINGS } from '../cache/settings.ts';
import { CONNECTION_SETTINGS } from '../connections/settings.ts';
import { SUBSCRIPTION_LIMIT_SETTINGS } from '../connections/subscription-settings.ts';
import { CORS_SETTINGS } from '../cors/settings.ts';
import { HOST_SETTINGS } from '../hosts/settings.ts';
import { READINESS_SETTINGS, ZOOM_BREAKER_SETTINGS } from '../readiness/settings.ts';
import { CURSOR_SETTINGS } from '../graphql/settings.ts';
import { RECORDING_LINK_SETTINGS } from '../recordings/settings.ts';
import { SHAPER_SETTINGS } from '../shaper/settings.ts';
import { STORE_SETTINGS } from '../store/settings.ts';
import { TELEMETRY_SETTINGS } from '../telemetry/settings.ts';
import { CALLER_SETTINGS } from './settings/callers.ts';
import { REQUEST_LIMIT_SETTINGS } from './settings/limits.ts';
import { SANDBOX_SETTINGS } from './settings/sandbox.ts';
import { SERVER_SETTINGS } from './settings/server.ts';
import { WEBHOOK_SUBSCRIPTION_SETTINGS } from './settings/subscriptions.ts';
import { ZOOM_CONNECTION_SETTINGS, ZOOM_CREDENTIAL_SETTINGS } from './settings/zoom.ts';

// ALLOWED_HOSTS (src/hosts) is read right after HOST, before PORT.
const { NODE_ENV, HOST, ...SERVER_REST } = SERVER_SETTINGS;

/**
 * Every variable the gateway reads, in `--help` order. Defaults that depend on other variables (`GRAPHIQL`,
 * `LOG_LEVEL`) are applied in `parseConfig`.
 */
export const TABLE = {
  NODE_ENV,
  HOST,
  ...HOST_SETTINGS,
  ...SERVER_REST,
  ...CONNECTION_SETTINGS,
  ...ACCESS_LOG_SETTINGS,
  ...READINESS_SETTINGS,
  ...ZOOM_CREDENTIAL_SETTINGS,
  ...ZOOM_CONNECTION_SETTINGS,
  ...ZOOM_BREAKER_SETTINGS,
  ...SHAPER_SETTINGS,
  ...SANDBOX_SETTINGS,
  ...CALLER_SETTINGS,
  ...REQUEST_LIMIT_SETTINGS,
  ...CURSOR_SETTINGS,
  ...WEBHOOK_SUBSCRIPTION_SETTINGS,
  ...SUBSCRIPTION_LIMIT_SETTINGS,
  ...STORE_SETTINGS,
  ...CACHE_SETTINGS,
  ...RECORDING_LINK_SETTINGS,
  ...CORS_SETTINGS,
  ...TELEMETRY_SETTINGS,
};

export type Table = typeof TABLE;
export type ConfigVariableName = keyof Table;
/** Each variable's parsed value, absent when unset. */
export type ConfigValues = { [K in ConfigVariableName]?: z.output<Table[K]['schema']> };

/** The configuration table, in `--help` order. */
export const CONFIG_VARIABLES: readonly ConfigVariable[] = Object.freeze(
  Object.entries(TABLE).map(([name, { schema: _schema, ...spec }]) => Object.freeze({ name, ...spec })),
);
