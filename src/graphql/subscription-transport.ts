import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';

/** The code of a subscription sent as a plain HTTP request (POST, GET, or Apollo Client's multipart accept). */
export const SUBSCRIPTION_TRANSPORT_REQUIRED = 'SUBSCRIPTION_TRANSPORT_REQUIRED';

/** The transports that do serve subscriptions, as `extensions.transports` names them for clients to switch to. */
export const SUBSCRIPTION_TRANSPORTS = Object.freeze([
  { protocol: 'graphql-transport-ws', description: 'graphql-ws over a WebSocket upgrade of GET /graphql' },
  { protocol: 'graphql-sse', description: 'graphql-sse (Server-Sent Events, distinct connections) at POST /graphql/stream' },
]);

/**
 * Refuses a subscription that arrives as a plain HTTP request with 400 `SUBSCRIPTION_TRANSPORT_REQUIRED`, naming the
 * transport to use instead, before any resolver runs. Without it graphql-js executes the subscription field once as
 * if it were a query: there is no event to resolve, so the client got HTTP 200 "Internal server error." and the
 * operator an unexpected-error log line (a plain POST, Apollo Client 4's multipart accept, or GraphiQL running a
 * subscription right after an edit all did this).
 */
export function useSubscriptionTransportCheck<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') throw transportRequired();
        },
        // A GET never reaches didResolveOperation: Apollo answers 405 "GET requests only support query operations"
        // first, which tells a client what not to do but not what to do; it gets the same answer as a POST.
        async willSendResponse({ operation, response }) {
          if (operation?.operation !== 'subscription' || response.body.kind !== 'single') return;
          const error = transportRequired();
          // Keeps what other plugins put in extensions (the request id), replacing Apollo's code.
          const extensions = response.body.singleResult.errors?.[0]?.extensions ?? {};
          response.body.singleResult.errors = [{ message: error.message, extensions: { ...extensions, code: SUBSCRIPTION_TRANSPORT_REQUIRED, transports: transportNames() } }];
          response.http.status = 400;
          response.http.headers.delete('allow');
        },
      };
    },
  };
}

function transportNames(): string[] {
  return SUBSCRIPTION_TRANSPORTS.map((transport) => transport.protocol);
}

function transportRequired(): GraphQLError {
  return new GraphQLError(
    'Subscriptions are not served over plain HTTP requests: open a WebSocket to /graphql with graphql-ws (protocol graphql-transport-ws), or use Server-Sent Events at /graphql/stream with graphql-sse, and subscribe there.',
    { extensions: { code: SUBSCRIPTION_TRANSPORT_REQUIRED, transports: transportNames(), http: { status: 400 } } },
  );
}
