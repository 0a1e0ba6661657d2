import { ZOOM_OPERATIONS, type ZoomOperation, type ZoomOperationId } from './operations.ts';

/**
 * OAuth scopes: what the token grants (the token response's `scope`, ONE space-separated string), what each
 * operation needs (its spec's `security.openapi_oauth` list, any one of which suffices), and what Zoom names when it
 * refuses a call for want of one (code 4711, "Invalid access token, does not contain scopes:[a, b].").
 * @see https://developers.zoom.us/docs/integrations/oauth-scopes-overview/
 * @see https://developers.zoom.us/docs/integrations/oauth-error-messages/
 */

/** The scopes of a token response's `scope` string; `undefined` when the response carried none. */
export function parseScopeString(scope: string | undefined): readonly string[] | undefined {
  if (scope === undefined) return undefined;
  return Object.freeze([...new Set(scope.split(/\s+/).filter((s) => s !== ''))]);
}

/** Zoom's code for a token that lacks the scopes an operation needs. */
export const ZOOM_SCOPE_MISSING_CODE = 4711;

/**
 * The scope names a refusal lists, from Zoom's message `Invalid access token, does not contain scopes:[a, b].`
 * (any one of them would have done); empty when the message names none.
 */
export function scopesFromRefusal(message: string | undefined): string[] {
  const match = /does not contain scopes?\s*:?\s*\[([^\]]*)\]/i.exec(message ?? '');
  if (!match?.[1]) return [];
  return match[1].split(',').map((s) => s.trim()).filter((s) => SCOPE_NAME.test(s));
}

/** Whether Zoom's answer refuses the call for a missing scope: code 4711, or any code whose message says so. */
export function isScopeRefusal(zoomCode: number | undefined, message: string | undefined): boolean {
  return zoomCode === ZOOM_SCOPE_MISSING_CODE || /does not contain scopes?/i.test(message ?? '');
}

/** A scope name as Zoom spells them (`recording:read:admin`, `meeting:read:list_past_instances:admin`). */
const SCOPE_NAME = /^[a-z][a-z0-9_]*(?::[a-z0-9_]+){1,4}$/;

/**
 * Whether `granted` satisfies an operation that needs any one of `anyOf`. An `:admin` scope covers its user-level
 * form (`recording:read:admin` reads every user's recordings, `recording:read` only the caller's): the spec lists
 * `recording:read` alone for GET /meetings/{meetingId}/recordings, which a Server-to-Server app (admin scopes only)
 * calls with `recording:read:admin`.
 */
export function satisfies(granted: ReadonlySet<string>, anyOf: readonly string[]): boolean {
  return anyOf.some((scope) => granted.has(scope) || granted.has(`${scope}:admin`));
}

/**
 * Whether a scope set is in Zoom's classic form (`resource:action[:admin]`), the form the 2023-10 spec names.
 * Apps created since 2024 get granular scopes (`meeting:read:list_past_instances:admin`) that the spec does not map
 * to operations, so they cannot be compared here.
 */
export function isClassicScopeSet(granted: readonly string[]): boolean {
  return granted.every((scope) => /^[a-z_]+:[a-z_]+(?::admin)?$/.test(scope));
}

/** One scope the granted set lacks, with the operations that need it. */
export interface MissingScope {
  /** The scope to add (the `:admin` form for an S2S app when the spec lists one). */
  scope: string;
  operations: ZoomOperationId[];
}

/**
 * The scopes `granted` lacks for `operations` (default: every operation the gateway calls), one entry per scope to
 * add, sorted by name.
 */
export function missingScopes(
  granted: readonly string[],
  operations: readonly ZoomOperationId[] = Object.keys(ZOOM_OPERATIONS) as ZoomOperationId[],
): MissingScope[] {
  const set = new Set(granted);
  const byScope = new Map<string, ZoomOperationId[]>();
  for (const id of operations) {
    const op: ZoomOperation = ZOOM_OPERATIONS[id];
    if (satisfies(set, op.scopes)) continue;
    const first = op.scopes[0] ?? 'unknown';
    const wanted = first.endsWith(':admin') ? first : `${first}:admin`;
    byScope.set(wanted, [...(byScope.get(wanted) ?? []), id]);
  }
  return [...byScope].sort(([a], [b]) => (a < b ? -1 : 1)).map(([scope, ops]) => ({ scope, operations: ops }));
}
