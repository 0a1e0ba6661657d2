import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecuredGateway, TEST_KEYS, type SecuredGateway } from '../security/secured-gateway.ts';

let gw: SecuredGateway;
beforeAll(async () => {
  gw = await startSecuredGateway();
});
afterAll(async () => {
  await gw?.close();
});

const QUERY = 'query ApqUsers { users(first: 2) { totalCount nodes { id } } }';
const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(QUERY).digest('hex') };

/**
 * Apollo Client's automatic persisted queries (createPersistedQueryLink) as it runs them: the hash alone first, the
 * query with its hash once after PERSISTED_QUERY_NOT_FOUND, then the hash alone, also as a GET (useGETForHashedQueries).
 * Apollo Server keeps the registered queries in memory per instance; docs/frontend.md documents it.
 */
describe('automatic persisted queries (APQ)', () => {
  it('asks for an unknown hash, registers the query with its hash, then serves the hash alone over POST and GET', async () => {
    const unknown = await gw.post({ extensions: { persistedQuery } }, { 'x-api-key': TEST_KEYS.admin });
    expect(unknown.status).toBe(200);
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.body.data).toBeUndefined();

    const registered = await gw.post({ query: QUERY, extensions: { persistedQuery } }, { 'x-api-key': TEST_KEYS.admin });
    expect(registered.status).toBe(200);
    expect(registered.body.errors).toBeUndefined();
    const answer = registered.body.data;
    expect(answer.users.nodes).toHaveLength(2);

    const byHash = await gw.post({ extensions: { persistedQuery } }, { 'x-api-key': TEST_KEYS.admin });
    expect(byHash.status).toBe(200);
    expect(byHash.body.errors).toBeUndefined();
    expect(byHash.body.data).toEqual(answer);
    // The stored query goes through the same plugins: its cost is estimated and reported as for a full query.
    expect(byHash.body.extensions?.cost?.budget).toBeDefined();

    const get = await fetch(`${gw.url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery }))}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true', 'x-api-key': TEST_KEYS.admin },
    });
    expect(get.status).toBe(200);
    expect(((await get.json()) as { data?: unknown }).data).toEqual(answer);

    // A hash that does not match the query sent with it is refused, never stored under the wrong hash.
    const mismatch = await gw.post({ query: '{ me { id } }', extensions: { persistedQuery } }, { 'x-api-key': TEST_KEYS.admin });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors[0].message).toBe('provided sha does not match query');
  });
});
