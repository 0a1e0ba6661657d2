import { randomBytes } from 'node:crypto';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { Clock } from './types.ts';
import type { SandboxAuthKind } from './stats.ts';

/** Zoom's answer to any bad, expired, revoked or misplaced token. @see https://developers.zoom.us/docs/api/errors/ */
export const ZOOM_INVALID_TOKEN_BODY = Object.freeze({ code: 124, message: 'Invalid access token.' });

/** Default access-token lifetime: Zoom's Server-to-Server OAuth tokens live one hour. */
export const SANDBOX_TOKEN_TTL_SECONDS_DEFAULT = 3600;

/** An issued OAuth access token. */
export interface IssuedAccessToken {
  /** Opaque random string (base64url, 43 characters, no dots, so it never looks like a JWT). */
  readonly value: string;
  /** Lifetime in seconds, as `expires_in` reports it. */
  readonly expiresIn: number;
  /** Epoch milliseconds (sandbox clock) after which the token is refused. */
  readonly expiresAt: number;
}

/**
 * The sandbox's live OAuth access tokens. Several are valid at once, as on Zoom ("generate multiple tokens ...
 * without invalidating the previous tokens").
 * @see https://developers.zoom.us/changelog/ (multiple access token support for Server-to-Server apps)
 */
export class AccessTokenStore {
  readonly #clock: Clock;
  readonly #ttlSeconds: number;
  readonly #tokens = new Map<string, number>();

  /**
   * @param clock epoch-millisecond clock that decides expiry
   * @param ttlSeconds token lifetime in seconds (default 3600); tests use a few seconds with an injected clock
   */
  constructor(clock: Clock, ttlSeconds: number = SANDBOX_TOKEN_TTL_SECONDS_DEFAULT) {
    if (!Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
      throw new TypeError(`tokenTtlSeconds must be a positive number of seconds, got ${String(ttlSeconds)}`);
    }
    this.#clock = clock;
    this.#ttlSeconds = ttlSeconds;
  }

  /** Issues a new token; earlier tokens stay valid until they expire or are revoked. */
  issue(): IssuedAccessToken {
    const now = this.#clock();
    // Keep the map from growing without bound when a benchmark fetches many tokens.
    if (this.#tokens.size >= 1024) this.#sweep(now);
    const value = randomBytes(32).toString('base64url');
    const expiresAt = now + this.#ttlSeconds * 1000;
    this.#tokens.set(value, expiresAt);
    return { value, expiresIn: this.#ttlSeconds, expiresAt };
  }

  /** Whether `value` is one of ours and not expired (a token is dead at exactly its expiry instant). */
  isLive(value: string): boolean {
    const expiresAt = this.#tokens.get(value);
    if (expiresAt === undefined) return false;
    if (this.#clock() >= expiresAt) {
      this.#tokens.delete(value);
      return false;
    }
    return true;
  }

  /** Whether `value` was issued by this store (live or expired but not yet swept). */
  has(value: string): boolean {
    return this.#tokens.has(value);
  }

  /** Number of live tokens. */
  liveCount(): number {
    this.#sweep(this.#clock());
    return this.#tokens.size;
  }

  /** Revokes every token issued so far; new ones can be fetched at once. */
  revokeAll(): void {
    this.#tokens.clear();
  }

  #sweep(now: number): void {
    for (const [value, expiresAt] of this.#tokens) {
      if (now >= expiresAt) this.#tokens.delete(value);
    }
  }
}

/** What API auth needs to know. */
export interface ApiAuthConfig {
  readonly tokens: AccessTokenStore;
  /** Legacy JWT app credentials: `iss` must equal `apiKey`; the HS256 key is `apiSecret`'s ASCII bytes. */
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly clock: Clock;
}

export type ApiAuthResult = { ok: true; kind: Exclude<SandboxAuthKind, 'none'> } | { ok: false; kind: SandboxAuthKind };

/**
 * Authenticates a `/v2` request the way Zoom does: only `Authorization: Bearer <token>` counts, where the token is
 * one of our live OAuth access tokens or a legacy JWT app token (HS256 only, `iss` = the API key, `exp` in the
 * future). A token in the query string (`?access_token=`) is never read, so alone it fails like a missing token.
 * @see https://developers.zoom.us/docs/internal-apps/jwt/ (legacy JWT apps, retired 2023-09-08)
 */
export class ApiAuthenticator {
  readonly #config: ApiAuthConfig;
  readonly #secretKey: Uint8Array;
  /** Verified JWTs and their `exp` in epoch ms: a client reuses one JWT for many calls, verify it once. */
  readonly #verifiedJwts = new Map<string, number>();

  constructor(config: ApiAuthConfig) {
    this.#config = config;
    this.#secretKey = Buffer.from(config.apiSecret, 'ascii');
  }

  /** @param authorization the raw `Authorization` header, if any */
  async authenticate(authorization: string | undefined): Promise<ApiAuthResult> {
    const token = bearerToken(authorization);
    if (token === undefined) return { ok: false, kind: 'none' };
    if (this.#config.tokens.has(token)) {
      return this.#config.tokens.isLive(token) ? { ok: true, kind: 'oauth' } : { ok: false, kind: 'oauth' };
    }
    if (token.split('.').length !== 3) return { ok: false, kind: 'none' };
    return (await this.#verifyJwt(token)) ? { ok: true, kind: 'jwt' } : { ok: false, kind: 'jwt' };
  }

  async #verifyJwt(token: string): Promise<boolean> {
    const now = this.#config.clock();
    const cachedExp = this.#verifiedJwts.get(token);
    if (cachedExp !== undefined) {
      if (now < cachedExp) return true;
      this.#verifiedJwts.delete(token);
      return false;
    }
    try {
      const { payload } = await jwtVerify(token, this.#secretKey, {
        algorithms: ['HS256'],
        issuer: this.#config.apiKey,
        requiredClaims: ['exp'],
        currentDate: new Date(now),
        clockTolerance: 0,
      });
      // jose accepts exp == now; Zoom wants exp strictly in the future.
      const expMs = (payload.exp ?? 0) * 1000;
      if (expMs <= now) return false;
      if (this.#verifiedJwts.size >= 1024) this.#verifiedJwts.clear();
      this.#verifiedJwts.set(token, expMs);
      return true;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return false;
      throw error;
    }
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
