import { GRAPHIQL_EXAMPLES } from '../src/server/examples.ts';

/** One GraphQL operation both systems answer. */
export interface BenchQuery {
  /** Short name used in the table and the JSON result. */
  readonly name: string;
  readonly query: string;
  readonly variables?: Record<string, unknown>;
}

/**
 * 30 users, 10 meetings each, with a detail-only field (`settings`) and the host: the shape of a typical dashboard
 * and the case where per-field REST calls multiply.
 */
const USERS_MEETINGS_SETTINGS = `query UsersMeetingsSettings {
  users(first: 30) {
    nodes {
      meetings(first: 10) {
        nodes {
          topic
          host {
            email
          }
          settings {
            waitingRoom
          }
        }
      }
    }
  }
}
`;

/**
 * The README's examples (the same objects the README and GraphiQL show, kept identical by
 * test/server/examples.test.ts), then the dashboard query above.
 */
export const BENCH_QUERIES: readonly BenchQuery[] = Object.freeze([
  ...GRAPHIQL_EXAMPLES.map((example) => ({
    name: operationName(example.query),
    query: example.query,
    ...(example.variables === undefined ? {} : { variables: JSON.parse(example.variables) as Record<string, unknown> }),
  })),
  { name: 'UsersMeetingsSettings', query: USERS_MEETINGS_SETTINGS },
]);

function operationName(query: string): string {
  const match = /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(query);
  if (match?.[1] === undefined) throw new Error(`bench: an example query has no operation name:\n${query}`);
  return match[1];
}
