/**
 * The gateway's configuration: read once at start from the environment (plus a `.env` file when present),
 * validated, frozen. Every variable is described in one table, `CONFIG_VARIABLES`, which the parser, `--help`
 * and the README's configuration table all come from.
 */

export { CONFIG_DEFAULTS } from './defaults.ts';
export type { ConfigGroup, ConfigIssue, ConfigVariable, SettingsValues } from './define.ts';
export { ConfigError, isConfigError } from './errors.ts';
export { formatConfigHelp } from './help.ts';
export { loadConfig, type LoadConfigOptions } from './load.ts';
export { parseConfig } from './parse.ts';
export { redactConfig } from './redact.ts';
export { CONFIG_VARIABLES, type ConfigVariableName } from './table.ts';
export type {
  CallerConfig, GatewayConfig, LogLevel, NodeEnv, RequestLimitsConfig, SandboxConfig, SubscriptionsConfig,
  WebhooksConfig, ZoomAuthConfig, ZoomConnectionConfig,
} from './types.ts';
