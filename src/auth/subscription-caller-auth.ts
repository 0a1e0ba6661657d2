import type { Caller } from './caller.ts';
import type { CallerAuthenticator } from './create-caller-authenticator.ts';
import { isCallerAuthError } from './errors.ts';

interface AuthLogger {
  info(object: Record<string, unknown>, message: string): void;
}

/** What the graphql-ws seam of `createGateway` hands over at `connection_init`. */
interface Connection {
  readonly request: { readonly headers: Readonly<Record<string, string | string[] | undefined>> };
  readonly connectionParams: Readonly<Record<string, unknown>>;
}

/**
 * Authenticates a graphql-ws connection once, at `connection_init`. Browsers cannot set WebSocket headers, so the
 * credential travels in `connectionParams` as `{ authorization: "Bearer <jwt>" | "ApiKey <key>" }` or
 * `{ apiKey: "<key>" }` (or `{ "x-api-key": "<key>" }`, as GraphiQL sends its headers panel; names are
 * case-insensitive); a client that sends neither may use the upgrade request's own headers. Resolves with
 * `{ caller }` for every operation's context; a refusal throws the `CallerAuthError` (its code, not the
 * credential, is logged) and the connection is closed.
 */
export function createSubscriptionAuthenticator(
  authenticator: CallerAuthenticator,
  logger?: AuthLogger,
): (connection: Connection) => Promise<{ caller: Caller }> {
  return async ({ request, connectionParams }) => {
    const param = (...names: string[]): unknown => {
      const wanted = new Set(names.map((name) => name.toLowerCase()));
      return Object.entries(connectionParams).find(([name]) => wanted.has(name.toLowerCase()))?.[1];
    };
    const authorization = param('authorization');
    // GraphiQL sends its headers panel as connectionParams, so a key typed there arrives as `x-api-key`.
    const apiKey = param('apiKey', 'x-api-key');
    const fromParams = typeof authorization === 'string' || typeof apiKey === 'string';
    const headers = fromParams
      ? {
          ...(typeof authorization === 'string' ? { authorization } : {}),
          ...(typeof apiKey === 'string' ? { 'x-api-key': apiKey } : {}),
        }
      : { authorization: request.headers['authorization'], 'x-api-key': request.headers['x-api-key'] };
    try {
      return { caller: await authenticator.authenticate({ headers }) };
    } catch (error) {
      if (isCallerAuthError(error)) logger?.info({ reason: error.reason, detail: error.detail }, 'subscription caller refused');
      throw error;
    }
  };
}
