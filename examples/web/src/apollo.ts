import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { isSubscriptionOperation } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';

/**
 * One client per signed-in token: queries and mutations over HTTP, subscriptions over graphql-ws on the same
 * `/graphql` path. The default InMemoryCache is enough: every type the app reads has an `id` unique for its type.
 */
export function createApolloClient(gatewayUrl: string, token: string, onUnauthenticated: () => void): ApolloClient {
  const authorization = `Bearer ${token}`;
  const http = new HttpLink({ uri: `${gatewayUrl}/graphql`, headers: { authorization } });
  const ws = new GraphQLWsLink(createClient({
    url: `${gatewayUrl.replace(/^http/, 'ws')}/graphql`,
    // The gateway authenticates a subscription socket from connection_init's payload.
    connectionParams: { authorization },
    // A socket the gateway closed for an expired or refused credential is not retried with the same token.
    shouldRetry: () => false,
  }));
  // The token expired or was refused: back to the sign-in form.
  const signOutOnRefusal = new ErrorLink(({ error }) => {
    const refused = (ServerError.is(error) && error.statusCode === 401)
      || (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));
    if (refused) onUnauthenticated();
  });
  const transport = ApolloLink.split(({ query }) => isSubscriptionOperation(query), ws, http);
  return new ApolloClient({ link: ApolloLink.from([signOutOnRefusal, transport]), cache: new InMemoryCache() });
}
