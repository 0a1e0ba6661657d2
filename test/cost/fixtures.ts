import { makeExecutableSchema } from '@graphql-tools/schema';
import type { CostMap, CostTally } from '../../src/cost/index.ts';
import { ZOOM_OPERATIONS, ZOOM_PAGE_SIZE_MAX, type RateLimitCategory, type ZoomOperationId } from '../../src/zoom/operations.ts';

/** A small schema mirroring the gateway's User/Meeting connections, for cost tests. */
export const typeDefs = /* GraphQL */ `
  interface Node { id: ID! }
  type Query {
    users(first: Int = 30): UserConnection!
    user(id: ID!): User
    meeting(id: ID!): Meeting
    node(id: ID!): Node
  }
  type Mutation { createMeeting(topic: String!): Meeting! }
  type User implements Node {
    id: ID!
    email: String
    meetings(first: Int = 30): MeetingConnection!
  }
  type Meeting implements Node {
    id: ID!
    topic: String
    settings: MeetingSettings
    startUrl: String
    host: User!
    occurrences: [Occurrence!]!
  }
  type MeetingSettings { muteUponEntry: Boolean }
  type Occurrence { id: ID! }
  type PageInfo { hasNextPage: Boolean! }
  type UserConnection { nodes: [User!]! edges: [UserEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type UserEdge { cursor: String! node: User! }
  type MeetingConnection { nodes: [Meeting!]! edges: [MeetingEdge!]! pageInfo: PageInfo! }
  type MeetingEdge { cursor: String! node: Meeting! }
`;

export const costMap: CostMap = {
  'Query.users': { operation: 'users', paginated: true },
  'Query.user': { operation: 'user' },
  'Query.meeting': { operation: 'meeting' },
  'Query.node': { operation: 'user' },
  'Mutation.createMeeting': { operation: 'meetingCreate' },
  'User.meetings': { operation: 'meetings', paginated: true },
  'Meeting.settings': { operation: 'meeting', detail: true },
  'Meeting.startUrl': { operation: 'meeting', detail: true },
  'Meeting.host': { operation: 'user' },
  'Meeting.occurrences': { maxItems: 5 },
};

/** A fake Zoom that answers with full pages (the worst case) and counts every call it serves. */
export interface FakeZoom {
  readonly calls: Record<ZoomOperationId, number>;
  call(operation: ZoomOperationId): void;
  total(): number;
}

export function createFakeZoom(onCall?: (event: { operation: ZoomOperationId; category: RateLimitCategory; attempt: number }) => void): FakeZoom {
  const calls = Object.fromEntries(Object.keys(ZOOM_OPERATIONS).map((id) => [id, 0])) as Record<ZoomOperationId, number>;
  return {
    calls,
    call(operation) {
      calls[operation] += 1;
      onCall?.({ operation, category: ZOOM_OPERATIONS[operation].category, attempt: 1 });
    },
    total: () => Object.values(calls).reduce((sum, n) => sum + n, 0),
  };
}

export interface TestContext {
  zoom: FakeZoom;
  tally: CostTally;
}

interface MeetingObject { id: string; detail?: Promise<{ startUrl: string; settings: { muteUponEntry: boolean } }> }

function page<T>(zoom: FakeZoom, operation: ZoomOperationId, first: number, make: (index: number) => T) {
  const count = Math.max(0, first);
  for (let fetched = 0, pages = 0; pages === 0 || fetched < count; pages += 1) {
    zoom.call(operation);
    fetched += ZOOM_PAGE_SIZE_MAX;
  }
  const items = Array.from({ length: count }, (_, index) => make(index));
  return { nodes: items, edges: items.map((node, index) => ({ cursor: String(index), node })), pageInfo: { hasNextPage: false }, totalCount: count };
}

/** Resolvers that call the fake Zoom the way the gateway's do: detail fetched at most once per meeting object. */
export const resolvers = {
  Query: {
    users: (_: unknown, args: { first: number }, { zoom }: TestContext) => page(zoom, 'users', args.first, (i) => ({ id: `u${i}` })),
    user: (_: unknown, args: { id: string }, { zoom }: TestContext) => { zoom.call('user'); return { id: args.id }; },
    meeting: (_: unknown, args: { id: string }, { zoom }: TestContext) => { zoom.call('meeting'); return { id: args.id }; },
    node: (_: unknown, args: { id: string }, { zoom }: TestContext) => {
      zoom.call('user');
      return args.id.startsWith('u') ? { __typename: 'User', id: args.id } : { __typename: 'Meeting', id: args.id };
    },
  },
  Mutation: {
    createMeeting: (_: unknown, args: { topic: string }, { zoom }: TestContext) => { zoom.call('meetingCreate'); return { id: '1', topic: args.topic }; },
  },
  Node: { __resolveType: (object: { __typename: string }) => object.__typename },
  User: {
    meetings: (user: { id: string }, args: { first: number }, { zoom }: TestContext) =>
      page(zoom, 'meetings', args.first, (i) => ({ id: `${user.id}-m${i}` })),
  },
  Meeting: {
    settings: async (meeting: MeetingObject, _: unknown, context: TestContext) => (await detail(meeting, context)).settings,
    startUrl: async (meeting: MeetingObject, _: unknown, context: TestContext) => (await detail(meeting, context)).startUrl,
    host: (_: MeetingObject, __: unknown, { zoom }: TestContext) => { zoom.call('user'); return { id: 'host' }; },
    occurrences: () => Array.from({ length: 5 }, (_, i) => ({ id: String(i) })),
  },
};

function detail(meeting: MeetingObject, { zoom }: TestContext) {
  meeting.detail ??= Promise.resolve().then(() => {
    zoom.call('meeting');
    return { startUrl: 'https://zoom.example/s/1', settings: { muteUponEntry: true } };
  });
  return meeting.detail;
}

export const schema = makeExecutableSchema({ typeDefs, resolvers });
