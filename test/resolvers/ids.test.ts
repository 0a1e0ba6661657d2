import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ZoomMeeting, ZoomParticipantPage } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/**
 * The cache bugs of issue 11: a normalized client cache (Apollo, urql) keys an object by `__typename` and `id`, so two
 * objects of one type with one id become one entry. Each test finds, in the sandbox's data, the case where Zoom's own
 * ids collide and shows that the gateway's ids do not: as many cache entries as rows.
 */
function cacheKeys(objects: ReadonlyArray<{ __typename: string; id: string }>): Set<string> {
  return new Set(objects.map((object) => `${object.__typename}:${object.id}`));
}

describe('ids are unique per type, as normalized caches need', () => {
  let gateway: TestGateway;
  let meetingIds: string[];

  const model = <T>(operation: 'meeting' | 'pastMeetingInstances' | 'pastMeetingParticipants', meetingId: string, query = new URLSearchParams()): { status: number; body: T } =>
    gateway.sandbox.model.handle({ operation, params: { meetingId }, query, body: undefined }) as { status: number; body: T };

  beforeAll(async () => {
    gateway = await startTestGateway();
    const listed = await gateway.execute('{ users(first: 300) { nodes { meetings(first: 300) { nodes { id } } } } }');
    expect(listed.errors).toBeUndefined();
    meetingIds = (listed.data?.users.nodes as Array<{ meetings: { nodes: Array<{ id: string }> } }>).flatMap((user) =>
      user.meetings.nodes.map((meeting) => meeting.id),
    );
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('two meetings whose occurrences share a start time get distinct Occurrence ids', async () => {
    // Two recurring meetings with an occurrence id (a start time) in common, found in the model (not counted).
    const owners = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (const id of meetingIds) {
      for (const occurrence of model<ZoomMeeting>('meeting', id).body.occurrences ?? []) {
        const other = owners.get(occurrence.occurrence_id);
        if (other !== undefined && other !== id) pair = [other, id];
        owners.set(occurrence.occurrence_id, id);
      }
      if (pair !== undefined) break;
    }
    expect(pair).toBeDefined();
    const [a, b] = pair!;
    const result = await gateway.execute(
      `query ($a: ID!, $b: ID!) {
        a: meeting(id: $a) { occurrences { __typename id occurrenceId duration } }
        b: meeting(id: $b) { occurrences { __typename id occurrenceId duration } } }`,
      { a, b },
    );
    expect(result.errors).toBeUndefined();
    type Row = { __typename: string; id: string; occurrenceId: string };
    const rows = [...(result.data?.a.occurrences as Row[]), ...(result.data?.b.occurrences as Row[])];
    const zoomIds = rows.map((row) => row.occurrenceId);
    expect(new Set(zoomIds).size).toBeLessThan(rows.length); // Zoom's ids collide ...
    expect(cacheKeys(rows).size).toBe(rows.length); // ... the gateway's do not.
    expect(gateway.stats.count('meeting')).toBe(2);
  });

  it('a participant who rejoined appears as two rows with distinct ids', async () => {
    // An ended instance where one person (one Zoom user id) joined more than once.
    let uuid: string | undefined;
    for (const id of meetingIds) {
      const instances = model<{ meetings?: Array<{ uuid: string }> }>('pastMeetingInstances', id);
      for (const instance of instances.status === 200 ? (instances.body.meetings ?? []) : []) {
        const page = model<ZoomParticipantPage>('pastMeetingParticipants', instance.uuid, new URLSearchParams({ page_size: '300' }));
        const people = page.body.participants.map((participant) => participant.id).filter((person) => person !== undefined && person !== '');
        if (new Set(people).size < people.length) uuid = instance.uuid;
        if (uuid !== undefined) break;
      }
      if (uuid !== undefined) break;
    }
    expect(uuid).toBeDefined();
    const result = await gateway.execute(
      'query ($uuid: ID!) { pastMeeting(id: $uuid) { participants(first: 300) { totalCount nodes { __typename id zoomUserId joinTime } } } }',
      { uuid },
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data?.pastMeeting.participants.nodes as Array<{ __typename: string; id: string; zoomUserId: string | null }>;
    expect(rows.length).toBe(result.data?.pastMeeting.participants.totalCount);
    const people = rows.flatMap((row) => (row.zoomUserId === null ? [] : [row.zoomUserId]));
    expect(new Set(people).size).toBeLessThan(people.length);
    expect(cacheKeys(rows).size).toBe(rows.length);
    expect(gateway.stats.count('pastMeetingParticipants')).toBe(1);
  });

  it('two instances of a recurring meeting have distinct PastMeeting ids, each read back by its id', async () => {
    const held = meetingIds.find((id) => {
      const instances = model<{ meetings?: unknown[] }>('pastMeetingInstances', id);
      return instances.status === 200 && (instances.body.meetings ?? []).length > 1;
    });
    expect(held).toBeDefined();
    const result = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { history(first: 2) { nodes { __typename id meetingId startTime } } } }',
      { id: held },
    );
    expect(result.errors).toBeUndefined();
    const rows = result.data?.meeting.history.nodes as Array<{ __typename: string; id: string; meetingId: string; startTime: string }>;
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.meetingId)).toEqual([held, held]);
    expect(cacheKeys(rows).size).toBe(2);
    // Re-reading the older instance by its id answers that instance, not the latest.
    gateway.stats.reset();
    const again = await gateway.execute('query ($id: ID!) { pastMeeting(id: $id) { id startTime } }', { id: rows[1]!.id });
    expect(again.errors).toBeUndefined();
    expect(again.data?.pastMeeting).toEqual({ id: rows[1]!.id, startTime: rows[1]!.startTime });
    expect(gateway.stats.count('pastMeetingDetails')).toBe(1);
  });
});
