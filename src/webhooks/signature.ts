import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Zoom's webhook signature scheme `v0`: `x-zm-signature: v0=<hex HMAC-SHA256(secret, "v0:<ts>:<raw body>")>`,
 * where `<ts>` is the `x-zm-request-timestamp` header (epoch seconds) and the body is the raw bytes as received
 * (never re-serialised JSON: a different key order or spacing would change the hash).
 * @see https://developers.zoom.us/docs/api/rest/webhook-reference/#verify-webhook-events
 */
export function signZoomWebhook(secret: string, timestamp: string, rawBody: Uint8Array): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Returns the index of the first secret in `secrets` whose `v0` signature equals `signature`, or -1.
 * Every secret is tried (no early exit on the first byte that differs) and each comparison is constant-time over
 * equal-length buffers, so the answer time does not reveal how much of a forged signature was right.
 */
export function matchZoomSignature(
  secrets: readonly string[],
  timestamp: string,
  rawBody: Uint8Array,
  signature: string,
): number {
  const received = Buffer.from(signature, 'utf8');
  let matched = -1;
  for (let index = 0; index < secrets.length; index += 1) {
    const expected = Buffer.from(signZoomWebhook(secrets[index] as string, timestamp, rawBody), 'utf8');
    // timingSafeEqual throws on different lengths; a length mismatch is not secret (the format is public).
    if (received.length === expected.length && timingSafeEqual(received, expected) && matched === -1) {
      matched = index;
    }
  }
  return matched;
}

/**
 * The `encryptedToken` of an `endpoint.url_validation` answer: hex HMAC-SHA256(secret, plainToken).
 * @see https://developers.zoom.us/docs/api/rest/webhook-reference/#validate-your-webhook-endpoint
 */
export function encryptPlainToken(secret: string, plainToken: string): string {
  return createHmac('sha256', secret).update(plainToken).digest('hex');
}
