/** The offline Zoom sandbox: start it with `startSandbox()`; everything else is for tests that drive it. */
export {
  startSandbox,
  SANDBOX_DEFAULT_CREDENTIALS,
  type Sandbox,
  type SandboxCredentials,
  type SandboxOptions,
} from './server.ts';
export { gatewayEnvFor } from './gateway-env.ts';
export { createSandboxModel, type SandboxAccountPlan, type SandboxModelOptions } from './model.ts';
export { SANDBOX_DATA_PRESETS } from './data.ts';
export {
  SandboxStats,
  type SandboxAuthKind,
  type SandboxCountedOperation,
  type SandboxLogEntry,
  type SandboxStatsSnapshot,
} from './stats.ts';
export {
  SandboxFaults,
  SandboxFaultInputError,
  type ErrorFault,
  type FaultSelector,
  type LatencyFault,
  type SandboxFaultsInput,
  type SandboxFaultsSnapshot,
} from './faults.ts';
export {
  SandboxWebhooks,
  signZoomWebhook,
  zoomUrlValidationAnswer,
  ZOOM_WEBHOOK_RETRY_DELAYS_MS,
  type SandboxWebhookConfig,
  type WebhookDelivery,
  type WebhookValidationResult,
} from './webhooks.ts';
export {
  RATE_LIMIT_PRESETS,
  MEETING_WRITES_PER_HOST_PER_DAY_DEFAULT,
  type RateLimitPreset,
} from './rate-limit.ts';
export { AccessTokenStore, ZOOM_INVALID_TOKEN_BODY, SANDBOX_TOKEN_TTL_SECONDS_DEFAULT } from './auth.ts';
export { SANDBOX_SCOPES, type ZoomTokenErrorBody } from './oauth.ts';
export { SANDBOX_ADMIN_PREFIX, type AdminErrorCode } from './admin.ts';
export * from './types.ts';
