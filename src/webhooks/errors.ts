/**
 * Why a webhook delivery was refused. Each code is stable (clients and dashboards may match on it) and safe to
 * show: it never carries the secret, the signature or the body.
 *
 * - `SIGNATURE_MISSING`: no `x-zm-signature` or no `x-zm-request-timestamp` header (401).
 * - `TIMESTAMP_INVALID`: `x-zm-request-timestamp` is not epoch seconds (401).
 * - `SIGNATURE_INVALID`: the signature matches none of the configured secrets (401).
 * - `TIMESTAMP_OUT_OF_RANGE`: the signed timestamp is too far from now, in the past or the future (401).
 * - `REPLAYED`: a delivery with the same body was already accepted within the replay window (401).
 * - `PAYLOAD_TOO_LARGE`: the body is larger than the configured limit (413).
 * - `INVALID_JSON`: the signed body is not JSON (400).
 * - `INVALID_PAYLOAD`: the signed body is JSON but not a Zoom webhook envelope (400).
 * - `OVERLOADED`: too many accepted events are still waiting for the consumer; Zoom retries later (503).
 * - `BAD_REQUEST`: any other malformed request (400).
 * - `INTERNAL`: an unexpected failure; the details are logged, not sent (500).
 */
export type WebhookErrorCode =
  | 'SIGNATURE_MISSING'
  | 'TIMESTAMP_INVALID'
  | 'SIGNATURE_INVALID'
  | 'TIMESTAMP_OUT_OF_RANGE'
  | 'REPLAYED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INVALID_JSON'
  | 'INVALID_PAYLOAD'
  | 'OVERLOADED'
  | 'BAD_REQUEST'
  | 'INTERNAL';

/** HTTP status per code. Every verification failure is 401 so Zoom (and an attacker) never sees a 200 for it. */
export const WEBHOOK_ERROR_STATUS: Readonly<Record<WebhookErrorCode, number>> = Object.freeze({
  SIGNATURE_MISSING: 401,
  TIMESTAMP_INVALID: 401,
  SIGNATURE_INVALID: 401,
  TIMESTAMP_OUT_OF_RANGE: 401,
  REPLAYED: 401,
  PAYLOAD_TOO_LARGE: 413,
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  OVERLOADED: 503,
  BAD_REQUEST: 400,
  INTERNAL: 500,
});

const MESSAGES: Readonly<Record<WebhookErrorCode, string>> = Object.freeze({
  SIGNATURE_MISSING: 'The x-zm-signature and x-zm-request-timestamp headers are required.',
  TIMESTAMP_INVALID: 'The x-zm-request-timestamp header must be epoch seconds.',
  SIGNATURE_INVALID: 'The webhook signature is invalid.',
  TIMESTAMP_OUT_OF_RANGE: 'The webhook timestamp is too far from the current time.',
  REPLAYED: 'This webhook delivery was already received.',
  PAYLOAD_TOO_LARGE: 'The webhook body is too large.',
  INVALID_JSON: 'The webhook body is not valid JSON.',
  INVALID_PAYLOAD: 'The webhook body is not a Zoom event ({event, event_ts, payload}).',
  OVERLOADED: 'Too many webhook events are waiting to be processed; retry later.',
  BAD_REQUEST: 'The webhook request is malformed.',
  INTERNAL: 'The webhook could not be processed.',
});

/** The JSON body of every refused delivery: `{ "error": { "code", "message" } }`. */
export interface WebhookErrorBody {
  error: { code: WebhookErrorCode; message: string };
}

/** Builds the response body for a refused delivery. */
export function webhookErrorBody(code: WebhookErrorCode): WebhookErrorBody {
  return { error: { code, message: MESSAGES[code] } };
}
