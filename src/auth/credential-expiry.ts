import type { Caller } from './caller.ts';

/**
 * How a long-lived transport says the credential that opened it has expired. graphql-ws closes the socket with
 * 4401 (its `CloseCode.Unauthorized`, which graphql-ws's client treats as fatal and does not retry with the same
 * credential) and this reason; SSE ends the stream with an error carrying `extensions.code` = the reason. The client
 * gets a fresh token and subscribes again.
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 */
export const CREDENTIAL_EXPIRED = Object.freeze({ closeCode: 4401, reason: 'CREDENTIAL_EXPIRED' });

/** Node's timers fire at once past 2^31-1 ms (~24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Calls `end` once when `caller`'s credential expires (`Caller.expiresAt`, JWTs only); returns the cancel function
 * to call when the connection closes first. A caller without an expiry (an API key) never ends this way.
 */
export function onCredentialExpiry(caller: Caller | undefined, end: () => void, now: () => number = Date.now): () => void {
  const expiresAt = caller?.expiresAt;
  if (expiresAt === undefined) return () => undefined;
  let timer: NodeJS.Timeout | undefined;
  const wait = (): void => {
    const left = expiresAt - now();
    if (left <= 0) {
      timer = undefined;
      end();
      return;
    }
    timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
    // Never what keeps the process alive: the connection it belongs to does that.
    timer.unref();
  };
  wait();
  return () => clearTimeout(timer);
}
