import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from './caller.ts';
import type { CallerAuthenticator } from './create-caller-authenticator.ts';
import { isCallerAuthError } from './errors.ts';

/** The subset of a pino logger used here. */
interface AuthLogger {
  info(object: Record<string, unknown>, message: string): void;
}

export interface HttpCallerAuthOptions {
  /** Requests that pass unauthenticated, e.g. the playground page or a WebSocket upgrade authenticated later. */
  readonly skip?: (request: FastifyRequest) => boolean;
  readonly logger?: AuthLogger;
}

export interface HttpCallerAuth {
  /** A fastify `onRequest` hook: authenticates before the body is read and answers 401 on failure. */
  onRequest(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** The caller the hook established for this request. */
  callerOf(request: FastifyRequest): Caller | undefined;
}

/** The body of a refused request: GraphQL-over-HTTP shaped, so GraphQL clients show it like any error. */
export interface UnauthenticatedBody {
  errors: [{ message: string; extensions: { code: 'UNAUTHENTICATED'; reason: string } }];
}

/**
 * Authenticates HTTP requests to the GraphQL endpoint before fastify reads their body, so an anonymous request
 * costs no parsing and no Zoom call. Failures answer HTTP 401 with `extensions.code: UNAUTHENTICATED` and the
 * `reason` (never the credential) and log the reason and detail at info level.
 */
export function createHttpCallerAuth(authenticator: CallerAuthenticator, options: HttpCallerAuthOptions = {}): HttpCallerAuth {
  const callers = new WeakMap<FastifyRequest, Caller>();
  return {
    async onRequest(request, reply) {
      if (options.skip?.(request) === true) return;
      try {
        callers.set(request, await authenticator.authenticate({ headers: request.headers }));
      } catch (error) {
        if (!isCallerAuthError(error)) throw error;
        options.logger?.info({ reason: error.reason, detail: error.detail }, 'caller refused');
        const body: UnauthenticatedBody = {
          errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED', reason: error.reason } }],
        };
        // RFC 9110 §11.6.1: a 401 names the schemes that would work.
        await reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="zoom-graphql-gateway", ApiKey realm="zoom-graphql-gateway"')
          .header('cache-control', 'no-store')
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(body));
      }
    },
    callerOf: (request) => callers.get(request),
  };
}
