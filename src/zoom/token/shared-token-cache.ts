import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SharedStore } from '../../state/store.ts';
import { defaultSleep } from '../rate-limit.ts';
import { createTokenSeal } from './token-seal.ts';
import type { AccessToken } from './types.ts';

/** Options of {@link createSharedTokenCache}. */
export interface SharedTokenCacheOptions {
  /** Where the token lives; instances sharing it (Redis) share one token. */
  store: SharedStore;
  /** The store key, naming the account and app (not secret); the lock is `<key>:lock`. */
  key: string;
  /** The Zoom app's secret, from which the encryption key is derived. Never stored, never logged. */
  secret: string;
  /** Longest one instance may hold the fetch lock, in milliseconds: longer than a token request can take. */
  lockTtlMs: number;
  /** Pause between looks at the store while another instance fetches, in milliseconds. Default 25. */
  pollMs?: number;
  /** Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
}

/** A fetched token and how long the store may keep it, in milliseconds (0 or less: not stored). */
export interface FetchedToken {
  token: AccessToken;
  ttlMs: number;
}

/** One token for every instance sharing a store; see {@link createSharedTokenCache}. */
export interface SharedTokenCache {
  /**
   * The stored token when `isUsable` accepts it; otherwise `fetch` runs on exactly one instance at a time (a short
   * lock in the store) and stores its token, while the others wait and read that token instead of fetching
   * their own. Rejects with `fetch`'s error on the instance that ran it; the others then try in turn.
   */
  obtain(isUsable: (token: AccessToken) => boolean, fetch: () => Promise<FetchedToken>): Promise<AccessToken>;
  /** Zoom refused `tokenValue`: removes it from the store, only while the store still holds that very token. */
  invalidate(tokenValue: string): Promise<void>;
}

const storedTokenSchema = z.object({
  value: z.string().min(1), expiresAt: z.number(), apiUrl: z.string().optional(), scopes: z.array(z.string()).optional(),
});

/** Sealed texts remembered per token value, for compare-and-delete on a 401: the current token and a few before it. */
const REMEMBERED_SEALS = 4;

/**
 * A cluster-wide single flight for the Zoom access token (one token request per expiry for all instances), with the
 * token sealed in the store by AES-256-GCM under a key derived from the app's secret (src/zoom/token/token-seal.ts):
 * whoever reads Redis without the Zoom credentials gets nothing usable. A store entry that does not open (another
 * secret, another format, altered) counts as absent and is overwritten by the next fetch.
 */
export function createSharedTokenCache(options: SharedTokenCacheOptions): SharedTokenCache {
  const { store, key, lockTtlMs } = options;
  const pollMs = options.pollMs ?? 25;
  const sleep = options.sleep ?? ((ms: number) => defaultSleep(ms));
  if (!(Number.isInteger(lockTtlMs) && lockTtlMs > 0)) {
    throw new TypeError(`createSharedTokenCache: lockTtlMs must be a positive whole number of milliseconds, got ${String(lockTtlMs)}`);
  }
  const seal = createTokenSeal(options.secret, key);
  const lockKey = `${key}:lock`;
  const sealedByValue = new Map<string, string>();

  const remember = (value: string, sealed: string): void => {
    sealedByValue.delete(value);
    sealedByValue.set(value, sealed);
    if (sealedByValue.size > REMEMBERED_SEALS) sealedByValue.delete(sealedByValue.keys().next().value!);
  };

  async function read(): Promise<AccessToken | undefined> {
    const sealed = await store.get(key);
    if (sealed === undefined) return undefined;
    const plaintext = seal.open(sealed);
    const parsed = plaintext === undefined ? undefined : storedTokenSchema.safeParse(safeJson(plaintext));
    if (parsed?.success !== true) return undefined;
    const { value, expiresAt, apiUrl, scopes } = parsed.data;
    remember(value, sealed);
    return { value, expiresAt, apiUrl, scopes };
  }

  async function fetchAndStore(fetch: () => Promise<FetchedToken>): Promise<AccessToken> {
    const { token, ttlMs } = await fetch();
    if (ttlMs > 0) {
      const sealed = seal.seal(JSON.stringify(token));
      remember(token.value, sealed);
      // The token is good whether or not the store took it; without it the others fetch their own.
      await store.set(key, sealed, { ttlMs: Math.floor(ttlMs) }).catch(() => undefined);
    }
    return token;
  }

  return {
    async obtain(isUsable, fetch) {
      const owner = randomUUID();
      // Enough looks to outlast a lock whose holder died (the lock then expires and the next look takes it).
      const looks = Math.ceil(lockTtlMs / pollMs) + 1;
      for (let look = 0; look < looks; look++) {
        const shared = await read();
        if (shared !== undefined && isUsable(shared)) return shared;
        if (await store.setIfAbsent(lockKey, owner, { ttlMs: lockTtlMs })) {
          try {
            // Another instance may have stored a token between the read above and taking the lock.
            const stored = await read();
            if (stored !== undefined && isUsable(stored)) return stored;
            return await fetchAndStore(fetch);
          } finally {
            await store.deleteIfEquals(lockKey, owner).catch(() => undefined);
          }
        }
        await sleep(pollMs);
      }
      // Waited a whole lock lifetime without a token or the lock: fetch regardless rather than fail the call.
      return fetchAndStore(fetch);
    },
    async invalidate(tokenValue) {
      const sealed = sealedByValue.get(tokenValue);
      sealedByValue.delete(tokenValue);
      if (sealed !== undefined) await store.deleteIfEquals(key, sealed);
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
