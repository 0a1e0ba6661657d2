import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomRecordingPage, ZoomUser } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { expectedRecording } from './recording-shape.ts';

describe('User', () => {
  let gateway: TestGateway;

  /** The user as Zoom answers `GET /users/{userId}`, straight from the sandbox model (no HTTP, not counted). */
  const userDetail = (userId: string): ZoomUser =>
    gateway.sandbox.model.handle({ operation: 'user', params: { userId }, query: new URLSearchParams(), body: undefined })
      .body as ZoomUser;

  /** The user's recordings between two dates (one page of 300) as Zoom answers them, from the sandbox model. */
  const recordingsWire = (userId: string, range: { from: string; to: string }): ZoomRecordingPage =>
    gateway.sandbox.model.handle({
      operation: 'recordingsList',
      params: { userId },
      query: new URLSearchParams({ ...range, page_size: '300' }),
      body: undefined,
    }).body as ZoomRecordingPage;

  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('maps Zoom fields to camelCase, numbers to enums and int64 PMIs to strings', async () => {
    const result = await gateway.execute(`{ users(first: 300) { nodes {
      id email firstName lastName displayName type status timezone pmi department verified createdAt
      lastLoginAt lastClientVersion role { id }
    } } }`);
    expect(result.errors).toBeUndefined();
    const users = result.data?.users.nodes as Array<Record<string, unknown>>;
    const owner = users.find((user) => user.id === gateway.sandbox.model.owner.id);
    const wire = gateway.sandbox.model.owner;
    expect(owner).toMatchObject({
      email: wire.email,
      firstName: wire.first_name ?? null,
      lastName: wire.last_name ?? null,
      displayName: wire.display_name ?? null,
      status: 'ACTIVE',
      timezone: wire.timezone ?? null,
      pmi: wire.pmi === undefined ? null : String(wire.pmi),
      department: wire.dept ?? null,
      verified: wire.verified === 1,
      createdAt: wire.created_at,
      lastLoginAt: wire.last_login_time ?? null,
      lastClientVersion: wire.last_client_version ?? null,
      role: { id: wire.role_id },
    });
    for (const user of users) expect(typeof user.pmi === 'string' || user.pmi === null).toBe(true);
    // Only fields of the GET /users item were asked for: the one list call answers all of them.
    expect(gateway.stats.apiCalls()).toBe(1);
  });

  it('fields the GET /users item lacks are right for listed users too, from one detail call per user', async () => {
    const result = await gateway.execute(`{ users(first: 300) { nodes {
      id phoneNumber language picUrl usePmi personalMeetingUrl company jobTitle location role { id name }
    } } }`);
    expect(result.errors).toBeUndefined();
    const users = result.data?.users.nodes as Array<{ id: string; phoneNumber: string | null }>;
    expect(users.length).toBeGreaterThan(1);
    for (const user of users) {
      const wire = userDetail(user.id);
      expect(user).toEqual({
        id: wire.id,
        phoneNumber: wire.phone_number ?? null,
        language: wire.language ?? null,
        picUrl: wire.pic_url ?? null,
        usePmi: wire.use_pmi ?? null,
        personalMeetingUrl: wire.personal_meeting_url ?? null,
        company: wire.company ?? null,
        jobTitle: wire.job_title ?? null,
        location: wire.location ?? null,
        role: { id: wire.role_id, name: wire.role_name ?? null },
      });
    }
    expect(users.filter((user) => user.phoneNumber !== null).length).toBeGreaterThan(0);
    expect(gateway.stats.count('user')).toBe(users.length);
  });

  it('meetings passes the list type and date range to Zoom and primes the meetings for later fields', async () => {
    const result = await gateway.execute(`{ me {
      upcoming: meetings(type: UPCOMING, first: 5) { totalCount nodes { id topic type startTime joinUrl host { id } } }
      ranged: meetings(from: "2026-01-01", to: "2026-03-31") { totalCount }
    } }`);
    expect(result.errors).toBeUndefined();
    const queries = gateway.stats
      .log()
      .filter((entry) => entry.operation === 'meetings')
      .map((entry) => Object.fromEntries(new URLSearchParams(entry.query)));
    expect(queries).toContainEqual(expect.objectContaining({ type: 'upcoming', page_size: '5' }));
    expect(queries).toContainEqual(expect.objectContaining({ type: 'scheduled', from: '2026-01-01', to: '2026-03-31' }));
    for (const meeting of result.data?.me.upcoming.nodes ?? []) {
      expect(meeting.host.id).toBe(gateway.sandbox.model.owner.id);
      expect(['INSTANT', 'SCHEDULED', 'RECURRING_NO_FIXED_TIME', 'RECURRING_FIXED_TIME']).toContain(meeting.type);
    }
    expect(gateway.stats.count('user')).toBe(1);
  });

  it('meetings rejects a date range that ends before it starts, before any call', async () => {
    const result = await gateway.execute('{ me { id meetings(from: "2026-02-01", to: "2026-01-01") { totalCount } } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(result.errors?.[0]?.path).toEqual(['me', 'meetings']);
    expect(gateway.stats.count('meetings')).toBe(0);
  });

  it('a Date argument that is not a calendar date is BAD_USER_INPUT', async () => {
    const result = await gateway.execute('query ($from: Date) { me { meetings(from: $from) { totalCount } } }', { from: '2026-02-30' });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(gateway.stats.apiCalls()).toBe(0);
  });

  it('recordings lists recorded meetings with their files over at most a month', async () => {
    const users = await gateway.execute('{ users(first: 300) { nodes { id } } }');
    const ids = (users.data?.users.nodes as Array<{ id: string }>).map((user) => user.id);
    let found = 0;
    for (const id of ids.slice(0, 10)) {
      const result = await gateway.execute(
        `query ($id: ID!) { user(id: $id) { recordings(from: "2025-12-16", to: "2026-01-15", first: 10) {
          totalCount nodes { uuid meetingId topic startTime duration totalSize recordingCount host { id }
            files { id fileType fileSize downloadUrl recordingStart recordingEnd } } } } }`,
        { id },
      );
      expect(result.errors).toBeUndefined();
      for (const recording of result.data?.user.recordings.nodes ?? []) {
        found++;
        expect(recording.host.id).toBe(id);
        expect(recording.meetingId).toMatch(/^\d+$/);
        expect(recording.files.length).toBe(recording.recordingCount);
      }
    }
    expect(found).toBeGreaterThan(0);
    const queries = gateway.stats.log().filter((entry) => entry.operation === 'recordingsList');
    expect(new URLSearchParams(queries[0]?.query).get('from')).toBe('2025-12-16');
  });

  it("answers every recording and file field as Zoom's recording list has it, with edges and cursors", async () => {
    const range = { from: '2025-12-16', to: '2026-01-15' };
    const users = await gateway.execute('{ users(first: 300) { nodes { id } } }');
    const id = (users.data?.users.nodes as Array<{ id: string }>)
      .map((user) => user.id)
      .find((userId) => recordingsWire(userId, range).meetings.length > 1);
    expect(id).toBeDefined();
    const result = await gateway.execute(
      `query ($id: ID!, $from: Date, $to: Date) { user(id: $id) { recordings(from: $from, to: $to, first: 300) {
        totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node {
          uuid meetingId topic startTime duration totalSize recordingCount playPasscode host { id }
          files { id recordingStart recordingEnd fileType fileExtension fileSize playUrl downloadUrl recordingType }
        } } } } }`,
      { id, ...range },
    );
    expect(result.errors).toBeUndefined();
    const connection = result.data?.user.recordings;
    const page = recordingsWire(id ?? '', range);
    expect(connection.totalCount).toBe(page.total_records);
    expect(connection.edges.map((edge: { node: unknown }) => edge.node)).toEqual(
      page.meetings.map(expectedRecording),
    );
    const files = page.meetings.flatMap((recording) => recording.recording_files);
    expect(page.meetings.every((recording) => recording.recording_play_passcode)).toBe(true);
    expect(files.every((file) => file.file_extension && file.play_url && file.recording_type)).toBe(true);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges.at(-1).cursor });
    const resumed = await gateway.execute(
      'query ($id: ID!, $from: Date, $to: Date, $after: String) { user(id: $id) { recordings(from: $from, to: $to, first: 1, after: $after) { nodes { uuid } } } }',
      { id, ...range, after: connection.edges[0].cursor },
    );
    expect(resumed.data?.user.recordings.nodes).toEqual([{ uuid: page.meetings[1]?.uuid }]);
  });

  it('meetings answers edges with cursors and pageInfo that resume the list', async () => {
    const result = await gateway.execute(
      '{ me { meetings(first: 3) { edges { cursor node { id } } nodes { id } pageInfo { hasNextPage endCursor } } } }',
    );
    expect(result.errors).toBeUndefined();
    const connection = result.data?.me.meetings;
    expect(connection.edges.map((edge: { node: { id: string } }) => edge.node)).toEqual(connection.nodes);
    expect(connection.pageInfo).toEqual({ hasNextPage: true, endCursor: connection.edges[2].cursor });
    const all = await gateway.execute('{ me { meetings(first: 5) { nodes { id } } } }');
    const resumed = await gateway.execute('query ($after: String) { me { meetings(first: 2, after: $after) { nodes { id } } } }', {
      after: connection.edges[0].cursor,
    });
    expect(resumed.data?.me.meetings.nodes).toEqual(all.data?.me.meetings.nodes.slice(1, 3));
  });

  it('recordings rejects a range longer than one month before any call', async () => {
    const result = await gateway.execute('{ me { recordings(from: "2026-01-01", to: "2026-02-15") { totalCount } } }');
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'to' });
    expect(gateway.stats.count('recordingsList')).toBe(0);
  });

  it('detail-only fields of a user fetched by id cost nothing more', async () => {
    const result = await gateway.execute(
      'query ($id: ID!) { user(id: $id) { picUrl usePmi personalMeetingUrl company jobTitle location role { name } } }',
      { id: gateway.sandbox.model.owner.id },
    );
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.apiCalls()).toBe(1);
  });
});
