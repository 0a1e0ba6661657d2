import type { JWTPayload } from 'jose';
import { matchApiKey, MAX_API_KEY_LENGTH } from './api-key-matcher.ts';
import { isCallerRole, type Caller, type CallerRole } from './caller.ts';
import { CallerAuthError } from './errors.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import { parseBindingValue } from './member-binding.ts';
import {
  resolveCallerAuthOptions,
  type CallerAuthenticatorOptions,
  type ResolvedCallerAuthOptions,
  type ResolvedJwtOptions,
} from './options.ts';

/** Request headers as Node/fastify give them (lower-case names), or anything with a `get` (Fetch `Headers`, Apollo's `HeaderMap`). */
export type RequestHeaders =
  | Readonly<Record<string, string | readonly string[] | undefined>>
  | { get(name: string): string | null | undefined };

export interface CallerAuthenticator {
  /**
   * Establishes the caller from `Authorization: Bearer <jwt>`, `Authorization: ApiKey <key>` or `x-api-key: <key>`.
   * Exactly one credential must be present. Rejects with a `CallerAuthError` (code `UNAUTHENTICATED`).
   */
  authenticate(request: { readonly headers: RequestHeaders }): Promise<Caller>;
}

/** Longest bearer token accepted, in characters (IdP tokens are a few KB at most). */
export const MAX_BEARER_TOKEN_LENGTH = 16 * 1024;

/**
 * Creates the caller authenticator. Options are validated here, once; a bad option throws a `TypeError` whose
 * message names the option, what was expected and what arrived (never a secret).
 *
 * Header choice: servers may send their key as `x-api-key` (the common convention) or as `Authorization: ApiKey`
 * (for clients that can only set `Authorization`). Sending two credentials at once is `malformed`, so a request
 * is never judged by whichever header happened to be read first.
 */
export function createCallerAuthenticator(options: CallerAuthenticatorOptions): CallerAuthenticator {
  const resolved = resolveCallerAuthOptions(options);
  const verifyJwt = resolved.jwt === undefined ? undefined : createJwtVerifier(resolved.jwt);

  return {
    async authenticate(request) {
      const credential = readCredential(request.headers);
      if (credential.kind === 'api-key') return authenticateApiKey(credential.value, resolved);
      if (verifyJwt === undefined || resolved.jwt === undefined) throw new CallerAuthError('not_configured', 'jwt');
      const payload = await verifyJwt(credential.value, resolved.now());
      return callerFromClaims(payload, resolved.jwt);
    },
  };
}

type Credential = { kind: 'jwt' | 'api-key'; value: string };

function readCredential(headers: RequestHeaders): Credential {
  const authorization = header(headers, 'authorization');
  const apiKeyHeader = header(headers, 'x-api-key');
  if (authorization !== undefined && apiKeyHeader !== undefined) throw new CallerAuthError('malformed', 'two credentials');
  if (apiKeyHeader !== undefined) return { kind: 'api-key', value: checked(apiKeyHeader, MAX_API_KEY_LENGTH) };
  if (authorization === undefined) throw new CallerAuthError('missing');
  // RFC 9110 §11.1: the scheme is case-insensitive.
  const match = /^([A-Za-z]+) +(\S+)\s*$/.exec(authorization);
  if (match === null) throw new CallerAuthError('malformed', 'authorization header');
  const scheme = match[1]!.toLowerCase();
  const value = match[2]!;
  if (scheme === 'bearer') return { kind: 'jwt', value: checked(value, MAX_BEARER_TOKEN_LENGTH) };
  if (scheme === 'apikey') return { kind: 'api-key', value: checked(value, MAX_API_KEY_LENGTH) };
  throw new CallerAuthError('malformed', 'authorization scheme');
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const raw = typeof headers.get === 'function'
    ? (headers as { get(name: string): string | null | undefined }).get(name)
    : (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  if (raw === undefined || raw === null) return undefined;
  // A repeated credential header is ambiguous; refuse rather than pick one.
  if (typeof raw !== 'string') throw new CallerAuthError('malformed', `repeated ${name} header`);
  return raw.trim() === '' ? undefined : raw;
}

function checked(value: string, maxLength: number): string {
  const trimmed = value.trim();
  if (trimmed.length > maxLength || /\s/.test(trimmed)) throw new CallerAuthError('malformed', 'credential shape');
  return trimmed;
}

function authenticateApiKey(presented: string, options: ResolvedCallerAuthOptions): Caller {
  if (options.apiKeys.length === 0) throw new CallerAuthError('not_configured', 'api-key');
  const key = matchApiKey(presented, options.apiKeys);
  if (key === undefined) throw new CallerAuthError('unknown_api_key');
  return Object.freeze({
    kind: 'api-key',
    role: key.role,
    subject: key.name,
    ...(key.zoomUserId === undefined ? {} : { zoomUserId: key.zoomUserId }),
    ...(key.email === undefined ? {} : { email: key.email }),
  });
}

function callerFromClaims(payload: JWTPayload, options: ResolvedJwtOptions): Caller {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject === '') throw new CallerAuthError('invalid_claims', 'sub');
  const role = roleFromClaim(payload[options.roleClaim], options.roleClaim);
  const name = optionalString(payload.name);
  const { claim, as } = options.memberBinding;
  // The binding must be a valid value of its declared type: never `me`, never a user id posing as an email.
  const bound = parseBindingValue(payload[claim], as);
  if (role === 'member' && bound === undefined) {
    // A member must be bound to exactly one Zoom user, or ownership checks would have nothing to compare with.
    throw new CallerAuthError('invalid_claims', claim);
  }
  // A member carries its binding and nothing else that names a user: an `email` claim beside a user-id binding is
  // not checked against the bound user, so it must not count as the member's email. An admin keeps a valid email
  // for display only.
  const email = as === 'email' ? bound : role === 'admin' ? parseBindingValue(payload.email, 'email') : undefined;
  const zoomUserId = as === 'zoomUserId' ? bound : undefined;
  return Object.freeze({
    kind: 'jwt',
    role,
    subject,
    ...(zoomUserId === undefined ? {} : { zoomUserId }),
    ...(email === undefined ? {} : { email }),
    ...(name === undefined ? {} : { name }),
    // jwtVerify required `exp` and checked it is a number; past exp + tolerance it refuses the token.
    expiresAt: ((payload.exp as number) + options.clockToleranceSeconds) * 1000,
  });
}

/** Absent claim: member (least privilege). Present but not admin/member: rejected, so IdP misconfiguration is loud. */
function roleFromClaim(claim: unknown, claimName: string): CallerRole {
  if (claim === undefined) return 'member';
  const values = typeof claim === 'string' ? [claim] : Array.isArray(claim) ? claim : undefined;
  if (values === undefined || values.length === 0 || values.some((value) => !isCallerRole(value))) {
    throw new CallerAuthError('invalid_claims', claimName);
  }
  return values.includes('admin') ? 'admin' : 'member';
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
