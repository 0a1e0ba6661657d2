import { isCallerRole, type CallerRole } from './caller.ts';
import { parseBindingValue } from './member-binding.ts';

/** Upper bound for `clockToleranceSeconds`: more than a minute of skew hides a broken clock or a replayed token. */
export const MAX_CLOCK_TOLERANCE_SECONDS = 60;
/** Default allowed clock skew for `exp`/`nbf`/`iat`, in seconds. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 30;
/** Default time a fetched JWKS is trusted before it is fetched again, in ms (jose's default). */
export const DEFAULT_JWKS_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
/** Default minimum time between two JWKS fetches triggered by an unknown `kid`, in ms (jose's default). */
export const DEFAULT_JWKS_COOLDOWN_MS = 30 * 1000;
/** Default timeout of one JWKS fetch, in ms. */
export const DEFAULT_JWKS_TIMEOUT_MS = 5 * 1000;
/**
 * Default longest lifetime of a caller JWT (`exp` minus `iat`), in seconds: 24 hours. Identity providers issue access
 * tokens for minutes to hours; a token valid for years is a leaked credential that never stops working.
 */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
/** Upper bound for `maxTokenLifetimeSeconds`: one year. */
export const MAX_MAX_TOKEN_LIFETIME_SECONDS = 365 * 24 * 60 * 60;
/** Default claim holding the caller's role. */
export const DEFAULT_ROLE_CLAIM = 'role';
/** Default claim binding a member to its Zoom user. */
export const DEFAULT_MEMBER_BINDING: MemberBinding = { claim: 'email', as: 'email' };

/** Algorithms accepted with a JWKS (public keys). HMAC is excluded so a public key can never act as a secret. */
export const ASYMMETRIC_JWS_ALGORITHMS = [
  'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519',
] as const;
/** Algorithms accepted with a shared secret. */
export const HMAC_JWS_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
/** HS256 needs a key at least as long as its output (RFC 7518 §3.2). */
export const MIN_SECRET_BYTES = 32;

/** Which claim binds a `member` token to a Zoom user, and what that claim holds. */
export interface MemberBinding {
  /** Claim name, e.g. `email` or `zoom_user_id`. */
  readonly claim: string;
  /** `email`: a Zoom user's email; `zoomUserId`: a Zoom user id. Either works as Zoom's `userId` path parameter. */
  readonly as: 'email' | 'zoomUserId';
}

/**
 * Bearer-JWT verification. Give exactly one of `jwksUrl` and `secret`. Every token must carry `sub` and `exp`
 * (a token that never expires is refused as `invalid_claims`); `iss` and `aud` must match.
 */
export interface JwtAuthOptions {
  /** The identity provider's JWKS endpoint: https, or http only on a loopback host. */
  readonly jwksUrl?: string | URL;
  /** Shared HMAC secret, at least 32 bytes. */
  readonly secret?: string | Uint8Array;
  /** Accepted `iss` value(s). Required. */
  readonly issuer: string | readonly string[];
  /** Accepted `aud` value(s). Required. */
  readonly audience: string | readonly string[];
  /** Accepted `alg`s. Default `['RS256']` with `jwksUrl`, `['HS256']` with `secret`; never mixes the two families. */
  readonly algorithms?: readonly string[];
  /** Allowed clock skew in seconds. Default 30, at most 60. */
  readonly clockToleranceSeconds?: number;
  /**
   * Longest accepted token lifetime in seconds: `exp - iat`, or `exp - now` for a token without `iat`. Longer-lived
   * tokens are refused (`lifetime_too_long`). Default 86,400 (24 h), from 60 to 31,536,000 (a year).
   */
  readonly maxTokenLifetimeSeconds?: number;
  /**
   * Claim holding the role: a string (`admin` / `member`) or an array of strings (admin wins when both appear).
   * Default `role`. A token WITHOUT the claim is a `member` (least privilege); a token whose claim holds any
   * other value is rejected (`invalid_claims`), so a misconfigured IdP fails loudly instead of silently.
   */
  readonly roleClaim?: string;
  /** Default `{ claim: 'email', as: 'email' }`. A member token without that claim is rejected. */
  readonly memberBinding?: MemberBinding;
  /** JWKS cache lifetime in ms. Default 600,000. */
  readonly jwksCacheMaxAgeMs?: number;
  /** Minimum ms between refetches caused by unknown `kid`s. Default 30,000. */
  readonly jwksCooldownMs?: number;
  /** JWKS fetch timeout in ms. Default 5,000. */
  readonly jwksTimeoutMs?: number;
  /** Fetch used for the JWKS (tests, proxies). Default the global `fetch`. */
  readonly fetch?: typeof fetch;
}

/** One server API key. Only its SHA-256 is configured; the plaintext never reaches the gateway's config. */
export interface ApiKeyEntry {
  /** Shown as the caller's `subject` and in logs. */
  readonly name: string;
  /** Lower- or upper-case hex SHA-256 of the key's UTF-8 bytes (64 hex digits). */
  readonly sha256: string;
  readonly role: CallerRole;
  /** For a member key: the bound Zoom user id (this or `email` is required). */
  readonly zoomUserId?: string;
  /** For a member key: the bound Zoom user's email (this or `zoomUserId` is required). */
  readonly email?: string;
}

export interface CallerAuthenticatorOptions {
  /** Enables `Authorization: Bearer <jwt>`. */
  readonly jwt?: JwtAuthOptions;
  /** Enables `x-api-key: <key>` and `Authorization: ApiKey <key>`. */
  readonly apiKeys?: readonly ApiKeyEntry[];
  /** Clock for `exp`/`nbf`/`iat` checks. Default `() => new Date()`. */
  readonly now?: () => Date;
}

/** Validated, normalised JWT options. */
export interface ResolvedJwtOptions {
  readonly key: { kind: 'jwks'; url: URL } | { kind: 'secret'; secret: Uint8Array };
  readonly issuer: string[];
  readonly audience: string[];
  readonly algorithms: string[];
  readonly clockToleranceSeconds: number;
  readonly maxTokenLifetimeSeconds: number;
  readonly roleClaim: string;
  readonly memberBinding: MemberBinding;
  readonly jwksCacheMaxAgeMs: number;
  readonly jwksCooldownMs: number;
  readonly jwksTimeoutMs: number;
  readonly fetch?: typeof fetch;
}

export interface ResolvedApiKey {
  readonly name: string;
  readonly digest: Buffer;
  readonly role: CallerRole;
  readonly zoomUserId?: string;
  readonly email?: string;
}

export interface ResolvedCallerAuthOptions {
  readonly jwt?: ResolvedJwtOptions;
  readonly apiKeys: readonly ResolvedApiKey[];
  readonly now: () => Date;
}

/** Validates the options once; every message says what was expected and what arrived. */
export function resolveCallerAuthOptions(options: CallerAuthenticatorOptions): ResolvedCallerAuthOptions {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`createCallerAuthenticator: expected an options object, got ${describe(options)}.`);
  }
  const jwt = options.jwt === undefined ? undefined : resolveJwt(options.jwt);
  const apiKeys = resolveApiKeys(options.apiKeys ?? []);
  if (jwt === undefined && apiKeys.length === 0) {
    throw new TypeError(
      'createCallerAuthenticator: expected `jwt` options and/or at least one entry in `apiKeys`; got neither, so no caller could ever authenticate.',
    );
  }
  if (options.now !== undefined && typeof options.now !== 'function') {
    throw new TypeError(`createCallerAuthenticator: expected \`now\` to be a function returning a Date, got ${describe(options.now)}.`);
  }
  return Object.freeze({ jwt, apiKeys, now: options.now ?? (() => new Date()) });
}

function resolveJwt(jwt: JwtAuthOptions): ResolvedJwtOptions {
  const where = 'createCallerAuthenticator: jwt.';
  if (jwt === null || typeof jwt !== 'object') {
    throw new TypeError(`${where.slice(0, -1)}: expected an object, got ${describe(jwt)}.`);
  }
  const hasJwks = jwt.jwksUrl !== undefined;
  const hasSecret = jwt.secret !== undefined;
  if (hasJwks === hasSecret) {
    throw new TypeError(
      `${where}jwksUrl / jwt.secret: expected exactly one of them, got ${hasJwks ? 'both' : 'neither'}.`,
    );
  }
  let key: ResolvedJwtOptions['key'];
  if (hasJwks) {
    key = { kind: 'jwks', url: resolveJwksUrl(jwt.jwksUrl) };
  } else {
    const secret = typeof jwt.secret === 'string' ? new TextEncoder().encode(jwt.secret) : jwt.secret;
    if (!(secret instanceof Uint8Array)) {
      throw new TypeError(`${where}secret: expected a string or Uint8Array, got ${describe(jwt.secret)}.`);
    }
    if (secret.byteLength < MIN_SECRET_BYTES) {
      // Never print the secret; its length is enough to act on.
      throw new TypeError(`${where}secret: expected at least ${MIN_SECRET_BYTES} bytes, got ${secret.byteLength}.`);
    }
    key = { kind: 'secret', secret: Uint8Array.from(secret) };
  }

  const family: readonly string[] = key.kind === 'jwks' ? ASYMMETRIC_JWS_ALGORITHMS : HMAC_JWS_ALGORITHMS;
  const algorithms = jwt.algorithms === undefined ? [key.kind === 'jwks' ? 'RS256' : 'HS256'] : [...jwt.algorithms];
  if (algorithms.length === 0 || algorithms.some((alg) => !family.includes(alg))) {
    throw new TypeError(
      `${where}algorithms: expected a non-empty list from ${family.join(', ')} (the ${key.kind === 'jwks' ? 'JWKS' : 'secret'} family), got ${describe(jwt.algorithms)}.`,
    );
  }

  const clockToleranceSeconds = jwt.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  if (!Number.isFinite(clockToleranceSeconds) || clockToleranceSeconds < 0 || clockToleranceSeconds > MAX_CLOCK_TOLERANCE_SECONDS) {
    throw new TypeError(
      `${where}clockToleranceSeconds: expected a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SECONDS}, got ${describe(jwt.clockToleranceSeconds)}.`,
    );
  }

  const maxTokenLifetimeSeconds = jwt.maxTokenLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!Number.isInteger(maxTokenLifetimeSeconds) || maxTokenLifetimeSeconds < 60 || maxTokenLifetimeSeconds > MAX_MAX_TOKEN_LIFETIME_SECONDS) {
    throw new TypeError(
      `${where}maxTokenLifetimeSeconds: expected whole seconds from 60 to ${MAX_MAX_TOKEN_LIFETIME_SECONDS}, e.g. 3600; got ${describe(jwt.maxTokenLifetimeSeconds)}.`,
    );
  }

  const roleClaim = jwt.roleClaim ?? DEFAULT_ROLE_CLAIM;
  requireNonEmptyString(roleClaim, `${where}roleClaim`);
  const memberBinding = jwt.memberBinding ?? DEFAULT_MEMBER_BINDING;
  if (
    memberBinding === null || typeof memberBinding !== 'object' || typeof memberBinding.claim !== 'string' ||
    memberBinding.claim === '' || (memberBinding.as !== 'email' && memberBinding.as !== 'zoomUserId')
  ) {
    throw new TypeError(
      `${where}memberBinding: expected { claim: "<claim name>", as: "email" | "zoomUserId" }, e.g. { claim: "zoom_user_id", as: "zoomUserId" }; got ${describe(memberBinding)}.`,
    );
  }

  return Object.freeze({
    key,
    issuer: stringList(jwt.issuer, `${where}issuer`),
    audience: stringList(jwt.audience, `${where}audience`),
    algorithms,
    clockToleranceSeconds,
    maxTokenLifetimeSeconds,
    roleClaim,
    memberBinding: { claim: memberBinding.claim, as: memberBinding.as },
    jwksCacheMaxAgeMs: duration(jwt.jwksCacheMaxAgeMs, DEFAULT_JWKS_CACHE_MAX_AGE_MS, `${where}jwksCacheMaxAgeMs`),
    jwksCooldownMs: duration(jwt.jwksCooldownMs, DEFAULT_JWKS_COOLDOWN_MS, `${where}jwksCooldownMs`),
    jwksTimeoutMs: duration(jwt.jwksTimeoutMs, DEFAULT_JWKS_TIMEOUT_MS, `${where}jwksTimeoutMs`),
    fetch: jwt.fetch,
  });
}

function resolveJwksUrl(value: unknown): URL {
  let url: URL;
  try {
    url = value instanceof URL ? new URL(value.href) : new URL(String(value));
  } catch {
    throw new TypeError(`createCallerAuthenticator: jwt.jwksUrl: expected an absolute URL, got ${describe(value)}.`);
  }
  const isLoopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback)) {
    throw new TypeError(
      `createCallerAuthenticator: jwt.jwksUrl: expected an https URL (http only on a loopback host), got ${JSON.stringify(url.href)}.`,
    );
  }
  return url;
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

function resolveApiKeys(entries: readonly ApiKeyEntry[]): ResolvedApiKey[] {
  if (!Array.isArray(entries)) {
    throw new TypeError(`createCallerAuthenticator: apiKeys: expected an array, got ${describe(entries)}.`);
  }
  const names = new Set<string>();
  const digests = new Set<string>();
  return entries.map((entry, index) => {
    const where = `createCallerAuthenticator: apiKeys[${index}]`;
    if (entry === null || typeof entry !== 'object') {
      throw new TypeError(`${where}: expected { name, sha256, role }, got ${describe(entry)}.`);
    }
    requireNonEmptyString(entry.name, `${where}.name`);
    if (names.has(entry.name)) throw new TypeError(`${where}.name: expected a unique name, got a second ${JSON.stringify(entry.name)}.`);
    names.add(entry.name);
    if (typeof entry.sha256 !== 'string' || !SHA256_HEX.test(entry.sha256)) {
      // A plaintext key pasted here by mistake must not be echoed: describe its shape only.
      const got = typeof entry.sha256 === 'string' ? `a string of ${entry.sha256.length} characters that is not hex` : describe(entry.sha256);
      throw new TypeError(`${where}.sha256: expected 64 hex digits (the SHA-256 of the key, never the key itself), got ${got}.`);
    }
    const hex = entry.sha256.toLowerCase();
    if (digests.has(hex)) throw new TypeError(`${where}.sha256: expected a unique hash, got the same hash as an earlier key.`);
    digests.add(hex);
    if (!isCallerRole(entry.role)) {
      throw new TypeError(`${where}.role: expected "admin" or "member", got ${describe(entry.role)}.`);
    }
    if (entry.zoomUserId !== undefined && parseBindingValue(entry.zoomUserId, 'zoomUserId') === undefined) {
      throw new TypeError(`${where}.zoomUserId: expected a Zoom user id (base64url characters, never a keyword such as "me"), got ${describe(entry.zoomUserId)}.`);
    }
    if (entry.email !== undefined && parseBindingValue(entry.email, 'email') === undefined) {
      throw new TypeError(`${where}.email: expected an email address such as "jane@example.com", got ${describe(entry.email)}.`);
    }
    if (entry.role === 'member' && entry.zoomUserId === undefined && entry.email === undefined) {
      throw new TypeError(`${where}: a member key must be bound to a Zoom user: expected zoomUserId or email, got neither.`);
    }
    return Object.freeze({
      name: entry.name,
      digest: Buffer.from(hex, 'hex'),
      role: entry.role,
      zoomUserId: entry.zoomUserId,
      email: entry.email,
    });
  });
}

function stringList(value: unknown, where: string): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.length === 0 || list.some((item) => typeof item !== 'string' || item === '')) {
    throw new TypeError(`${where}: expected a non-empty string or a non-empty array of them, got ${describe(value)}.`);
  }
  return [...(list as string[])];
}

function duration(value: unknown, fallback: number, where: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new TypeError(`${where}: expected a non-negative integer number of milliseconds, got ${describe(value)}.`);
  }
  return value;
}

function requireNonEmptyString(value: unknown, where: string): asserts value is string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`${where}: expected a non-empty string, got ${describe(value)}.`);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
