import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxHttpError } from '../../src/sandbox/index.ts';
import type { ZoomClient } from '../../src/zoom/client-types.ts';
import type { ZoomMeeting, ZoomPastMeeting, ZoomRegistrant, ZoomRegistrantPage } from '../../src/zoom/wire.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const REGISTRANT_FIELDS = /* GraphQL */ `
  fragment RegistrantFields on Registrant {
    id email firstName lastName status createdAt joinUrl city country organization jobTitle phone comments
    customQuestions { title value }
  }
`;

/** A registrant as the schema should show it: Zoom's `""` (no phone, no comments) reads as null. */
function expectedRegistrant(wire: ZoomRegistrant) {
  const orNull = <T>(value: T | undefined) => (value === undefined || value === '' ? null : value);
  return {
    id: wire.id,
    email: wire.email,
    firstName: wire.first_name,
    lastName: orNull(wire.last_name),
    status: wire.status === undefined ? null : wire.status.toUpperCase(),
    createdAt: orNull(wire.create_time),
    joinUrl: orNull(wire.join_url),
    city: orNull(wire.city),
    country: orNull(wire.country),
    organization: orNull(wire.org),
    jobTitle: orNull(wire.job_title),
    phone: orNull(wire.phone),
    comments: orNull(wire.comments),
    customQuestions: wire.custom_questions ?? [],
  };
}

interface Listed { id: string; type: string }

describe('Meeting', () => {
  let gateway: TestGateway;
  let meetings: Listed[];

  /** The meeting as Zoom answers `GET /meetings/{id}`, straight from the sandbox model (no HTTP, not counted). */
  const wire = (id: string): ZoomMeeting =>
    gateway.sandbox.model.handle({ operation: 'meeting', params: { meetingId: id }, query: new URLSearchParams(), body: undefined })
      .body as ZoomMeeting;

  /** The meeting's latest ended instance as Zoom answers `GET /past_meetings/{id}`, or undefined on Zoom's 404. */
  const pastWire = (id: string): ZoomPastMeeting | undefined => {
    try {
      return gateway.sandbox.model.handle({ operation: 'pastMeetingDetails', params: { meetingId: id }, query: new URLSearchParams(), body: undefined })
        .body as ZoomPastMeeting;
    } catch (error) {
      if (error instanceof SandboxHttpError && error.status === 404) return undefined;
      throw error;
    }
  };

  /** The meeting's registrants (Zoom's default filter, one page of 300) as Zoom answers them, from the model. */
  const registrantsWire = (id: string): ZoomRegistrantPage =>
    gateway.sandbox.model.handle({
      operation: 'meetingRegistrants',
      params: { meetingId: id },
      query: new URLSearchParams({ page_size: '300' }),
      body: undefined,
    }).body as ZoomRegistrantPage;

  beforeAll(async () => {
    gateway = await startTestGateway();
    const result = await gateway.execute('{ users(first: 300) { nodes { meetings(first: 50) { nodes { id type } } } } }');
    meetings = (result.data?.users.nodes as Array<{ meetings: { nodes: Listed[] } }>).flatMap((user) => user.meetings.nodes);
  });
  afterAll(async () => {
    await gateway?.close();
  });
  beforeEach(() => {
    gateway.stats.reset();
  });

  it('maps settings to typed enums and lists', async () => {
    const withSettings = meetings.find((meeting) => wire(meeting.id).settings?.alternative_hosts);
    expect(withSettings).toBeDefined();
    const id = withSettings?.id ?? '';
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { settings {
        hostVideo participantVideo joinBeforeHost joinBeforeHostMinutes muteUponEntry waitingRoom watermark usePmi
        approvalType registrationType audio autoRecording alternativeHosts meetingAuthentication privateMeeting
        emailNotification encryptionType focusMode } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    const settings = wire(id).settings ?? {};
    const approval = { 0: 'AUTOMATIC', 1: 'MANUAL', 2: 'NO_REGISTRATION' } as const;
    expect(result.data?.meeting.settings).toMatchObject({
      waitingRoom: settings.waiting_room ?? null,
      approvalType: settings.approval_type === undefined ? null : approval[settings.approval_type],
      alternativeHosts: (settings.alternative_hosts ?? '').split(/[;,]/).filter(Boolean),
    });
  });

  it('maps recurrence and occurrences of a recurring meeting', async () => {
    const recurring = meetings.find((meeting) => meeting.type === 'RECURRING_FIXED_TIME');
    expect(recurring).toBeDefined();
    const id = recurring?.id ?? '';
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) {
        recurrence { type repeatInterval weeklyDays monthlyDay monthlyWeek monthlyWeekDay endTimes endDateTime }
        occurrences { id occurrenceId startTime duration status } } }`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    const zoom = wire(id);
    expect(result.data?.meeting.recurrence.type).toBe({ 1: 'DAILY', 2: 'WEEKLY', 3: 'MONTHLY' }[zoom.recurrence?.type ?? 1]);
    expect(result.data?.meeting.occurrences.map((o: { occurrenceId: string }) => o.occurrenceId)).toEqual(
      (zoom.occurrences ?? []).map((o) => o.occurrence_id),
    );
    // The id is unique across meetings: Zoom's occurrence id (a start time) prefixed with the meeting's.
    expect(result.data?.meeting.occurrences.map((o: { id: string }) => o.id)).toEqual(
      (zoom.occurrences ?? []).map((o) => `${id}_${o.occurrence_id}`),
    );
    expect(gateway.stats.apiCalls()).toBe(1);
  });

  it('a meeting with no detail-only field selected costs only its list call', async () => {
    const result = await gateway.execute('{ me { meetings(first: 50) { nodes { id uuid topic type startTime duration timezone agenda createdAt joinUrl pmi } } } }');
    expect(result.errors).toBeUndefined();
    expect(gateway.stats.count('meeting')).toBe(0);
  });

  it('registrants lists with a status filter and walks pages', async () => {
    const withRegistrants = meetings.find((meeting) => wire(meeting.id).settings?.approval_type !== 2);
    expect(withRegistrants).toBeDefined();
    const id = withRegistrants?.id ?? '';
    const all = await gateway.execute(
      'query ($id: ID!) { meeting(id: $id) { registrants(first: 300) { totalCount nodes { id email firstName status createdAt customQuestions { title value } } } } }',
      { id },
    );
    expect(all.errors).toBeUndefined();
    const everyone = all.data?.meeting.registrants.nodes as Array<{ id: string; status: string }>;
    expect(everyone.length).toBeGreaterThan(1);
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page++) {
      const next: { data?: any } = await gateway.execute(
        'query ($id: ID!, $after: String) { meeting(id: $id) { registrants(first: 2, after: $after) { edges { cursor } nodes { id } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }',
        { id, after },
      );
      const { pageInfo, edges } = next.data.meeting.registrants;
      expect(pageInfo.hasPreviousPage).toBe(after !== null);
      expect(pageInfo.startCursor).toBe(edges[0].cursor);
      seen.push(...next.data.meeting.registrants.nodes.map((r: { id: string }) => r.id));
      if (!next.data.meeting.registrants.pageInfo.hasNextPage) break;
      after = next.data.meeting.registrants.pageInfo.endCursor;
    }
    expect(seen).toEqual(everyone.map((registrant) => registrant.id));
    gateway.stats.reset();
    await gateway.execute('query ($id: ID!) { meeting(id: $id) { registrants(status: PENDING) { totalCount } } }', { id });
    const query = gateway.stats.log().find((entry) => entry.operation === 'meetingRegistrants')?.query;
    expect(new URLSearchParams(query).get('status')).toBe('pending');
  });

  it("answers every registrant field as Zoom's registrant list has it, with edges and cursors", async () => {
    const id = meetings.find((meeting) => registrantsWire(meeting.id).registrants.length > 3)?.id ?? '';
    expect(id).not.toBe('');
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { registrants(first: 300) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { ...RegistrantFields } } } } } ${REGISTRANT_FIELDS}`,
      { id },
    );
    expect(result.errors).toBeUndefined();
    const connection = result.data?.meeting.registrants;
    const page = registrantsWire(id);
    expect(page.registrants.every((registrant) => registrant.city && registrant.country && registrant.org && registrant.last_name)).toBe(true);
    expect(connection.totalCount).toBe(page.total_records);
    expect(connection.edges.map((edge: { node: unknown }) => edge.node)).toEqual(page.registrants.map(expectedRegistrant));
    expect(connection.pageInfo).toEqual({ hasNextPage: false, endCursor: connection.edges.at(-1).cursor });
    const resumed = await gateway.execute(
      'query ($id: ID!, $after: String) { meeting(id: $id) { registrants(first: 2, after: $after) { nodes { id } } } }',
      { id, after: connection.edges[0].cursor },
    );
    expect(resumed.data?.meeting.registrants.nodes).toEqual(page.registrants.slice(1, 3).map((registrant) => ({ id: registrant.id })));
  });

  it('reads phone and comments from the wire names of the spec (the sandbox always sends them empty)', async () => {
    const id = meetings.find((meeting) => registrantsWire(meeting.id).registrants.length > 1)?.id ?? '';
    // The sandbox's registrants leave phone and comments empty, which reads as null whatever the resolver looks at;
    // give every registrant telling values instead.
    const withAnswers: ZoomClient = {
      call: async (operation, call) => {
        const answer = await gateway.zoom.call(operation, call);
        if (operation === 'meetingRegistrants') {
          for (const [index, registrant] of (answer as ZoomRegistrantPage).registrants.entries()) {
            registrant.phone = `+1 555010${index}`;
            registrant.comments = `Question ${index}`;
          }
        }
        return answer;
      },
      paginate: (operation, call) => gateway.zoom.paginate(operation, call),
    };
    const result = await gateway.execute(
      `query ($id: ID!) { meeting(id: $id) { registrants(first: 300) { nodes { ...RegistrantFields } } } } ${REGISTRANT_FIELDS}`,
      { id },
      { zoom: withAnswers },
    );
    expect(result.errors).toBeUndefined();
    const registrants = result.data?.meeting.registrants.nodes as Array<{ phone: string; comments: string }>;
    expect(registrants.length).toBeGreaterThan(1);
    registrants.forEach((registrant, index) => {
      expect(registrant.phone).toBe(`+1 555010${index}`);
      expect(registrant.comments).toBe(`Question ${index}`);
    });
  });

  it('lastInstance is null without an error for a meeting not held yet (Zoom answers 404)', async () => {
    const neverHeld = meetings.find((meeting) => pastWire(meeting.id) === undefined);
    expect(neverHeld).toBeDefined();
    const result = await gateway.execute('query ($id: ID!) { meeting(id: $id) { id topic lastInstance { uuid } } }', { id: neverHeld?.id });
    expect(result.errors).toBeUndefined();
    expect(result.data?.meeting).toEqual({ id: neverHeld?.id, topic: wire(neverHeld?.id ?? '').topic, lastInstance: null });
    // The null is Zoom's answer, not a call left out.
    expect(gateway.stats.count('pastMeetingDetails', 404)).toBe(1);
  });

  it('lastInstance is the latest ended instance of a meeting that was held', async () => {
    const held = meetings.find((meeting) => pastWire(meeting.id) !== undefined);
    expect(held).toBeDefined();
    const id = held?.id ?? '';
    const result = await gateway.execute('query ($id: ID!) { meeting(id: $id) { lastInstance { id uuid meetingId endTime } } }', { id });
    expect(result.errors).toBeUndefined();
    const past = pastWire(id);
    expect(result.data?.meeting.lastInstance).toEqual({ id: past?.uuid, uuid: past?.uuid, meetingId: id, endTime: past?.end_time });
  });
});
