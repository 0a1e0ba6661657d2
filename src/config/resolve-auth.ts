import type { ConfigIssue } from './define.ts';
import { CONFIG_DEFAULTS } from './defaults.ts';
import type { ConfigValues, ConfigVariableName } from './table.ts';
import type { ZoomAuthConfig } from './types.ts';

export const S2S_VARIABLES = ['ZOOM_ACCOUNT_ID', 'ZOOM_CLIENT_ID', 'ZOOM_CLIENT_SECRET'] as const;
export const JWT_VARIABLES = ['ZOOM_API_KEY', 'ZOOM_API_SECRET'] as const;

/**
 * Picks the credential set. Half a set is an error naming what is missing. Both sets at once is an error too:
 * which one the operator meant is a guess we refuse to make (a leftover JWT key next to a new S2S app is the
 * usual cause; JWT apps were retired on 2023-09-08, so remove it).
 */
export function resolveAuth(present: Set<ConfigVariableName>, values: ConfigValues, issues: ConfigIssue[]): ZoomAuthConfig | null {
  const s2sGiven = S2S_VARIABLES.filter((name) => present.has(name));
  const jwtGiven = JWT_VARIABLES.filter((name) => present.has(name));
  let complete = true;
  for (const [given, all, label] of [
    [s2sGiven, S2S_VARIABLES, 'Server-to-Server OAuth'],
    [jwtGiven, JWT_VARIABLES, 'legacy JWT'],
  ] as const) {
    if (given.length > 0 && given.length < all.length) {
      complete = false;
      const missing = all.filter((name) => !present.has(name));
      issues.push({
        variables: missing,
        message: `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set, and ${label} needs all of ${all.join(', ')}. Set the missing ${missing.length === 1 ? 'one' : 'ones'} or unset the others.`,
      });
    }
  }
  if (s2sGiven.length > 0 && jwtGiven.length > 0) {
    issues.push({
      variables: [...s2sGiven, ...jwtGiven],
      message: `Both Server-to-Server OAuth (${s2sGiven.join(', ')}) and legacy JWT (${jwtGiven.join(', ')}) credentials are set. Keep one set: Server-to-Server OAuth is Zoom's current method.`,
    });
    return null;
  }
  if (!complete) return null;
  if (values.ZOOM_ACCOUNT_ID && values.ZOOM_CLIENT_ID && values.ZOOM_CLIENT_SECRET) {
    return { kind: 's2s', accountId: values.ZOOM_ACCOUNT_ID, clientId: values.ZOOM_CLIENT_ID, clientSecret: values.ZOOM_CLIENT_SECRET };
  }
  if (values.ZOOM_API_KEY && values.ZOOM_API_SECRET) {
    return {
      kind: 'jwt',
      apiKey: values.ZOOM_API_KEY,
      apiSecret: values.ZOOM_API_SECRET,
      tokenTtlSeconds: values.ZOOM_JWT_TTL_SECONDS ?? CONFIG_DEFAULTS.jwtTokenTtlSeconds,
    };
  }
  return null;
}
