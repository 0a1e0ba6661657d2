import { z } from 'zod';
import { commaList, commaSeparated, row, wholeNumber } from '../define.ts';
import { bindingKindOf, parseBindingValue } from '../../auth/member-binding.ts';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, MAX_MAX_TOKEN_LIFETIME_SECONDS, type ApiKeyEntry } from '../../auth/options.ts';

const API_KEY_ENTRY = /^([A-Za-z0-9_.-]+):(admin|member):([0-9a-fA-F]{64})(?::([^\s:,]+))?$/;

/**
 * `CALLER_API_KEYS`: `name:role:sha256[:zoomUser]` entries, comma-separated. A `zoomUser` with an `@` is an email,
 * otherwise a Zoom user id; members need one. The value is never echoed (a plaintext key pasted by mistake).
 */
const apiKeyList = z.string().transform((value, context): ApiKeyEntry[] => {
  const entries: ApiKeyEntry[] = [];
  for (const item of commaList(value)) {
    const match = API_KEY_ENTRY.exec(item);
    // A member's Zoom user must be an email or a user id, never a keyword such as `me` (src/auth/member-binding.ts).
    if (match === null || (match[2] === 'member' && match[4] === undefined) || (match[4] !== undefined && parseBindingValue(match[4], bindingKindOf(match[4])) === undefined)) {
      context.addIssue({ code: 'custom', message: 'bad entry' });
      return [];
    }
    const [, name, role, sha256, zoomUser] = match as unknown as [string, string, 'admin' | 'member', string, string | undefined];
    entries.push({
      name,
      role,
      sha256: sha256.toLowerCase(),
      ...(zoomUser === undefined ? {} : bindingKindOf(zoomUser) === 'email' ? { email: zoomUser } : { zoomUserId: zoomUser }),
    });
  }
  if (entries.length === 0) context.addIssue({ code: 'custom', message: 'empty' });
  return entries;
});

/** Who may call the gateway: server API keys and Bearer JWTs (src/config/resolve-callers.ts checks them together). */
export const CALLER_SETTINGS = {
  CALLER_API_KEYS: row(apiKeyList, {
    group: 'Callers',
    description: 'Server API keys, comma-separated, each name:role:sha256 (admin) or name:member:sha256:zoomUser (zoomUser = the bound Zoom user id or email). Only the hex SHA-256 of each key is given, never the key: printf %s "$KEY" | sha256sum. Clients send the key as x-api-key.',
    defaultText: '(none)',
    example: 'reporting:admin:5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8',
    secret: true,
    expected: 'a comma-separated list of name:role:sha256[:zoomUser] entries, role admin or member, sha256 64 hex digits, members with a zoomUser (a Zoom user id or an email address, never a keyword such as me)',
  }),
  CALLER_JWT_JWKS_URL: row(z.url({ protocol: /^https?$/ }), {
    group: 'Callers',
    description: 'Accept caller Bearer JWTs signed by keys of this JWKS (your identity provider\'s jwks_uri; cached, unknown kids refetched at most every 30 s). Exclusive with CALLER_JWT_SECRET.',
    example: 'https://login.example.com/.well-known/jwks.json',
    expected: 'an https URL (http only for localhost/127.0.0.1)',
  }),
  CALLER_JWT_SECRET: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Accept caller Bearer JWTs signed with this shared HMAC secret (at least 32 bytes). Exclusive with CALLER_JWT_JWKS_URL.',
    example: 'a-long-random-secret-of-at-least-32-bytes',
    secret: true,
    expected: 'a secret of at least 32 bytes without spaces',
  }),
  CALLER_JWT_ISSUER: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted iss of caller JWTs (comma-separated for several). Required with JWTs.',
    example: 'https://login.example.com/',
    expected: 'one or more comma-separated issuer values',
  }),
  CALLER_JWT_AUDIENCE: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted aud of caller JWTs (comma-separated for several). Required with JWTs.',
    example: 'zoom-graphql-gateway',
    expected: 'one or more comma-separated audience values',
  }),
  CALLER_JWT_ALGORITHMS: row(commaSeparated, {
    group: 'Callers',
    description: 'Accepted alg values of caller JWTs, comma-separated; asymmetric ones with a JWKS, HS256/384/512 with a secret. none is never accepted.',
    defaultText: 'RS256 with a JWKS, HS256 with a secret',
    example: 'RS256,ES256',
    expected: 'comma-separated JWS algorithms, e.g. RS256,ES256 or HS256',
  }),
  CALLER_JWT_CLOCK_TOLERANCE_SECONDS: row(wholeNumber(0, 60), {
    group: 'Callers',
    description: 'Allowed clock skew when checking exp, nbf and iat of caller JWTs, in seconds.',
    defaultText: '30',
    example: '10',
    expected: 'seconds from 0 to 60',
  }),
  CALLER_JWT_MAX_LIFETIME_SECONDS: row(wholeNumber(60, MAX_MAX_TOKEN_LIFETIME_SECONDS), {
    group: 'Callers',
    description: 'Longest accepted lifetime of a caller JWT (exp minus iat, or exp minus now without iat), in seconds; longer-lived tokens are refused (reason lifetime_too_long), as is an iat in the future beyond the clock tolerance.',
    defaultText: String(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS),
    example: '3600',
    expected: `whole seconds from 60 to ${MAX_MAX_TOKEN_LIFETIME_SECONDS}`,
  }),
  CALLER_JWT_ROLE_CLAIM: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Claim holding the caller\'s role, admin or member (a string or an array). A token without it is a member; any other value is refused.',
    defaultText: 'role',
    example: 'https://example.com/zoom_role',
    expected: 'a claim name without spaces',
  }),
  CALLER_JWT_MEMBER_CLAIM: row(z.string().regex(/^\S+$/), {
    group: 'Callers',
    description: 'Claim binding a member token to its Zoom user; a member token without it is refused.',
    defaultText: 'email',
    example: 'zoom_user_id',
    expected: 'a claim name without spaces',
  }),
  CALLER_JWT_MEMBER_CLAIM_TYPE: row(z.enum(['email', 'zoom_user_id']), {
    group: 'Callers',
    description: 'What CALLER_JWT_MEMBER_CLAIM holds: the Zoom user\'s email or its Zoom user id.',
    defaultText: 'email',
    example: 'zoom_user_id',
    expected: 'email or zoom_user_id',
  }),
};
