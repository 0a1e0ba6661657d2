/**
 * The secret values the masking tests (HTTP: masking.test.ts, graphql-ws: subscription-masking.test.ts) push through
 * the gateway, one set for both: each marked LEAKCHECK so a hit is never a coincidence. Any of them in a response,
 * a WebSocket frame or a log line is a leak.
 */
export const SECRET = Object.freeze({
  accessToken: 'zoomtok-LEAKCHECK-access-token-0001',
  clientSecret: 'client-secret-LEAKCHECK-0002',
  upstreamBody: 'RAW-UPSTREAM-BODY-LEAKCHECK-0003',
  callerKey: 'caller-key-LEAKCHECK-0004-0123456789',
  wrongCallerKey: 'wrong-caller-key-LEAKCHECK-0005',
  rejectedSecret: 'rejected-secret-LEAKCHECK-0006',
  jwtSecret: 'short-LEAKCHECK-0007',
  webhookSecret: 'webhook-secret-LEAKCHECK-0008',
  memberKey: 'member-key-LEAKCHECK-0009-0123456789',
});

const SECRETS = Object.values(SECRET);

/** The secrets `text` holds (none, when nothing leaked). */
export function leaksIn(text: string): string[] {
  return SECRETS.filter((secret) => text.includes(secret));
}
