import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateFirst } from '../../src/graphql/connection.ts';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

// Issue 3: `first` is 1..300, anything else is BAD_USER_INPUT before any Zoom call, however deep the list is.
// The resolvers check it only when their field runs, after the lists above it were fetched; the cost plugin checks
// every connection of the document before execution.

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

/** The message `validateFirst` gives for `value`, so the pre-execution refusal is the resolvers' own error. */
function firstMessage(value: number): string {
  try {
    validateFirst(value);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`validateFirst accepted ${value}`);
}

const NESTED = (first: string) => `{ users(first: 3) { nodes { meetings(first: ${first}) { totalCount } } } }`;

describe('an out-of-range first anywhere in the document is refused before any Zoom call', () => {
  const cases: Array<{ name: string; query: string; variables?: Record<string, unknown>; value: number }> = [
    { name: 'nested first: 301', query: NESTED('301'), value: 301 },
    { name: 'nested first: 0', query: NESTED('0'), value: 0 },
    { name: 'nested first: -1', query: NESTED('-1'), value: -1 },
    { name: 'nested first from a variable', query: 'query ($n: Int) ' + NESTED('$n'), variables: { n: 301 }, value: 301 },
    {
      name: 'two levels down, in a fragment, under edges',
      query: '{ users(first: 2) { edges { node { ...M } } } } fragment M on User { meetings(first: 1) { nodes { registrants(first: 500) { totalCount } } } }',
      value: 500,
    },
    { name: 'at the root', query: '{ users(first: -1) { totalCount } }', value: -1 },
  ];
  for (const testCase of cases) {
    it(`${testCase.name}: BAD_USER_INPUT with argument first, no Zoom call, and the next request succeeds`, async () => {
      gw.sandbox.stats.reset();
      const response = await gw.graphql(testCase.query, 'admin', testCase.variables);
      expect(gw.sandbox.stats.apiCalls()).toBe(0);
      expect(gw.sandbox.stats.tokenRequests()).toBe(0);
      // HTTP 200 like the resolver's own refusal, so the client sees one error wherever the list is.
      expect(response.status).toBe(200);
      expect(response.body.data).toBeUndefined();
      expect(response.body.errors).toHaveLength(1);
      expect(response.body.errors[0]).toMatchObject({
        message: firstMessage(testCase.value),
        extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
      });
      expect(response.body.errors[0].locations).toHaveLength(1);
      expect(Object.keys(response.body.errors[0].extensions).sort()).toEqual(['argument', 'code', 'requestId']);

      const next = await gw.graphql(NESTED('2'), 'admin');
      expect(next.status).toBe(200);
      expect(next.body.errors).toBeUndefined();
      expect(next.body.data.users.nodes).toHaveLength(3);
      expect(gw.sandbox.stats.apiCalls()).toBe(4);
    });
  }

  it('a field skipped by @skip is not checked, as execution will not run it', async () => {
    gw.sandbox.stats.reset();
    const response = await gw.graphql('query ($s: Boolean!) { users(first: 2) { nodes { id meetings(first: 301) @skip(if: $s) { totalCount } } } }', 'admin', { s: true });
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data.users.nodes).toHaveLength(2);
  });

  it('first: null and an omitted first take the default (30), as the resolvers do', async () => {
    const response = await gw.graphql('{ users(first: 2) { nodes { a: meetings(first: null) { totalCount } b: meetings { totalCount } } } }', 'admin');
    expect(response.body.errors).toBeUndefined();
  });
});
