import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { CallerAuthError } from './errors.ts';
import type { ResolvedJwtOptions } from './options.ts';

/** Verifies a compact JWS and returns its payload, or throws a `CallerAuthError`. */
export type JwtVerifier = (token: string, now: Date) => Promise<JWTPayload>;

/**
 * Builds the verifier once: a JWKS-backed one keeps jose's remote key set (cached for `jwksCacheMaxAgeMs`,
 * refetched for an unknown `kid` at most once per `jwksCooldownMs`, concurrent refetches shared), so a flood of
 * tokens with made-up `kid`s cannot turn into a flood of requests to the identity provider.
 */
export function createJwtVerifier(options: ResolvedJwtOptions): JwtVerifier {
  const key: JWTVerifyGetKey | Uint8Array = options.key.kind === 'jwks'
    ? createRemoteJWKSet(options.key.url, {
      cacheMaxAge: options.jwksCacheMaxAgeMs,
      cooldownDuration: options.jwksCooldownMs,
      timeoutDuration: options.jwksTimeoutMs,
      ...(options.fetch === undefined ? {} : { [customFetch]: options.fetch }),
    })
    : options.key.secret;

  return async (token, now) => {
    try {
      // `algorithms` pins the family: `none` is never accepted by jwtVerify, an HS* token is refused before any
      // key lookup when only asymmetric algorithms are configured (and vice versa), which closes algorithm confusion.
      const verifyOptions = {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: options.algorithms,
        clockTolerance: options.clockToleranceSeconds,
        currentDate: now,
        requiredClaims: ['exp', 'sub'],
      };
      const { payload } = typeof key === 'function'
        ? await jwtVerify(token, key, verifyOptions)
        : await jwtVerify(token, key, verifyOptions);
      checkTokenAge(payload, now, options);
      return payload;
    } catch (error) {
      throw toCallerAuthError(error, options.key.kind);
    }
  };
}

/**
 * What jose leaves unchecked without `maxTokenAge`: an `iat` in the future beyond the clock tolerance (a token minted
 * to outlive its key rotation or audit window), and a lifetime over `maxTokenLifetimeSeconds`. The lifetime runs from
 * `iat` to `exp`, or from now when there is no `iat`, so a token without one cannot claim a century either.
 */
function checkTokenAge(payload: JWTPayload, now: Date, options: ResolvedJwtOptions): void {
  const nowSeconds = now.getTime() / 1000;
  const tolerance = options.clockToleranceSeconds;
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + tolerance) throw new CallerAuthError('not_yet_valid', 'iat');
  const start = typeof payload.iat === 'number' ? payload.iat : nowSeconds;
  // jwtVerify required `exp` and checked it is a number.
  if ((payload.exp as number) - start > options.maxTokenLifetimeSeconds + tolerance) throw new CallerAuthError('lifetime_too_long', 'exp');
}

/**
 * Maps jose's errors to safe reasons. The jose error is dropped: claim errors carry the decoded payload.
 * With a shared secret, a non-jose error is a bug and is returned unchanged to surface as one.
 */
function toCallerAuthError(error: unknown, keyKind: 'jwks' | 'secret'): CallerAuthError | unknown {
  if (error instanceof CallerAuthError) return error;
  if (error instanceof errors.JWTExpired) return new CallerAuthError('expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    switch (error.claim) {
      case 'aud': return new CallerAuthError('wrong_audience');
      case 'iss': return new CallerAuthError('wrong_issuer');
      case 'nbf':
      case 'iat': return new CallerAuthError(error.reason === 'check_failed' ? 'not_yet_valid' : 'invalid_claims', error.claim);
      default: return new CallerAuthError('invalid_claims', error.claim);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return new CallerAuthError('algorithm_not_allowed');
  if (error instanceof errors.JWSSignatureVerificationFailed) return new CallerAuthError('bad_signature');
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) {
    return new CallerAuthError('unknown_key');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new CallerAuthError('malformed');
  // A JWK of a type that does not fit the algorithm: refused like any key mismatch.
  if (error instanceof errors.JOSENotSupported || error instanceof errors.JWKInvalid) return new CallerAuthError('unknown_key');
  if (keyKind === 'jwks') {
    // Anything else comes from reaching the JWKS: timeout, network, non-200, not JSON, not a key set.
    return new CallerAuthError('key_set_unavailable');
  }
  if (error instanceof errors.JOSEError) return new CallerAuthError('malformed');
  return error;
}
