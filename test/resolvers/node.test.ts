import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const NODE_FIELDS = /* GraphQL */ `
  fragment NodeFields on Node {
    __typename id
    ... on User { email }
    ... on Meeting { topic }
    ... on PastMeeting { meetingId startTime }
  }
`;

describe('node / nodes (Relay Global Object Identification)', () => {
  let gateway: TestGateway;
  /** A user who hosts a meeting that was held. */
  let owner: { id: string; email: string; meetingId: string; uuid: string };

  beforeAll(async () => {
    gateway = await startTestGateway();
    const listed = await gateway.execute('{ users(first: 300) { nodes { id email meetings(first: 300) { nodes { id lastInstance { id } } } } } }');
    expect(listed.errors).toBeUndefined();
    type Row = { id: string; email: string; meetings: { nodes: Array<{ id: string; lastInstance: { id: string } | null }> } };
    const users = listed.data?.users.nodes as Row[];
    const hosting = users.find((user) => user.meetings.nodes.some((meeting) => meeting.lastInstance !== null))!;
    const held = hosting.meetings.nodes.find((meeting) => meeting.lastInstance !== null)!;
    owner = { id: hosting.id, email: hosting.email, meetingId: held.id, uuid: held.lastInstance!.id };
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('reads each Node type back from its id alone, with one detail call each', async () => {
    const result = await gateway.execute(
      `query ($user: ID!, $meeting: ID!, $past: ID!) {
        user: node(id: $user) { ...NodeFields } meeting: node(id: $meeting) { ...NodeFields } past: node(id: $past) { ...NodeFields } }
      ${NODE_FIELDS}`,
      { user: owner.id, meeting: owner.meetingId, past: owner.uuid },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.user).toEqual({ __typename: 'User', id: owner.id, email: owner.email });
    expect(result.data?.meeting).toMatchObject({ __typename: 'Meeting', id: owner.meetingId });
    expect(result.data?.past).toMatchObject({ __typename: 'PastMeeting', id: owner.uuid, meetingId: owner.meetingId });
    expect(gateway.stats.count('user')).toBe(1);
    expect(gateway.stats.count('meeting')).toBe(1);
    expect(gateway.stats.count('pastMeetingDetails')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(3);
  });

  it('nodes answers in order, each failure null at its own index with its own code', async () => {
    const result = await gateway.execute(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { ...NodeFields } } ${NODE_FIELDS}`,
      { ids: [owner.meetingId, 'not an id!', '99999999999', owner.id, owner.meetingId] },
    );
    const nodes = result.data?.nodes as Array<{ id: string } | null>;
    expect(nodes.map((node) => node?.id ?? null)).toEqual([owner.meetingId, null, null, owner.id, owner.meetingId]);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([
      [['nodes', 1], 'BAD_USER_INPUT'],
      [['nodes', 2], 'NOT_FOUND'],
    ]);
    // The repeated id is one read; the malformed one none.
    expect(gateway.stats.count('meeting')).toBe(2);
    expect(gateway.stats.count('user')).toBe(1);
  });

  it('refuses more than 25 ids, and a malformed id, with BAD_USER_INPUT before any Zoom call', async () => {
    const many = await gateway.execute('query ($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 26 }, () => owner.meetingId) });
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'TOO_MANY_IDS' });
    const bad = await gateway.execute('{ node(id: "me") { id } email: node(id: "a@b.example") { id } }');
    expect(bad.errors?.map((error) => error.extensions?.reason)).toEqual(['INVALID_ID', 'INVALID_ID']);
    expect(gateway.stats.apiCalls()).toBe(0);
  });
});
