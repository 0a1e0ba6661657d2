/**
 * Why a caller was refused. Each reason is safe to show to the client: it names what was wrong, never the
 * token or key itself.
 *
 * - `missing`: no `Authorization` or `x-api-key` header.
 * - `malformed`: a header that is not `Bearer <jwt>` / `ApiKey <key>`, both kinds at once, or a token that is not a JWS.
 * - `expired`: `exp` is in the past (beyond the clock tolerance).
 * - `not_yet_valid`: `nbf` or `iat` is in the future (beyond the clock tolerance).
 * - `lifetime_too_long`: `exp` lies further from `iat` (or, without `iat`, from now) than the maximum token lifetime.
 * - `bad_signature`: the signature does not verify against the key.
 * - `algorithm_not_allowed`: the token's `alg` is not one of the configured algorithms (covers `none` and confusion).
 * - `wrong_audience` / `wrong_issuer`: `aud` / `iss` missing or not the configured value.
 * - `unknown_key`: no key in the JWKS matches the token's `kid`/`alg`.
 * - `invalid_claims`: a required claim is missing or has an unexpected value (`sub`, the role, the member binding).
 * - `unknown_api_key`: the API key matches none configured.
 * - `not_configured`: the credential kind is not enabled (e.g. a JWT when only API keys are configured).
 * - `key_set_unavailable`: the JWKS endpoint could not be read (network, timeout, non-200, not a JWKS).
 */
export type CallerAuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'expired'
  | 'not_yet_valid'
  | 'lifetime_too_long'
  | 'bad_signature'
  | 'algorithm_not_allowed'
  | 'wrong_audience'
  | 'wrong_issuer'
  | 'unknown_key'
  | 'invalid_claims'
  | 'unknown_api_key'
  | 'not_configured'
  | 'key_set_unavailable';

const MESSAGES: Record<CallerAuthFailureReason, string> = {
  missing: 'Authentication required: send "Authorization: Bearer <jwt>" or "x-api-key: <key>".',
  malformed: 'The credentials are malformed.',
  expired: 'The token has expired.',
  not_yet_valid: 'The token is not valid yet.',
  lifetime_too_long: 'The token lives longer than this gateway accepts.',
  bad_signature: 'The token signature is invalid.',
  algorithm_not_allowed: 'The token signing algorithm is not allowed.',
  wrong_audience: 'The token audience is not accepted.',
  wrong_issuer: 'The token issuer is not accepted.',
  unknown_key: 'The token was signed with an unknown key.',
  invalid_claims: 'The token claims are invalid.',
  unknown_api_key: 'The API key is not recognised.',
  not_configured: 'This kind of credential is not accepted by this gateway.',
  key_set_unavailable: 'The token could not be verified right now.',
};

/**
 * The one error `authenticate` throws. `code` is always `UNAUTHENTICATED` (HTTP 401); `reason` says why.
 * Its message is fixed per reason, so it can never echo a credential; there is deliberately no `cause`,
 * because library errors may carry the decoded token payload.
 */
export class CallerAuthError extends Error {
  override readonly name = 'CallerAuthError';
  readonly code = 'UNAUTHENTICATED' as const;
  readonly reason: CallerAuthFailureReason;
  /** Detail for operators (e.g. which claim failed); never a credential. */
  readonly detail?: string;

  constructor(reason: CallerAuthFailureReason, detail?: string) {
    super(MESSAGES[reason]);
    this.reason = reason;
    this.detail = detail;
  }

  /** What a client may see, e.g. as GraphQL `extensions`. */
  toJSON(): { code: 'UNAUTHENTICATED'; reason: CallerAuthFailureReason; message: string } {
    return { code: this.code, reason: this.reason, message: this.message };
  }
}

export function isCallerAuthError(error: unknown): error is CallerAuthError {
  return error instanceof CallerAuthError;
}
