import { createRequire } from 'node:module';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHardening, DEFAULT_QUERY_LIMITS, GENERIC_LIMIT_MESSAGE, toHttpRequestErrorResponse } from '../../src/security/index.ts';

// Vitest resolves `graphql` to its ESM build for our sources but Node loads the CJS build for @apollo/server:
// two instances that refuse each other's schemas and errors. Pin one instance.
vi.mock('graphql', () => createRequire(import.meta.url)('graphql'));

/** Resolver invocations that would be Zoom calls in the gateway: every refused request must leave this at 0. */
let upstreamCalls = 0;

function testSchema(): GraphQLSchema {
  const schema = buildSchema(`
    type Query { user(id: ID!): User, users(first: Int = 30): [User!]! }
    type User { id: ID!, email: String, meetings(first: Int = 30): [Meeting!]! }
    type Meeting { id: ID!, topic: String, host: User! }
    input MeetingInput { topic: String! }
    type Mutation { createMeeting(input: MeetingInput!): Meeting! }
  `);
  const user = (id: string) => ({ id, email: `${id}@example.test` });
  const fields = (type: string) => (schema.getType(type) as unknown as { getFields(): Record<string, { resolve?: unknown }> }).getFields();
  fields('Query')['user']!.resolve = (_: unknown, args: { id: string }) => { upstreamCalls += 1; return user(args.id); };
  fields('Query')['users']!.resolve = () => { upstreamCalls += 1; return [user('u1')]; };
  fields('User')['meetings']!.resolve = () => { upstreamCalls += 1; return [{ id: 'm1', topic: 'Standup' }]; };
  fields('Meeting')['host']!.resolve = () => { upstreamCalls += 1; return user('host'); };
  fields('Mutation')['createMeeting']!.resolve = (_: unknown, args: { input: { topic: string } }) => { upstreamCalls += 1; return { id: 'm2', topic: args.input.topic }; };
  return schema;
}

interface TestServer { app: FastifyInstance; url: string }

async function startServer(isProduction: boolean): Promise<TestServer> {
  const hardening = createHardening({ isProduction });
  const app = Fastify({ bodyLimit: hardening.bodyLimitBytes });
  app.setErrorHandler((error, _request, reply) => {
    const refusal = toHttpRequestErrorResponse(error);
    if (refusal === undefined) throw error;
    return reply.code(refusal.statusCode).send(refusal.body);
  });
  const apollo = new ApolloServer({
    schema: testSchema(),
    ...hardening.apolloOptions,
    plugins: [...hardening.plugins, fastifyApolloDrainPlugin(app)],
    validationRules: hardening.validationRules,
  });
  await apollo.start();
  await app.register(fastifyApollo(apollo), { path: '/graphql' });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url: `${address}/graphql` };
}

let production: TestServer;
let development: TestServer;

beforeAll(async () => {
  [production, development] = await Promise.all([startServer(true), startServer(false)]);
});

afterAll(async () => {
  await Promise.all([production.app.close(), development.app.close()]);
});

beforeEach(() => {
  upstreamCalls = 0;
});

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

async function post(server: TestServer, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(server.url, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const text = await response.text();
  let json: GraphQLBody | undefined;
  try {
    json = JSON.parse(text) as GraphQLBody;
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

const query = (server: TestServer, source: string, variables?: Record<string, unknown>) => post(server, { query: source, variables });

/** The next valid request still works, and only it reached the upstream. */
async function expectHealthyAfterwards(server: TestServer) {
  expect(upstreamCalls).toBe(0);
  const next = await query(server, '{ user(id: "u1") { email } }');
  expect(next.status).toBe(200);
  expect(next.json?.data).toEqual({ user: { email: 'u1@example.test' } });
  expect(upstreamCalls).toBe(1);
}

function nested(depth: number): string {
  // user > meetings > host > meetings > host ... : `depth` field levels in all.
  let selection = 'id';
  for (let level = depth - 2; level >= 1; level -= 1) {
    selection = level % 2 === 1 ? `meetings { ${selection} }` : `host { ${selection} }`;
  }
  return `{ user(id: "u1") { ${selection} } }`;
}

describe('createHardening', () => {
  it('refuses depth 20 with a stable code; the limit shows only outside production', async () => {
    const prod = await query(production, nested(20));
    expect(prod.status).toBe(400);
    expect(prod.json?.errors?.[0]).toMatchObject({
      message: GENERIC_LIMIT_MESSAGE,
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'MAX_DEPTH_EXCEEDED' },
    });
    expect(prod.text).not.toMatch(/\b10\b|\b20\b/);
    const dev = await query(development, nested(20));
    expect(dev.json?.errors?.[0]?.message).toBe(`Query depth limit of ${DEFAULT_QUERY_LIMITS.maxDepth} exceeded, found 20.`);
    await expectHealthyAfterwards(production);
    expect((await query(production, nested(DEFAULT_QUERY_LIMITS.maxDepth))).json?.errors).toBeUndefined();
  });

  it('counts depth through fragments, including one named __schema (even where introspection is exempt)', async () => {
    const deep = nested(20).slice(1, -1);
    const trick = `query { ...__schema } fragment __schema on Query { ${deep} }`;
    for (const server of [production, development]) {
      const response = await query(server, trick);
      expect(response.json?.errors?.[0]?.extensions).toMatchObject({ validationErrorCode: 'MAX_DEPTH_EXCEEDED' });
    }
    const inline = `query { ... on Query { ...A } } fragment A on Query { ... on Query { ${deep} } }`;
    expect((await query(production, inline)).json?.errors?.[0]?.extensions).toMatchObject({ validationErrorCode: 'MAX_DEPTH_EXCEEDED' });
    await expectHealthyAfterwards(development);
  });

  it('refuses 100 aliases of one field, also when hidden in a fragment', async () => {
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: user(id: "u${i}") { id }`).join(' ');
    const direct = await query(production, `{ ${aliases} }`);
    expect(direct.status).toBe(400);
    expect(direct.json?.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'MAX_ALIASES_EXCEEDED' });
    const viaFragment = await query(production, `{ ...F } fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `a${i}: users { id }`).join(' ')} }`);
    expect(viaFragment.json?.errors?.[0]?.extensions).toMatchObject({ validationErrorCode: 'MAX_ALIASES_EXCEEDED' });
    await expectHealthyAfterwards(production);
  });

  it('refuses 10,000 __typename at the token limit, before validation', async () => {
    const flood = await query(production, `{ ${'__typename '.repeat(10_000)}}`);
    expect(flood.status).toBe(400);
    expect(flood.json?.errors?.[0]).toMatchObject({
      message: GENERIC_LIMIT_MESSAGE,
      extensions: { code: 'GRAPHQL_PARSE_FAILED', validationErrorCode: 'MAX_TOKENS_EXCEEDED' },
    });
    const dev = await query(development, `{ ${'__typename '.repeat(10_000)}}`);
    expect(dev.json?.errors?.[0]?.message).toMatch(/more tha[nt] 2000 tokens/);
    await expectHealthyAfterwards(production);
  });

  it('refuses too many directives', async () => {
    const selections = 'id @include(if: true) '.repeat(DEFAULT_QUERY_LIMITS.maxDirectives + 1);
    const response = await query(production, `{ user(id: "u1") { ${selections} } }`);
    expect(response.json?.errors?.[0]?.extensions).toMatchObject({ validationErrorCode: 'MAX_DIRECTIVES_EXCEEDED' });
    await expectHealthyAfterwards(production);
  });

  it('refuses circular fragments', async () => {
    const response = await query(production, '{ ...A } fragment A on Query { user(id: "1") { ...B } } fragment B on User { meetings { host { ...B } } }');
    expect(response.status).toBe(400);
    expect(response.json?.errors?.map((error) => error.extensions?.['code'])).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(response.json?.errors?.some((error) => /Cannot spread fragment "B" within itself/.test(error.message))).toBe(true);
    const pair = await query(production, '{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }');
    expect(pair.status).toBe(400);
    expect(pair.json?.errors?.[0]?.extensions?.['code']).toBe('GRAPHQL_VALIDATION_FAILED');
    await expectHealthyAfterwards(production);
  });

  it('gives no field suggestions in production, in validation or in variable coercion', async () => {
    const misspelled = await query(production, '{ user(id: "u1") { emial } }');
    expect(misspelled.status).toBe(400);
    expect(misspelled.json?.errors?.[0]?.message).toBe('Cannot query field "emial" on type "User".');
    expect(misspelled.text).not.toMatch(/Did you mean/);
    const variables = await query(production, 'mutation ($input: MeetingInput!) { createMeeting(input: $input) { id } }', { input: { topic: 'x', topc: 'y' } });
    expect(variables.json?.errors?.[0]?.message).toMatch(/Field "topc" is not defined by type "MeetingInput"\.$/);
    expect(variables.text).not.toMatch(/Did you mean/);
    // Development keeps them: they help while writing queries.
    expect((await query(development, '{ user(id: "u1") { emial } }')).text).toMatch(/Did you mean \\"email\\"\?/);
    await expectHealthyAfterwards(production);
  });

  it('turns introspection off in production only', async () => {
    const prod = await query(production, '{ __schema { queryType { name } } }');
    expect(prod.status).toBe(400);
    expect(prod.json?.errors?.[0]?.extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' });
    const dev = await query(development, '{ __schema { queryType { name } } }');
    expect(dev.json?.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    await expectHealthyAfterwards(production);
  });

  it('refuses batched operations, text/plain posts, GET mutations and invalid JSON', async () => {
    const batch = await post(production, Array.from({ length: 10 }, () => ({ query: '{ user(id: "u1") { id } }' })));
    expect(batch.status).toBe(400);
    expect(batch.json?.errors?.[0]).toEqual({ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } });
    const plain = await post(production, JSON.stringify({ query: '{ user(id: "u1") { id } }' }), { 'content-type': 'text/plain' });
    expect(plain.status).toBe(400);
    expect(plain.json?.errors?.[0]?.extensions?.['code']).toBe('BAD_REQUEST');
    expect(plain.json?.errors?.[0]?.message).toMatch(/Cross-Site Request Forgery/);
    const getMutation = await fetch(`${production.url}?query=${encodeURIComponent('mutation { createMeeting(input: { topic: "x" }) { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(getMutation.status).toBe(405);
    const invalid = await post(production, '{"query": ');
    expect(invalid.status).toBe(400);
    expect(invalid.json).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_REQUEST' } }] });
    const xml = await post(production, '<query/>', { 'content-type': 'application/xml' });
    expect(xml.status).toBe(415);
    expect(xml.json?.errors?.[0]?.extensions?.['code']).toBe('UNSUPPORTED_MEDIA_TYPE');
    await expectHealthyAfterwards(production);
  });

  it('refuses bodies over the limit: a 2 MB query and a 10 MB variable', async () => {
    const bigQuery = await query(production, `{ user(id: "u1") { id } } # ${'x'.repeat(2 * 1024 * 1024)}`);
    expect(bigQuery.status).toBe(413);
    expect(bigQuery.json?.errors?.[0]?.extensions?.['code']).toBe('PAYLOAD_TOO_LARGE');
    const bigVariable = await query(production, 'query ($id: ID!) { user(id: $id) { id } }', { id: 'y'.repeat(10 * 1024 * 1024) });
    expect(bigVariable.status).toBe(413);
    expect(bigVariable.text).not.toContain('yyyy');
    await expectHealthyAfterwards(production);
  });

  it('never sends a stack trace', async () => {
    const response = await query(production, nested(20));
    expect(response.text).not.toMatch(/stacktrace|\.ts:\d+|at [A-Za-z]+ \(/);
  });

  it('validates its options once, with a message naming the limit', () => {
    expect(() => createHardening({ isProduction: true, limits: { maxDepth: 0 } }))
      .toThrow('createHardening: limits.maxDepth: expected a positive integer, got 0.');
    expect(() => createHardening({ isProduction: 'yes' as unknown as boolean })).toThrow(/expected \{ isProduction: boolean/);
    expect(() => createHardening({ isProduction: true, limits: { maxDeep: 3 } as never })).toThrow(/limits.maxDeep: expected one of maxDepth/);
  });
});
