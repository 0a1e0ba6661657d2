/** The two caller roles. `admin` may act on the whole Zoom account; `member` only on its own Zoom user. */
export type CallerRole = 'admin' | 'member';

export const CALLER_ROLES: readonly CallerRole[] = ['admin', 'member'];

/**
 * Who is asking, as established by `createCallerAuthenticator`. Built once per request and kept in the context.
 *
 * A `member` always carries at least one of `zoomUserId` / `email`: the Zoom user it is bound to (a Zoom
 * `userId` path parameter accepts either). An `admin` may carry them for display only.
 */
export interface Caller {
  readonly kind: 'jwt' | 'api-key';
  readonly role: CallerRole;
  /** The JWT `sub` claim, or the API key's configured name. Safe to log. */
  readonly subject: string;
  readonly zoomUserId?: string;
  readonly email?: string;
  readonly name?: string;
  /**
   * For a JWT caller: when the credential stops authenticating, in epoch milliseconds (its `exp` plus the configured
   * clock tolerance, the same instant `jwtVerify` starts refusing it). Long-lived transports (graphql-ws, SSE) end
   * at it, so a subscription never outlives the token that opened it. Absent for API keys, which do not expire.
   */
  readonly expiresAt?: number;
}

export function isCallerRole(value: unknown): value is CallerRole {
  return value === 'admin' || value === 'member';
}
