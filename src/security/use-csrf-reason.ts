import type { ApolloServerPlugin, BaseContext } from '@apollo/server';

/** `extensions.reason` of a request Apollo's CSRF prevention refused (its code stays `BAD_REQUEST`, HTTP 400). */
export const CSRF_PREFLIGHT_REQUIRED = 'CSRF_PREFLIGHT_REQUIRED';

/**
 * The request headers any one of which satisfies the CSRF check on a GET (or a POST that is not JSON). A POST with
 * `content-type: application/json` needs none: that content type alone forces a browser preflight.
 * @see https://www.apollographql.com/docs/apollo-server/security/cors#preventing-cross-site-request-forgery-csrf
 */
export const CSRF_PREFLIGHT_HEADERS: readonly string[] = Object.freeze(['apollo-require-preflight', 'x-apollo-operation-name']);

/**
 * Apollo refuses a GET without a preflight-forcing header (urql's default GET, graphql-request's GET) with 400
 * `BAD_REQUEST` and a sentence only a human can act on. This gives the refusal a machine-readable
 * `extensions.reason: CSRF_PREFLIGHT_REQUIRED` and `extensions.headers` (what to send), so a client or its developer
 * knows the fix without parsing English. Apollo marks the error with no class or code of its own, so it is
 * recognised by the start of Apollo's message; a test pins it (an Apollo upgrade that rewords it fails there).
 */
export function useCsrfReason<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async invalidRequestWasReceived({ error }) {
      // A GraphQLError (Apollo only calls this hook for BAD_REQUEST ones), typed here as any Error.
      const extensions = (error as { extensions?: Record<string, unknown> }).extensions;
      if (extensions?.['code'] !== 'BAD_REQUEST' || !error.message.startsWith('This operation has been blocked as a potential Cross-Site Request Forgery')) return;
      // Apollo formats this same error object next (errorResponse), copying its extensions.
      Object.assign(extensions, { reason: CSRF_PREFLIGHT_REQUIRED, headers: [...CSRF_PREFLIGHT_HEADERS] });
    },
  };
}
