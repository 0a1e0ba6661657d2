export { zoomWebhooks, DEFAULT_WEBHOOK_PATH, DEFAULT_WEBHOOK_BODY_LIMIT, DEFAULT_WEBHOOK_TOLERANCE_SECONDS, DEFAULT_WEBHOOK_REPLAY_TTL_MS, DEFAULT_WEBHOOK_MAX_QUEUED_EVENTS, DEFAULT_WEBHOOK_DRAIN_TIMEOUT_MS } from './zoom-webhooks.ts';
export type { WebhookDelivery, ZoomWebhooksOptions } from './zoom-webhooks.ts';
export { signZoomWebhook, matchZoomSignature, encryptPlainToken } from './signature.ts';
export type { ReplayStore } from './replay-store.ts';
export { createMemoryReplayStore, DEFAULT_REPLAY_STORE_MAX_ENTRIES } from './memory-replay-store.ts';
export type { MemoryReplayStoreOptions } from './memory-replay-store.ts';
export { webhookErrorBody, WEBHOOK_ERROR_STATUS } from './errors.ts';
export type { WebhookErrorCode, WebhookErrorBody } from './errors.ts';
