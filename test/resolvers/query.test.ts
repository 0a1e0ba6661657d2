import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/** Every `Query` field against the sandbox, with the Zoom calls each costs. */
describe('Query', () => {
  let gateway: TestGateway;
  let owner: { id: string; email: string };

  beforeAll(async () => {
    gateway = await startTestGateway();
    owner = gateway.sandbox.model.owner;
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('me is the account owner, with typed enums and detail fields from one call', async () => {
    const result = await gateway.execute('{ me { id email type status role { id name } picUrl createdAt } }');
    expect(result.errors).toBeUndefined();
    expect(result.data?.me).toMatchObject({ id: owner.id, email: owner.email, status: 'ACTIVE', role: { name: expect.any(String) } });
    expect(['BASIC', 'LICENSED', 'UNASSIGNED_WITHOUT_MEETINGS_BASIC', 'NONE']).toContain(result.data?.me.type);
    expect(result.data?.me.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const apiRequests = gateway.stats.log().filter((entry) => entry.operation !== 'oauth');
    expect(apiRequests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /v2/users/me']);
  });

  it('user(id) finds a user by id and by email, case-insensitively', async () => {
    const byId = await gateway.execute('query ($id: ID!) { user(id: $id) { id email } }', { id: owner.id });
    expect(byId.data?.user).toEqual({ id: owner.id, email: owner.email });
    const byEmail = await gateway.execute('query ($id: ID!) { user(id: $id) { id } }', { id: owner.email.toUpperCase() });
    expect(byEmail.data?.user).toEqual({ id: owner.id });
  });

  it('user(id) by id and by email in one query costs one call per distinct key, not per alias', async () => {
    const result = await gateway.execute(
      'query ($id: ID!, $email: ID!) { a: user(id: $id) { email } b: user(id: $id) { id } c: user(id: $email) { id } }',
      { id: owner.id, email: owner.email },
    );
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.count('user')).toBe(2);
  });

  it('user(id) rejects an id that cannot be a Zoom user before any call', async () => {
    const result = await gateway.execute('{ user(id: "a b/c") { id } }');
    expect(result.data?.user).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('users lists the account with totalCount and honours the status filter', async () => {
    const result = await gateway.execute(
      '{ all: users(first: 300) { totalCount nodes { id status } } pending: users(status: PENDING, first: 300) { nodes { status } } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.all.totalCount).toBe(result.data?.all.nodes.length);
    expect(result.data?.all.nodes.every((user: { status: string }) => user.status === 'ACTIVE')).toBe(true);
    expect(result.data?.pending.nodes.every((user: { status: string }) => user.status === 'PENDING')).toBe(true);
    const statuses = gateway.stats.log().map((entry) => new URLSearchParams(entry.query).get('status'));
    expect(statuses.sort()).toEqual([null, 'pending']);
  });

  it('users walks every page by endCursor without duplicates or gaps', async () => {
    const all = await gateway.execute<{ users: { nodes: Array<{ id: string }> } }>('{ users(first: 300) { nodes { id } } }');
    const expected = all.data?.users.nodes.map((user) => user.id) ?? [];
    expect(expected.length).toBeGreaterThan(10);
    gateway.stats.reset();
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (; pages < 50; pages++) {
      const page: { data?: any } = await gateway.execute(
        'query ($after: String) { users(first: 7, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }',
        { after },
      );
      seen.push(...page.data.users.nodes.map((user: { id: string }) => user.id));
      if (!page.data.users.pageInfo.hasNextPage) break;
      after = page.data.users.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);
    expect(gateway.stats.apiCalls()).toBe(pages + 1);
  });

  it('users resumes after an edge in the middle of a page: the rest of that page, in one Zoom call', async () => {
    const first = await gateway.execute<{ users: { edges: Array<{ cursor: string; node: { id: string } }> } }>(
      '{ users(first: 10) { edges { cursor node { id } } } }',
    );
    const edges = first.data?.users.edges ?? [];
    const all = await gateway.execute<{ users: { nodes: Array<{ id: string }> } }>('{ users(first: 20) { nodes { id } } }');
    const resumed = await gateway.execute<{ users: { nodes: Array<{ id: string }> } }>(
      'query ($after: String) { users(first: 8, after: $after) { nodes { id } } }',
      { after: edges[3]?.cursor },
    );
    // Items 4..9 of the page of 10 the cursor came from: one call, as estimated, not a second to fill 8.
    expect(resumed.data?.users.nodes.map((user) => user.id)).toEqual(all.data?.users.nodes.slice(4, 10).map((user) => user.id));
  });

  it.each([0, 301, -5])('users(first: %i) is BAD_USER_INPUT before any Zoom call', async (first) => {
    const result = await gateway.execute('query ($first: Int) { users(first: $first) { totalCount } }', { first });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('a malformed cursor is BAD_USER_INPUT before any Zoom call', async () => {
    const result = await gateway.execute('{ users(first: 5, after: "bm90LWEtY3Vyc29y") { totalCount } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('a cursor of another list is BAD_USER_INPUT', async () => {
    const page = await gateway.execute('{ users(first: 2) { pageInfo { endCursor } } }');
    gateway.stats.reset();
    const result = await gateway.execute('query ($after: String) { users(first: 2, status: PENDING, after: $after) { totalCount } }', {
      after: page.data?.users.pageInfo.endCursor,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'INVALID_CURSOR' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('an expired cursor (Zoom page tokens live 15 minutes) is CURSOR_EXPIRED before any Zoom call', async () => {
    const page = await gateway.execute('{ users(first: 2) { pageInfo { endCursor } } }');
    gateway.clock.advance(15 * 60 * 1000);
    gateway.stats.reset();
    const result = await gateway.execute('query ($after: String) { users(first: 2, after: $after) { totalCount } }', {
      after: page.data?.users.pageInfo.endCursor,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'CURSOR_EXPIRED' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('a cursor whose page token Zoom refuses (400 code 300) is CURSOR_EXPIRED, not an empty or generic page', async () => {
    const page = await gateway.execute('{ users(first: 2) { pageInfo { hasNextPage endCursor } } }');
    expect(page.data?.users.pageInfo.hasNextPage).toBe(true);
    // Zoom forgets every page token it issued; the cursor is young enough for the gateway's own clock check.
    gateway.reset();
    const result = await gateway.execute('query ($after: String) { users(first: 2, after: $after) { totalCount nodes { id } } }', {
      after: page.data?.users.pageInfo.endCursor,
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]?.message).toMatch(/page token.*Fetch the list again from the start/);
    expect(result.errors?.[0]?.extensions).toEqual({
      code: 'CURSOR_EXPIRED',
      reason: 'ZOOM_REJECTED_PAGE_TOKEN',
      argument: 'after',
      zoomCode: 300,
      zoomStatus: 400,
    });
    expect(result.data).toEqual({ users: null });
    expect(gateway.stats.count('users', 400)).toBe(1);
  });

  it('a refused page token of a nested list nulls its parent with CURSOR_EXPIRED at the list', async () => {
    const page = await gateway.execute('query ($id: ID!) { user(id: $id) { meetings(first: 1) { pageInfo { hasNextPage endCursor } } } }', {
      id: owner.id,
    });
    expect(page.data?.user.meetings.pageInfo.hasNextPage).toBe(true);
    gateway.reset();
    const result = await gateway.execute(
      'query ($id: ID!, $after: String) { user(id: $id) { id meetings(first: 1, after: $after) { nodes { id } } } }',
      { id: owner.id, after: page.data?.user.meetings.pageInfo.endCursor },
    );
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['user', 'meetings'], 'CURSOR_EXPIRED']]);
    expect(result.data).toEqual({ user: null });
  });

  it('meeting(id) answers a meeting with its detail fields from one call', async () => {
    const listed = await gateway.execute('{ me { meetings(first: 1) { nodes { id topic } } } }');
    const meeting = listed.data?.me.meetings.nodes[0];
    gateway.stats.reset();
    const result = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { id uuid topic type status joinUrl startUrl password settings { audio } } }',
      { id: meeting.id },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toMatchObject({ id: meeting.id, topic: meeting.topic, status: expect.stringMatching(/^(WAITING|STARTED)$/) });
    expect(result.data?.meeting.joinUrl).toMatch(/^https:\/\//);
    expect(gateway.stats.apiCalls()).toBe(1);
  });

  it('meeting(id) rejects a non-numeric id before any call', async () => {
    const result = await gateway.execute('{ meeting(id: "abc") { id } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('pastMeeting(id) answers by meeting id and by instance UUID (double-encoded when it holds slashes)', async () => {
    const listed = await gateway.execute('{ me { meetings(first: 50) { nodes { id lastInstance { uuid } } } } }');
    const held = (listed.data?.me.meetings.nodes as Array<{ id: string; lastInstance: { uuid: string } | null }>).filter(
      (meeting) => meeting.lastInstance !== null,
    );
    expect(held.length).toBeGreaterThan(0);
    for (const meeting of held) {
      const uuid = meeting.lastInstance?.uuid ?? '';
      const result = await gateway.execute(
        'query ($id: ID!, $uuid: ID!) { byId: pastMeeting(id: $id) { uuid id meetingId } byUuid: pastMeeting(id: $uuid) { uuid id meetingId type endTime host { id } } }',
        { id: meeting.id, uuid },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.byId).toEqual({ uuid, id: uuid, meetingId: meeting.id });
      expect(result.data?.byUuid).toMatchObject({ uuid, id: uuid, meetingId: meeting.id, host: { id: owner.id } });
    }
  });
});
