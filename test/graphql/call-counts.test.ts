import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createGatewayContext } from '../../src/graphql/context.ts';
import { SANDBOX_DATA_PRESETS } from '../../src/sandbox/index.ts';
import type { ZoomClient } from '../../src/zoom/client-types.ts';
import type { ZoomUser } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/** A user as Zoom answers `GET /users/{userId}`, straight from the sandbox model (no HTTP, not counted). */
function userDetail(gateway: TestGateway, userId: string): ZoomUser {
  return gateway.sandbox.model.handle({ operation: 'user', params: { userId }, query: new URLSearchParams(), body: undefined })
    .body as ZoomUser;
}

/**
 * The gateway's promise: the fewest Zoom calls that answer a query. Every test counts the sandbox's requests.
 */

interface MeetingNode { id: string; topic: string; host: { email: string } }
interface UsersData {
  users: { nodes: Array<{ id: string; email: string; type: string; meetings: { nodes: MeetingNode[] } }> };
}

const USERS_WITH_MEETINGS = /* GraphQL */ `
  query UsersWithMeetings($withSettings: Boolean!) {
    users(first: 30) {
      nodes {
        id
        email
        type
        meetings(first: 10) {
          nodes {
            id
            topic
            host { email }
            settings @include(if: $withSettings) { waitingRoom joinBeforeHost }
            password @include(if: $withSettings)
          }
        }
      }
    }
  }
`;

describe('call counts', () => {
  let gateway: TestGateway;

  beforeAll(async () => {
    gateway = await startTestGateway({
      sandbox: { data: { ...SANDBOX_DATA_PRESETS.small, users: 45, meetingsPerUser: 12 } },
    });
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('users(first: 30) with 10 meetings each and their hosts costs 31 Zoom calls and one token', async () => {
    const result = await gateway.execute<UsersData>(USERS_WITH_MEETINGS, { withSettings: false });
    expect(result.errors).toBeUndefined();
    const users = result.data?.users.nodes ?? [];
    expect(users).toHaveLength(30);
    for (const user of users) {
      // Users without a Meetings license (type NONE) cannot host: Zoom refuses their list, which reads as empty.
      if (user.type === 'NONE') expect(user.meetings.nodes).toEqual([]);
      else expect(user.meetings.nodes.length).toBeGreaterThan(0);
      // host comes from the user already listed: the right one, for free.
      for (const meeting of user.meetings.nodes) expect(meeting.host.email).toBe(user.email);
    }
    expect(gateway.stats.apiCalls()).toBe(31);
    expect(gateway.stats.count('users')).toBe(1);
    expect(gateway.stats.count('meetings')).toBe(30);
    expect(gateway.stats.count('user')).toBe(0);
    expect(gateway.stats.tokenRequests()).toBe(1);
  });

  it('selecting detail-only fields adds exactly one detail call per distinct meeting', async () => {
    const result = await gateway.execute<UsersData>(USERS_WITH_MEETINGS, { withSettings: true });
    expect(result.errors).toBeUndefined();
    const ids = new Set(result.data?.users.nodes.flatMap((user) => user.meetings.nodes.map((meeting) => meeting.id)));
    expect(ids.size).toBeGreaterThan(30);
    expect(gateway.stats.count('meeting')).toBe(ids.size);
    expect(gateway.stats.apiCalls()).toBe(31 + ids.size);
    // The token from the first test is reused.
    expect(gateway.stats.tokenRequests()).toBe(0);
  });

  it('the same meeting under two aliases and a fragment costs one call', async () => {
    const listed = await gateway.execute<UsersData>(USERS_WITH_MEETINGS, { withSettings: false });
    const id = listed.data?.users.nodes[0]?.meetings.nodes[0]?.id;
    expect(id).toBeDefined();
    gateway.stats.reset();
    const result = await gateway.execute(
      /* GraphQL */ `
        query ($id: ID!) {
          a: meeting(id: $id) { topic password }
          b: meeting(id: $id) { ...M settings { waitingRoom } }
        }
        fragment M on Meeting { id topic status startUrl }
      `,
      { id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.a.topic).toBe(result.data?.b.topic ?? 'missing');
    expect(gateway.stats.apiCalls()).toBe(1);
    expect(gateway.stats.count('meeting')).toBe(1);
  });

  it('a meeting\'s host id and email come from the meeting (host_email): one call, not two in sequence', async () => {
    const listed = await gateway.execute<UsersData>(USERS_WITH_MEETINGS, { withSettings: false });
    const user = listed.data!.users.nodes.find((node) => node.meetings.nodes.length > 0)!;
    const meeting = user.meetings.nodes[0]!;
    gateway.stats.reset();
    const result = await gateway.execute(`{ meeting(id: "${meeting.id}") { topic host { id email } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ meeting: { topic: meeting.topic, host: { id: user.id, email: user.email } } });
    expect(gateway.stats.apiCalls()).toBe(1);
    expect(gateway.stats.count('user')).toBe(0);
    // Anything else of the host needs the user itself.
    gateway.stats.reset();
    const named = await gateway.execute(`{ meeting(id: "${meeting.id}") { host { id email firstName } } }`);
    expect(named.errors).toBeUndefined();
    expect(gateway.stats.count('meeting')).toBe(1);
    expect(gateway.stats.count('user')).toBe(1);
  });

  it('fields a list item already has cost nothing; a detail-only user field costs one call per user', async () => {
    const listOnly = await gateway.execute('{ users(first: 5) { nodes { id email firstName type status timezone } } }');
    expect(listOnly.errors).toBeUndefined();
    expect(gateway.stats.apiCalls()).toBe(1);
    gateway.stats.reset();
    const withDetail = await gateway.execute('{ users(first: 5) { nodes { id picUrl company role { id name } } } }');
    expect(withDetail.errors).toBeUndefined();
    expect(gateway.stats.count('users')).toBe(1);
    expect(gateway.stats.count('user')).toBe(5);
    expect(gateway.stats.apiCalls()).toBe(6);
  });

  it('language and phoneNumber of listed users (not in the GET /users item) cost one detail call per distinct user', async () => {
    // Two lists over the same first users, and the fields asked twice: still one detail call per user.
    const result = await gateway.execute<{
      users: { nodes: Array<{ id: string; language: string | null; phoneNumber: string | null; phone: string | null }> };
      again: { nodes: Array<{ id: string; language: string | null }> };
    }>('{ users(first: 5) { nodes { id language phoneNumber phone: phoneNumber } } again: users(first: 3) { nodes { id language } } }');
    expect(result.errors).toBeUndefined();
    const users = result.data?.users.nodes ?? [];
    expect(users).toHaveLength(5);
    for (const user of users) {
      const wire = userDetail(gateway, user.id);
      expect(wire.language).toBeTruthy();
      expect(wire.phone_number).toBeTruthy();
      expect(user).toEqual({ id: user.id, language: wire.language, phoneNumber: wire.phone_number, phone: wire.phone_number });
    }
    for (const user of result.data?.again.nodes ?? []) expect(user.language).toBe(userDetail(gateway, user.id).language);
    expect(gateway.stats.count('users')).toBe(2);
    expect(gateway.stats.count('user')).toBe(5);
    expect(new Set(gateway.stats.log().filter((entry) => entry.operation === 'user').map((entry) => entry.path)).size).toBe(5);
    expect(gateway.stats.apiCalls()).toBe(7);
  });

  it('listed users cost no detail call when no detail-only field is selected', async () => {
    const result = await gateway.execute(
      '{ users(first: 5) { nodes { id email firstName lastName displayName type status timezone pmi department verified createdAt lastLoginAt lastClientVersion role { id } } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.count('user')).toBe(0);
    expect(gateway.stats.apiCalls()).toBe(1);
  });

  it('a meeting fetched by id and its host cost two calls; asking the host again costs none', async () => {
    const listed = await gateway.execute<UsersData>(USERS_WITH_MEETINGS, { withSettings: false });
    const id = listed.data?.users.nodes[1]?.meetings.nodes[0]?.id;
    gateway.stats.reset();
    const result = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { host { email } again: host { id picUrl } } }',
      { id },
    );
    expect(result.errors).toBeUndefined();
    // GET /meetings/{id} then GET /users/{hostId}; the host detail answers picUrl too.
    expect(gateway.stats.count('meeting')).toBe(1);
    expect(gateway.stats.count('user')).toBe(1);
    expect(gateway.stats.apiCalls()).toBe(2);
  });
});

describe('concurrency', () => {
  it('independent Zoom calls of one query are in flight together', async () => {
    const gateway = await startTestGateway();
    try {
      let inFlight = 0;
      let maxInFlight = 0;
      const counting: ZoomClient = {
        call: async (operation, call) => {
          inFlight++;
          maxInFlight = Math.max(maxInFlight, inFlight);
          try {
            return await gateway.zoom.call(operation, call);
          } finally {
            inFlight--;
          }
        },
        paginate: (operation, call) => gateway.zoom.paginate(operation, call),
      };
      const response = await gateway.server.executeOperation(
        { query: '{ users(first: 8) { nodes { meetings(first: 2) { nodes { id } } } } me { id } }' },
        { contextValue: createGatewayContext({ zoom: counting }) },
      );
      expect(response.body.kind === 'single' && response.body.singleResult.errors).toBeFalsy();
      // `users` and `me` start together; then the eight meeting lists start together.
      expect(maxInFlight).toBeGreaterThanOrEqual(8);
    } finally {
      await gateway.close();
    }
  });
});

describe('token sharing', () => {
  it('100 concurrent cold queries cost one token request', async () => {
    const gateway = await startTestGateway();
    try {
      const results = await Promise.all(Array.from({ length: 100 }, () => gateway.execute('{ me { id email } }')));
      for (const result of results) expect(result.errors).toBeUndefined();
      expect(new Set(results.map((result) => result.data?.me.id)).size).toBe(1);
      expect(gateway.stats.tokenRequests()).toBe(1);
      // Each operation has its own loaders: one call each, no sharing of data between operations.
      expect(gateway.stats.count('user')).toBe(100);
    } finally {
      await gateway.close();
    }
  });
});
