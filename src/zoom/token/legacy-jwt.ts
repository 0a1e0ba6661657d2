import { SignJWT } from 'jose';
import type { AccessToken, TokenProvider } from './types.ts';

/** Options of {@link createLegacyJwtTokenProvider}. */
export interface LegacyJwtOptions {
  /** The JWT app's API key; becomes the `iss` claim. */
  apiKey: string;
  /** The JWT app's API secret; its bytes are the HS256 key. Never logged. */
  apiSecret: string;
  /** Lifetime of each signed token in seconds (`exp` = `iat` + this). Default 60: Zoom recommends short expiries (30-90 s). */
  ttlSeconds?: number;
  /** A token is re-signed once fewer than this many seconds of its lifetime remain. Default 10. */
  refreshMarginSeconds?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Defaults of {@link LegacyJwtOptions}. */
export const LEGACY_JWT_DEFAULTS = Object.freeze({ ttlSeconds: 60, refreshMarginSeconds: 10 });

/**
 * Signs legacy JWT-app tokens locally: HS256, header `typ: JWT`, claims `iss` (API key), `iat`, `exp` and a random
 * `jti`. There is no token endpoint; the same token is reused until `refreshMarginSeconds` before it expires.
 * Zoom retired JWT apps on 2023-09-08; this stays for accounts and sandboxes that still accept them.
 * @see https://developers.zoom.us/docs/internal-apps/jwt/
 */
export function createLegacyJwtTokenProvider(options: LegacyJwtOptions): TokenProvider {
  const { apiKey, apiSecret } = options;
  const ttlSeconds = options.ttlSeconds ?? LEGACY_JWT_DEFAULTS.ttlSeconds;
  const marginSeconds = options.refreshMarginSeconds ?? LEGACY_JWT_DEFAULTS.refreshMarginSeconds;
  const now = options.now ?? Date.now;
  if (typeof apiKey !== 'string' || apiKey === '') {
    throw new TypeError('createLegacyJwtTokenProvider: apiKey must be a non-empty string');
  }
  if (typeof apiSecret !== 'string' || apiSecret === '') {
    throw new TypeError('createLegacyJwtTokenProvider: apiSecret must be a non-empty string');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new TypeError(`createLegacyJwtTokenProvider: ttlSeconds must be a positive integer, got ${String(ttlSeconds)}`);
  }
  if (!Number.isInteger(marginSeconds) || marginSeconds < 0 || marginSeconds >= ttlSeconds) {
    throw new TypeError(
      `createLegacyJwtTokenProvider: refreshMarginSeconds must be an integer in [0, ttlSeconds), got ${String(marginSeconds)}`,
    );
  }
  // Zoom: "the API Secret's ASCII bytes" are the key; TextEncoder gives exactly those for ASCII secrets.
  const key = new TextEncoder().encode(apiSecret);
  let current: AccessToken | undefined;
  let inflight: Promise<AccessToken> | undefined;

  async function sign(): Promise<AccessToken> {
    const iat = Math.floor(now() / 1000);
    const exp = iat + ttlSeconds;
    const value = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(apiKey)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      // `iat` has one-second resolution: without a token id, re-signing after a 401 within the same second would
      // give the very token Zoom just refused, and the one retry would be spent on it. `jti` is a registered claim
      // (RFC 7519 §4.1.7) that an HS256 verifier ignores unless it asks for it.
      .setJti(crypto.randomUUID())
      .sign(key);
    return { value, expiresAt: exp * 1000 };
  }

  return {
    getToken() {
      if (current !== undefined && current.expiresAt - marginSeconds * 1000 > now()) return Promise.resolve(current);
      inflight ??= sign()
        .then((token) => (current = token))
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(tokenValue) {
      if (current?.value === tokenValue) current = undefined;
    },
  };
}
