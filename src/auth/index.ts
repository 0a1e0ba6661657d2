export { createCallerAuthenticator, MAX_BEARER_TOKEN_LENGTH } from './create-caller-authenticator.ts';
export type { CallerAuthenticator, RequestHeaders } from './create-caller-authenticator.ts';
export { CALLER_ROLES, isCallerRole } from './caller.ts';
export type { Caller, CallerRole } from './caller.ts';
export { CallerAuthError, isCallerAuthError } from './errors.ts';
export type { CallerAuthFailureReason } from './errors.ts';
export { hashApiKey, matchApiKey, MAX_API_KEY_LENGTH } from './api-key-matcher.ts';
export {
  createDevelopmentCredentials, DEVELOPMENT_API_KEY_NAME, DEVELOPMENT_API_KEY_PREFIX,
} from './development-credentials.ts';
export type { DevelopmentCredentials } from './development-credentials.ts';
export {
  ASYMMETRIC_JWS_ALGORITHMS, DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_JWKS_CACHE_MAX_AGE_MS, DEFAULT_JWKS_COOLDOWN_MS,
  DEFAULT_JWKS_TIMEOUT_MS, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS, DEFAULT_MEMBER_BINDING, DEFAULT_ROLE_CLAIM, HMAC_JWS_ALGORITHMS, MAX_CLOCK_TOLERANCE_SECONDS,
  MIN_SECRET_BYTES,
} from './options.ts';
export type { ApiKeyEntry, CallerAuthenticatorOptions, JwtAuthOptions, MemberBinding } from './options.ts';
