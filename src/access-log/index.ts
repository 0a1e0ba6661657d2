export { accessLogServerOptions, useAccessLog } from './use-access-log.ts';
export { ACCESS_LOG_DEFAULTS, ACCESS_LOG_SETTINGS, resolveAccessLogConfig } from './settings.ts';
export type { AccessLogConfig, AccessLogMode } from './settings.ts';
