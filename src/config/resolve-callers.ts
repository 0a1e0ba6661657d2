import { resolveCallerAuthOptions, type JwtAuthOptions } from '../auth/options.ts';
import type { ConfigIssue } from './define.ts';
import type { ConfigValues, ConfigVariableName } from './table.ts';
import type { CallerConfig } from './types.ts';

const JWT_KEY_VARIABLES = ['CALLER_JWT_JWKS_URL', 'CALLER_JWT_SECRET'] as const;
const JWT_DETAIL_VARIABLES = [
  'CALLER_JWT_ISSUER', 'CALLER_JWT_AUDIENCE', 'CALLER_JWT_ALGORITHMS', 'CALLER_JWT_CLOCK_TOLERANCE_SECONDS', 'CALLER_JWT_MAX_LIFETIME_SECONDS',
  'CALLER_JWT_ROLE_CLAIM', 'CALLER_JWT_MEMBER_CLAIM', 'CALLER_JWT_MEMBER_CLAIM_TYPE',
] as const;

/**
 * The callers: API keys and JWT settings, checked exactly as `createCallerAuthenticator` will check them, so a
 * bad combination stops the process here with the variable named instead of at the first request.
 */
export function resolveCallers(present: Set<ConfigVariableName>, values: ConfigValues, issues: ConfigIssue[]): CallerConfig {
  const apiKeys = values.CALLER_API_KEYS ?? [];
  const keysGiven = JWT_KEY_VARIABLES.filter((name) => present.has(name));
  const detailsGiven = JWT_DETAIL_VARIABLES.filter((name) => present.has(name));
  let jwt: JwtAuthOptions | null = null;
  if (keysGiven.length === 2) {
    issues.push({
      variables: [...keysGiven],
      message: 'Both CALLER_JWT_JWKS_URL and CALLER_JWT_SECRET are set. Caller JWTs are verified either with your identity provider\'s JWKS or with a shared secret: keep one.',
    });
  } else if (keysGiven.length === 0 && detailsGiven.length > 0) {
    issues.push({
      variables: [...detailsGiven, ...JWT_KEY_VARIABLES],
      message: `${detailsGiven.join(', ')} ${detailsGiven.length === 1 ? 'is' : 'are'} set but neither CALLER_JWT_JWKS_URL nor CALLER_JWT_SECRET is, so no JWT could be verified. Set one of them, or unset ${detailsGiven.length === 1 ? 'it' : 'them'}.`,
    });
  } else if (keysGiven.length === 1) {
    const missing = (['CALLER_JWT_ISSUER', 'CALLER_JWT_AUDIENCE'] as const).filter((name) => !present.has(name));
    if (missing.length > 0) {
      issues.push({
        variables: missing,
        message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: caller JWTs are only accepted with a pinned issuer and audience. Example: CALLER_JWT_ISSUER=https://login.example.com/ CALLER_JWT_AUDIENCE=zoom-graphql-gateway`,
      });
    } else {
      jwt = {
        ...(values.CALLER_JWT_JWKS_URL === undefined ? {} : { jwksUrl: values.CALLER_JWT_JWKS_URL }),
        ...(values.CALLER_JWT_SECRET === undefined ? {} : { secret: values.CALLER_JWT_SECRET }),
        issuer: values.CALLER_JWT_ISSUER!,
        audience: values.CALLER_JWT_AUDIENCE!,
        ...(values.CALLER_JWT_ALGORITHMS === undefined ? {} : { algorithms: values.CALLER_JWT_ALGORITHMS }),
        ...(values.CALLER_JWT_CLOCK_TOLERANCE_SECONDS === undefined ? {} : { clockToleranceSeconds: values.CALLER_JWT_CLOCK_TOLERANCE_SECONDS }),
        ...(values.CALLER_JWT_MAX_LIFETIME_SECONDS === undefined ? {} : { maxTokenLifetimeSeconds: values.CALLER_JWT_MAX_LIFETIME_SECONDS }),
        ...(values.CALLER_JWT_ROLE_CLAIM === undefined ? {} : { roleClaim: values.CALLER_JWT_ROLE_CLAIM }),
        memberBinding: {
          claim: values.CALLER_JWT_MEMBER_CLAIM ?? 'email',
          as: values.CALLER_JWT_MEMBER_CLAIM_TYPE === 'zoom_user_id' ? 'zoomUserId' : 'email',
        },
      };
    }
  }
  if (jwt !== null || apiKeys.length > 0) {
    try {
      resolveCallerAuthOptions({ ...(jwt === null ? {} : { jwt }), apiKeys });
    } catch (error) {
      // The authenticator's messages name the option and never a secret; map the option back to its variable.
      const message = (error as Error).message.replace(/^createCallerAuthenticator: /, '');
      const variables = message.startsWith('apiKeys') ? ['CALLER_API_KEYS'] : [...keysGiven, ...detailsGiven];
      issues.push({ variables, message: `${variables.join(', ')}: ${message}` });
      return { apiKeys: [], jwt: null };
    }
  }
  return { apiKeys, jwt };
}
