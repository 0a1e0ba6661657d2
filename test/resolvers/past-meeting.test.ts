import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoomClient } from '../../src/zoom/client-types.ts';
import type { ZoomParticipant, ZoomParticipantPage, ZoomPastMeeting } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

/** Zoom's numeric past meeting `type` as the schema's enum names it. */
const PAST_MEETING_TYPE = { 0: 'PRESCHEDULED', 1: 'INSTANT', 2: 'SCHEDULED', 3: 'RECURRING_NO_FIXED_TIME', 4: 'PERSONAL_MEETING_ROOM', 7: 'PERSONAL_AUDIO_CONFERENCE', 8: 'RECURRING_FIXED_TIME' } as const;

const PARTICIPANT_FIELDS = /* GraphQL */ `
  fragment ParticipantFields on Participant { id zoomUserId name userId registrantId email joinTime leaveTime duration failover status }
`;

/** A participant as the schema should show it: Zoom's `""` (guest id, outside email) reads as null. */
function expectedParticipant(uuid: string, wire: ZoomParticipant) {
  const orNull = <T>(value: T | undefined) => (value === undefined || value === '' ? null : value);
  return {
    id: `${uuid}_${wire.user_id || wire.id || wire.name}_${wire.join_time}`,
    zoomUserId: orNull(wire.id),
    name: wire.name,
    userId: orNull(wire.user_id),
    registrantId: orNull(wire.registrant_id),
    email: orNull(wire.user_email),
    joinTime: wire.join_time,
    leaveTime: wire.leave_time,
    duration: wire.duration,
    failover: wire.failover ?? null,
    status: wire.status === undefined ? null : wire.status.toUpperCase(),
  };
}

describe('PastMeeting', () => {
  let gateway: TestGateway;
  let uuid: string;

  /** What Zoom answers for `operation` on this instance, straight from the sandbox model (no HTTP, not counted). */
  const wire = <T>(operation: 'pastMeetingDetails' | 'pastMeetingParticipants', query = new URLSearchParams()): T =>
    gateway.sandbox.model.handle({ operation, params: { meetingId: uuid }, query, body: undefined }).body as T;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const listed = await gateway.execute('{ me { meetings(first: 50) { nodes { lastInstance { uuid participantsCount } } } } }');
    const instance = (listed.data?.me.meetings.nodes as Array<{ lastInstance: { uuid: string; participantsCount: number } | null }>)
      .map((meeting) => meeting.lastInstance)
      .find((past) => past !== null && past.participantsCount > 3);
    expect(instance).toBeDefined();
    uuid = instance?.uuid ?? '';
  });
  afterAll(async () => {
    await gateway?.close();
  });

  it("answers every field of the instance as Zoom's GET /past_meetings/{uuid} has it", async () => {
    const result = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { id uuid meetingId topic type startTime endTime duration totalMinutes
        participantsCount hostName hostEmail department source host { id } } }`,
      { uuid },
    );
    expect(result.errors).toBeUndefined();
    const past = wire<ZoomPastMeeting>('pastMeetingDetails');
    expect(past.user_email).toContain('@');
    expect(past.source).toBeTruthy();
    expect(past.dept).toBeTruthy();
    expect(result.data?.pastMeeting).toEqual({
      id: past.uuid,
      uuid: past.uuid,
      meetingId: String(past.id),
      topic: past.topic,
      type: PAST_MEETING_TYPE[past.type],
      startTime: past.start_time,
      endTime: past.end_time,
      duration: past.duration,
      totalMinutes: past.total_minutes,
      participantsCount: past.participants_count,
      hostName: past.user_name ?? null,
      hostEmail: past.user_email ?? null,
      department: past.dept ?? null,
      source: past.source ?? null,
      host: { id: past.host_id },
    });
  });

  it("answers every participant field as Zoom's participant list has it, with edges and cursors", async () => {
    const result = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { participants(first: 300) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ...ParticipantFields } } } } } ${PARTICIPANT_FIELDS}`,
      { uuid },
    );
    expect(result.errors).toBeUndefined();
    const connection = result.data?.pastMeeting.participants;
    const page = wire<ZoomParticipantPage>('pastMeetingParticipants', new URLSearchParams({ page_size: '300' }));
    expect(connection.totalCount).toBe(page.total_records);
    expect(connection.edges.map((edge: { node: unknown }) => edge.node)).toEqual(page.participants.map((participant) => expectedParticipant(uuid, participant)));
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges.at(-1).cursor });
    // An edge's cursor resumes the list right after that edge.
    const resumed = await gateway.execute(
      'query ($uuid: ID!, $after: String) { pastMeeting(id: $uuid) { participants(first: 2, after: $after) { nodes { name joinTime } } } }',
      { uuid, after: connection.edges[1].cursor },
    );
    expect(resumed.data?.pastMeeting.participants.nodes).toEqual(
      page.participants.slice(2, 4).map((participant) => ({ name: participant.name, joinTime: participant.join_time })),
    );
  });

  it('reads registrantId and failover from the wire names of the spec (the sandbox always sends none and false)', async () => {
    // The sandbox's participants never registered and never failed over, so those fields would read the same
    // whatever the resolver looked at. Give every participant Zoom's fields with telling values instead.
    const withRegistration: ZoomClient = {
      call: async (operation, call) => {
        const answer = await gateway.zoom.call(operation, call);
        if (operation === 'pastMeetingParticipants') {
          for (const [index, participant] of (answer as ZoomParticipantPage).participants.entries()) {
            participant.registrant_id = `reg-${index}`;
            participant.failover = index % 2 === 0;
          }
        }
        return answer;
      },
      paginate: (operation, call) => gateway.zoom.paginate(operation, call),
    };
    const result = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { participants(first: 300) { nodes { ...ParticipantFields } } } } ${PARTICIPANT_FIELDS}`,
      { uuid },
      { zoom: withRegistration },
    );
    expect(result.errors).toBeUndefined();
    const participants = result.data?.pastMeeting.participants.nodes as Array<{ registrantId: string; failover: boolean }>;
    expect(participants.length).toBeGreaterThan(3);
    participants.forEach((participant, index) => {
      expect(participant.registrantId).toBe(`reg-${index}`);
      expect(participant.failover).toBe(index % 2 === 0);
    });
  });

  it('participants of an instance walk every page without duplicates, with guests and outside emails as null', async () => {
    const all = await gateway.execute(
      `query ($uuid: ID!) { pastMeeting(id: $uuid) { participantsCount startTime endTime duration totalMinutes hostName
        participants(first: 300) { totalCount nodes { id name userId email joinTime leaveTime duration status } } } }`,
      { uuid },
    );
    expect(all.errors).toBeUndefined();
    const everyone = all.data?.pastMeeting.participants.nodes as Array<{ userId: string | null; name: string; email: string | null }>;
    expect(everyone.length).toBe(all.data?.pastMeeting.participants.totalCount);
    for (const participant of everyone) expect(participant.email === null || participant.email.includes('@')).toBe(true);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const next: { data?: any; errors?: unknown } = await gateway.execute(
        'query ($uuid: ID!, $after: String) { pastMeeting(id: $uuid) { participants(first: 3, after: $after) { nodes { name joinTime } pageInfo { hasNextPage endCursor } } } }',
        { uuid, after },
      );
      expect(next.errors).toBeUndefined();
      const connection = next.data.pastMeeting.participants;
      seen.push(...connection.nodes.map((p: { name: string; joinTime: string }) => `${p.name}@${p.joinTime}`));
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(everyone.map((p: any) => `${p.name}@${p.joinTime}`));
  });
});
