import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createQueryCostEstimator, QueryCostInputError } from '../../src/cost/index.ts';
import { costMap, schema } from './fixtures.ts';

const estimator = createQueryCostEstimator({ schema, costMap });
const estimate = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  estimator.estimate({ document: parse(query), variables, operationName });

describe('createQueryCostEstimator', () => {
  it('charges a field once per possible parent and multiplies by first through connections', () => {
    expect(estimate('{ users(first: 10) { totalCount } }')).toEqual({ light: 0, medium: 1, heavy: 0 });
    // 1 users page + 10 meetings lists; nodes and edges both hold the same 10 users, each counted.
    expect(estimate('{ users(first: 10) { nodes { meetings(first: 5) { nodes { id } } } } }'))
      .toEqual({ light: 0, medium: 11, heavy: 0 });
    expect(estimate('{ users(first: 10) { edges { node { meetings { nodes { host { id } } } } } } }'))
      .toEqual({ light: 10 * 30, medium: 11, heavy: 0 });
  });

  it('charges nothing for a field marked freeUnder the list its object came from, through edges and nodes', () => {
    const freeHost = createQueryCostEstimator({
      schema,
      costMap: { ...costMap, 'Meeting.host': { operation: 'user', freeUnder: ['User.meetings'] } },
    });
    const withFreeHost = (query: string) => freeHost.estimate({ document: parse(query) });
    expect(withFreeHost('{ users(first: 10) { edges { node { meetings(first: 3) { edges { node { host { id } } } } } } } }'))
      .toEqual({ light: 0, medium: 11, heavy: 0 });
    expect(withFreeHost('{ users(first: 10) { nodes { meetings(first: 3) { nodes { host { id } } } } } }'))
      .toEqual({ light: 0, medium: 11, heavy: 0 });
    // Reached any other way the host still costs its call.
    expect(withFreeHost('{ meeting(id: "1") { host { id } } }')).toEqual({ light: 2, medium: 0, heavy: 0 });
    // One level further down, the host's own meetings are listed by that host again: free; its host field is not.
    expect(withFreeHost('{ meeting(id: "1") { host { meetings(first: 2) { nodes { host { id } } } } } }'))
      .toEqual({ light: 2, medium: 1, heavy: 0 });
  });

  it('refuses freeUnder naming a field that is not a paginated entry of the map', () => {
    expect(() => createQueryCostEstimator({
      schema,
      costMap: { ...costMap, 'Meeting.host': { operation: 'user', freeUnder: ['Query.meeting'] } },
    })).toThrow(/freeUnder: expected a list of paginated fields/);
  });

  it('uses the schema default for first, and pages of 300 beyond it', () => {
    expect(estimate('{ users { nodes { id } } }')).toEqual({ light: 0, medium: 1, heavy: 0 });
    expect(estimate('{ users(first: 301) { nodes { id } } }')).toEqual({ light: 0, medium: 2, heavy: 0 });
    expect(estimate('{ users(first: 99999999) { nodes { id } } }').medium).toBe(333_334);
    expect(estimate('{ users(first: -1) { nodes { meetings { nodes { id } } } } }')).toEqual({ light: 0, medium: 1, heavy: 0 });
    expect(estimate('query ($n: Int) { users(first: $n) { nodes { meetings { nodes { id } } } } }', { n: 3 }))
      .toEqual({ light: 0, medium: 4, heavy: 0 });
  });

  it('counts detail fetches once per object, aliases included', () => {
    expect(estimate('{ meeting(id: "1") { settings { muteUponEntry } startUrl a: startUrl b: settings { muteUponEntry } } }'))
      .toEqual({ light: 2, medium: 0, heavy: 0 });
    expect(estimate('{ users(first: 2) { nodes { meetings(first: 4) { nodes { settings { muteUponEntry } startUrl } } } } }'))
      .toEqual({ light: 8, medium: 3, heavy: 0 });
  });

  it('counts each alias of a costly field, and merged fields once', () => {
    expect(estimate('{ a: user(id: "1") { id } b: user(id: "2") { id } c: user(id: "3") { id } }').light).toBe(3);
    expect(estimate('{ user(id: "1") { id } user(id: "1") { email } }').light).toBe(1);
    const aliases = Array.from({ length: 100 }, (_, i) => `a${i}: users(first: 300) { totalCount }`).join(' ');
    expect(estimate(`{ ${aliases} }`).medium).toBe(100);
  });

  it('walks fragments and inline fragments', () => {
    const query = `
      query { users(first: 3) { nodes { ...UserParts } } }
      fragment UserParts on User { meetings(first: 2) { nodes { ...MeetingParts ... on Meeting { host { id } } } } }
      fragment MeetingParts on Meeting { settings { muteUponEntry } }`;
    // users 1 medium, 3 meetings lists, 6 meetings * (1 detail + 1 host) light
    expect(estimate(query)).toEqual({ light: 12, medium: 4, heavy: 0 });
  });

  it('honours @skip and @include with the variables', () => {
    const query = 'query ($withHost: Boolean!) { meeting(id: "1") { host @include(if: $withHost) { id } settings @skip(if: true) { muteUponEntry } } }';
    expect(estimate(query, { withHost: true }).light).toBe(2);
    expect(estimate(query, { withHost: false }).light).toBe(1);
  });

  it('takes the costliest possible type of an abstract field, per category', () => {
    const query = '{ node(id: "x") { ... on User { meetings(first: 2) { nodes { id } } } ... on Meeting { host { id } settings { muteUponEntry } } } }';
    expect(estimate(query)).toEqual({ light: 1 + 2, medium: 1, heavy: 0 });
  });

  it('charges plain lists by maxItems', () => {
    expect(estimate('{ meeting(id: "1") { occurrences { id } } }').light).toBe(1);
    expect(estimate('{ users(first: 1) { nodes { meetings(first: 1) { nodes { occurrences { id } } } } } }').light).toBe(0);
  });

  it('analyze reports each page-size argument once per field node, unclamped, beside the same cost', () => {
    // The fragment is walked once per possible type of Node and once per user: its field is reported once.
    const query = 'query ($n: Int) { users(first: -1) { nodes { ...F } } a: node(id: "u") { ...F } } fragment F on Node { ... on User { meetings(first: $n) { nodes { id } } } }';
    const analysis = estimator.analyze({ document: parse(query), variables: { n: 301 } });
    expect(analysis.cost).toEqual(estimator.estimate({ document: parse(query), variables: { n: 301 } }));
    expect(analysis.pageSizes.map(({ field, value, node }) => ({ field, value, name: node.name.value }))).toEqual([
      { field: 'Query.users', value: -1, name: 'users' },
      { field: 'User.meetings', value: 301, name: 'meetings' },
    ]);
  });

  it('selects the named operation and reports input it cannot estimate', () => {
    const document = 'query A { user(id: "1") { id } } query B { users { totalCount } }';
    expect(estimate(document, undefined, 'B')).toEqual({ light: 0, medium: 1, heavy: 0 });
    expect(() => estimate(document)).toThrow(QueryCostInputError);
    expect(() => estimate('query ($n: Int!) { users(first: $n) { totalCount } }', {})).toThrow(expect.objectContaining({ code: 'INVALID_VARIABLES' }));
    expect(estimate('mutation { createMeeting(topic: "x") { startUrl } }')).toEqual({ light: 1, medium: 1, heavy: 0 });
  });

  it('checks the cost map against the schema once, at creation', () => {
    expect(() => createQueryCostEstimator({ schema, costMap: { 'Query.nope': { operation: 'user' } } }))
      .toThrow('createQueryCostEstimator: costMap["Query.nope"]: type Query has no field "nope".');
    expect(() => createQueryCostEstimator({ schema, costMap: { 'Query.user': { operation: 'userr' as never } } }))
      .toThrow(/operation: expected one of users, user, meetings/);
    expect(() => createQueryCostEstimator({ schema, costMap: { users: {} } })).toThrow(/expected a key of the form "Type.field"/);
    expect(() => createQueryCostEstimator({ schema, costMap: { 'User.email': { operation: 'users', paginated: true } } }))
      .toThrow(/paginated: expected a list or connection field, got String/);
    expect(() => createQueryCostEstimator({ schema, costMap: { 'Query.user': { returnsDetail: true } } }))
      .toThrow(/returnsDetail: expected a field that reads one object with its operation/);
    expect(() => createQueryCostEstimator({ schema, costMap: { 'Query.user': { operation: 'user', sameObject: true } } }))
      .toThrow(/sameObject: expected a field that returns its parent itself/);
  });
});
