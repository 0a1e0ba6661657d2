import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';

/**
 * Sets the HTTP `Retry-After` header (RFC 9110 §10.2.3, in seconds) on an answer carrying `RATE_LIMITED` errors, from
 * the latest of their `extensions.retryAt`: the moment every refused field could be asked for again. Browser apps
 * and HTTP libraries (ky, got, Apollo's RetryLink with a custom delay) read the header without parsing GraphQL
 * errors; `extensions.retryAt` stays the precise value. The status stays 200: a GraphQL answer with errors may still
 * carry data, and the refusal belongs to fields, not to the request.
 */
export function useRetryAfter<TContext extends BaseContext>(now: () => number = Date.now): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const seconds = retryAfterSeconds(response.body.singleResult.errors, now());
          if (seconds !== undefined) response.http.headers.set('retry-after', String(seconds));
        },
      };
    },
  };
}

/** Whole seconds until the latest `retryAt` of the `RATE_LIMITED` errors, at least 1; undefined when there are none. */
export function retryAfterSeconds(errors: readonly GraphQLFormattedError[] | undefined, now: number): number | undefined {
  let latest: number | undefined;
  for (const error of errors ?? []) {
    if (error.extensions?.['code'] !== 'RATE_LIMITED') continue;
    const retryAt = error.extensions['retryAt'];
    const at = typeof retryAt === 'string' ? Date.parse(retryAt) : Number.NaN;
    // A RATE_LIMITED without a usable retryAt still deserves a hint: one second, the window of Zoom's QPS limits.
    const candidate = Number.isNaN(at) ? now + 1_000 : at;
    latest = latest === undefined ? candidate : Math.max(latest, candidate);
  }
  return latest === undefined ? undefined : Math.max(1, Math.ceil((latest - now) / 1_000));
}
