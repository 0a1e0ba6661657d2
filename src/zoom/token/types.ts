/** A bearer token for the Zoom REST API. */
export interface AccessToken {
  /** The bearer value. Secret: never log it or put it into an error. */
  readonly value: string;
  /** When the token stops being valid, in epoch milliseconds. */
  readonly expiresAt: number;
  /**
   * The REST base URL this token must be used with (including `/v2`), when the token endpoint named one and the
   * provider was allowed to honour it (regional clouds); otherwise absent and the client's configured URL applies.
   */
  readonly apiUrl?: string;
  /** The scopes Zoom granted with the token (S2S OAuth's `scope`), when the token endpoint said; JWTs carry none. */
  readonly scopes?: readonly string[];
}

/**
 * Where the client gets its bearer token. Implementations cache and refresh on their own, and make concurrent
 * `getToken()` calls share one fetch. Failures are `ZoomError`s (`UNAUTHORIZED` when credentials are refused).
 */
export interface TokenProvider {
  /** Resolves with a token that is valid for at least the provider's refresh margin. */
  getToken(): Promise<AccessToken>;
  /**
   * Zoom refused `tokenValue` (a 401): forget it so the next `getToken()` gets a fresh one. Does nothing when the
   * cached token is already a different one (another call refreshed first), so one stale 401 cannot discard a
   * fresh token.
   */
  invalidate(tokenValue: string): void;
}
