import { ApolloServer } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import {
  createCostTally,
  createCostTracker,
  DEFAULT_QUERY_COST_BUDGET,
  useQueryCost,
  type CostCounts,
  type CostExtension,
  type UseQueryCostOptions,
} from '../../src/cost/index.ts';
import { costMap, createFakeZoom, schema, type TestContext } from './fixtures.ts';

function createServer(budget?: Partial<CostCounts>, options: Pick<UseQueryCostOptions<TestContext>, 'validateFirst'> = {}) {
  return new ApolloServer<TestContext>({
    schema,
    plugins: [useQueryCost<TestContext>({ costMap, budget, tally: (context) => context.tally, ...options })],
  });
}

async function run(server: ApolloServer<TestContext>, query: string, variables?: Record<string, unknown>) {
  const tally = createCostTally();
  const zoom = createFakeZoom((event) => tally.record(event));
  const response = await server.executeOperation({ query, variables }, { contextValue: { zoom, tally } });
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return { result: response.body.singleResult, zoom, http: response.http };
}

describe('useQueryCost', () => {
  it('reports estimated and actual cost in extensions', async () => {
    const server = createServer();
    const { result, zoom } = await run(server, '{ users(first: 3) { nodes { meetings(first: 2) { nodes { settings { muteUponEntry } startUrl } } } } }');
    expect(result.errors).toBeUndefined();
    const cost = result.extensions?.['cost'] as CostExtension;
    expect(cost.estimated).toEqual({ light: 6, medium: 4, heavy: 0 });
    expect(cost.actual).toEqual({ light: 6, medium: 4, heavy: 0 });
    expect(cost.budget).toEqual(DEFAULT_QUERY_COST_BUDGET);
    expect(zoom.total()).toBe(10);
  });

  it('rejects over budget before any Zoom call, with the estimate', async () => {
    const server = createServer({ medium: 10 });
    const { result, zoom, http } = await run(server, '{ users(first: 20) { nodes { meetings { nodes { id } } } } }');
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'COST_LIMIT_EXCEEDED',
      cost: { estimated: { light: 0, medium: 21, heavy: 0 }, budget: { medium: 10 } },
    });
    expect(http.status).toBe(400);
    expect(zoom.total()).toBe(0);
    // The next valid request on the same server succeeds.
    const next = await run(server, '{ users(first: 2) { totalCount } }');
    expect(next.result.errors).toBeUndefined();
    expect(next.zoom.total()).toBe(1);
  });

  it('refuses first: 99999999 as bad input, not as over budget, without calling Zoom', async () => {
    const { result, zoom } = await run(createServer(), '{ users(first: 99999999) { totalCount } }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(zoom.total()).toBe(0);
  });

  it.each([
    ['301 on a nested list', '{ users(first: 3) { nodes { meetings(first: 301) { nodes { id } } } } }', undefined],
    ['0 under edges, in a fragment', '{ users(first: 3) { edges { node { ...M } } } } fragment M on User { meetings(first: 0) { nodes { id } } }', undefined],
    ['-1 from a variable', 'query ($n: Int) { users(first: 3) { nodes { meetings(first: $n) { nodes { id } } } } }', { n: -1 }],
    ['301 through an abstract type', '{ node(id: "u1") { ... on User { meetings(first: 301) { nodes { id } } } } }', undefined],
  ])('refuses first %s before execution, with the resolvers\' error', async (_name, query, variables) => {
    const { result, zoom, http } = await run(createServer(), query, variables);
    expect(zoom.total()).toBe(0);
    expect(result.data).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(result.errors?.[0]?.message).toMatch(/^`first` must be an integer from 1 to 300; got -?\d+\.$/);
    expect(result.errors?.[0]?.locations).toHaveLength(1);
    // The same status as when a resolver refuses it (an execution error), not Apollo's 500 for plugin errors.
    expect(http.status).toBe(200);
  });

  it('checks each first with the validateFirst option, and passes a valid one', async () => {
    const seen: Array<number | null | undefined> = [];
    const server = createServer(undefined, { validateFirst: (first) => { seen.push(first); } });
    const { result, zoom } = await run(server, 'query ($s: Boolean!) { users(first: 2) { nodes { a: meetings(first: null) { nodes { id } } b: meetings { nodes { id } } c: meetings(first: 9) @skip(if: $s) { nodes { id } } } } }', { s: true });
    expect(result.errors).toBeUndefined();
    // Once per field in the document (not per user), with schema defaults applied and skipped fields left out.
    expect(seen).toEqual([2, null, 30]);
    expect(zoom.total()).toBe(5);
  });

  it('refuses a cost map that does not fit the schema when the server starts', async () => {
    const server = new ApolloServer({ schema, plugins: [useQueryCost({ costMap: { 'User.nope': { operation: 'user' } } })] });
    await expect(server.start()).rejects.toThrow(/type User has no field "nope"/);
    expect(() => useQueryCost({ costMap, budget: { light: -1 } })).toThrow('useQueryCost: budget.light: expected a non-negative integer number of calls, got -1.');
  });

  it('never estimates below the actual cost', async () => {
    // `first` unchecked: the fixture's fake Zoom pages past 300 items, to compare multi-page estimates.
    const server = createServer({ light: 100_000, medium: 100_000, heavy: 100_000 }, { validateFirst: () => undefined });
    const queries: Array<[string, Record<string, unknown>?]> = [
      ['{ users { nodes { id } } }'],
      ['{ users(first: 7) { edges { node { meetings(first: 3) { edges { node { host { id } settings { muteUponEntry } } } } } } } }'],
      ['{ a: users(first: 2) { totalCount } b: users(first: 301) { nodes { id } } }'],
      ['{ meeting(id: "1") { settings { muteUponEntry } x: startUrl y: startUrl host { meetings(first: 4) { nodes { startUrl } } } } }'],
      ['{ n1: node(id: "u1") { ...N } n2: node(id: "m1") { ...N } } fragment N on Node { ... on User { meetings(first: 2) { nodes { id } } } ... on Meeting { host { id } startUrl } }'],
      ['query ($w: Boolean!, $n: Int) { users(first: $n) { nodes { meetings(first: $n) @include(if: $w) { nodes { startUrl occurrences { id } } } } } }', { w: true, n: 4 }],
      ['query ($w: Boolean!) { users(first: 4) { nodes { meetings @skip(if: $w) { nodes { host { id } } } } } }', { w: false }],
      ['mutation { createMeeting(topic: "t") { startUrl settings { muteUponEntry } host { id } } }'],
      ['{ users(first: 3) { nodes { meetings(first: 3) { nodes { id } edges { node { startUrl } } } } } }'],
    ];
    for (const [query, variables] of queries) {
      const { result, zoom } = await run(server, query, variables);
      expect(result.errors, query).toBeUndefined();
      const cost = result.extensions?.['cost'] as CostExtension;
      const actual = cost.actual!;
      expect(actual.light + actual.medium + actual.heavy, query).toBe(zoom.total());
      expect(actual.light, query).toBeLessThanOrEqual(cost.estimated.light);
      expect(actual.medium, query).toBeLessThanOrEqual(cost.estimated.medium);
      expect(actual.heavy, query).toBeLessThanOrEqual(cost.estimated.heavy);
    }
  });
});

describe('createCostTracker', () => {
  it('attributes calls of a shared client to the request whose async context made them', async () => {
    const tracker = createCostTracker();
    const shared = createFakeZoom(tracker.onCall);
    const first = createCostTally();
    const second = createCostTally();
    await Promise.all([
      tracker.run(first, async () => {
        shared.call('users');
        await Promise.resolve();
        shared.call('user');
        tracker.onCall({ category: 'Light', attempt: 2 }); // a retry is not a second call
      }),
      tracker.run(second, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        shared.call('meetings');
        expect(tracker.current()).toBe(second);
      }),
    ]);
    shared.call('user'); // outside any request: ignored
    expect(first.snapshot()).toEqual({ light: 1, medium: 1, heavy: 0 });
    expect(second.snapshot()).toEqual({ light: 0, medium: 1, heavy: 0 });
    expect(tracker.current()).toBeUndefined();
  });
});
