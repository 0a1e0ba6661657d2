import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { invalidationsFor } from '../events/invalidations.ts';
import type { MeetingEventType } from '../events/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { GatewayError, toGatewayError } from '../graphql/errors.ts';
import { parseMeetingDateTime } from '../mutations/date-time.ts';
import {
  parseCreateMeetingArgs,
  parseDeleteMeetingArgs,
  parseEndMeetingArgs,
  parseUpdateMeetingArgs,
} from '../mutations/meeting-write-args.ts';
import { toZoomMeetingCreateBody, toZoomMeetingUpdateBody } from '../mutations/to-zoom-meeting-body.ts';
import { isZoomError } from '../zoom/errors.ts';
import { recordingMutations } from './recording-mutations.ts';
import type { ZoomMeeting } from '../zoom/wire.ts';

/**
 * The GraphQL query a client runs to find out whether a create whose answer was lost happened: the host's upcoming
 * meetings, to be searched for the topic and start time in `extensions.check.lookFor`.
 */
export const CHECK_CREATED_MEETING_QUERY = `query CheckCreatedMeeting($hostId: ID!) {
  user(id: $hostId) {
    meetings(type: UPCOMING, first: 300) {
      nodes { id topic startTime createdAt }
    }
  }
}`;

/**
 * Meeting writes. Each first checks its arguments (`src/mutations/meeting-write-args.ts`: `BAD_USER_INPUT` with
 * every problem's path in `extensions.problems`); the field's access rule runs the same check, once, before its
 * own reads, so bad input never costs a Zoom call. Each write forgets what this operation's loaders held for the
 * meeting and asks the shared-cache seam (`context.invalidate`) to drop the meeting and its host's lists, with the
 * keys the webhook path uses for the same change (`invalidationsFor`). Zoom's 100-per-host daily write limit surfaces as
 * `RATE_LIMITED` with `retryAt` (the Zoom client never retries it).
 */
export const Mutation: MutationResolvers = {
  createMeeting: async (_root, args, context) => {
    const { hostKey, input } = parseCreateMeetingArgs(args);
    const body = toZoomMeetingCreateBody(input);
    let created: ZoomMeeting;
    try {
      // The Zoom client never retries a POST that may have reached Zoom: a lost answer is OUTCOME_UNKNOWN.
      created = await context.zoom.call('meetingCreate', { path: { userId: hostKey }, body, signal: context.signal });
    } catch (error) {
      throw createFailure(error, input.scheduleFor ?? hostKey, body.topic, body.start_time);
    }
    const meeting = await withHostId(created, input.scheduleFor ?? hostKey, context);
    afterWrite(context, String(meeting.id), meeting);
    await invalidate(context, 'CREATED', String(meeting.id), [meeting.host_id]);
    return meeting;
  },

  updateMeeting: async (_root, args, context) => {
    const { meetingId, occurrenceId, input } = parseUpdateMeetingArgs(args);
    // Moving a meeting to another host changes two hosts' lists; learn the current host first (free when this
    // operation already loaded the meeting).
    const before = input.scheduleFor == null ? undefined : await context.loaders.meetings.load(meetingId);
    await context.zoom.call('meetingUpdate', {
      path: { meetingId },
      query: { occurrence_id: occurrenceId },
      body: toZoomMeetingUpdateBody(input),
      signal: context.signal,
    });
    // PATCH answers 204 without a body: read the meeting as Zoom now has it, never this operation's older copy.
    context.loaders.meetings.clear(meetingId);
    const meeting = await context.loaders.meetings.loadDetail(meetingId);
    await invalidate(context, 'UPDATED', meetingId, [before?.host_id, meeting.host_id]);
    return meeting;
  },

  deleteMeeting: async (_root, args, context) => {
    const { meetingId, occurrenceId } = parseDeleteMeetingArgs(args);
    // The host is needed to invalidate its lists, and cannot be read after the delete. Free when this operation
    // already loaded the meeting, one Light call otherwise (which also answers NOT_FOUND before any write).
    const before = await context.loaders.meetings.load(meetingId);
    await context.zoom.call('meetingDelete', {
      path: { meetingId },
      query: { occurrence_id: occurrenceId },
      signal: context.signal,
    });
    context.loaders.meetings.clear(meetingId);
    await invalidate(context, 'DELETED', meetingId, [before.host_id]);
    return meetingId;
  },

  endMeeting: async (_root, args, context) => {
    const { meetingId } = parseEndMeetingArgs(args);
    // @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/PUT/meetings/{meetingId}/status
    await context.zoom.call('meetingStatus', { path: { meetingId }, body: { action: 'end' }, signal: context.signal });
    context.loaders.meetings.clear(meetingId);
    const meeting = await context.loaders.meetings.loadDetail(meetingId);
    // Ending creates a past instance too: the keys are those of Zoom's meeting.ended event.
    await invalidate(context, 'ENDED', meetingId, [meeting.host_id], meeting.uuid);
    return meeting;
  },

  ...recordingMutations,
};

/**
 * The error for a failed create. A lost answer means Zoom may have created the meeting: say so, and give the client
 * what it needs to look before it tries again (`extensions.check`).
 */
function createFailure(error: unknown, hostKey: string, topic: string | undefined, startTime: string | undefined): GatewayError {
  if (!isZoomError(error) || error.code !== 'OUTCOME_UNKNOWN') return toGatewayError(error);
  const start = startTime === undefined ? undefined : parseMeetingDateTime(startTime);
  return new GatewayError(
    'OUTCOME_UNKNOWN',
    'Zoom did not answer the create request, so the meeting may or may not exist. Do not simply retry: list the ' +
      "host's upcoming meetings (extensions.check.query) and look for this topic and start time first.",
    {
      zoomStatus: error.status,
      reason: 'CREATE_UNCONFIRMED',
      check: {
        lookFor: {
          hostId: hostKey,
          topic: topic ?? null,
          // As Zoom stores it: UTC (`...Z`), or wall time in the meeting's time zone.
          startTime: start?.zoom ?? null,
        },
        query: CHECK_CREATED_MEETING_QUERY,
        variables: { hostId: hostKey },
      },
      cause: error,
    },
  );
}

/**
 * Zoom's documented create answer has no `host_id` (the live API sends it). Without one, the host is the
 * `userId`/`scheduleFor` the meeting was created for: an id as given, an email or `me` resolved through the
 * user loader (one Light call, shared with a `host` selection).
 */
async function withHostId(created: ZoomMeeting, hostKey: string, context: GatewayContext): Promise<ZoomMeeting> {
  if (typeof created.host_id === 'string' && created.host_id !== '') return created;
  const isPlainId = hostKey !== 'me' && !hostKey.includes('@');
  const hostId = isPlainId ? hostKey : (await context.loaders.users.load(hostKey)).id;
  return { ...created, host_id: hostId };
}

/** Replaces what this operation knew about the meeting with Zoom's answer to the write. */
function afterWrite(context: GatewayContext, meetingId: string, meeting: ZoomMeeting): void {
  context.loaders.meetings.clear(meetingId);
  context.loaders.meetings.primeDetail([meeting]);
}

/**
 * Asks the shared-cache seam to drop what the write made stale: the keys of the webhook event Zoom will send for
 * it, once per host involved. A failed invalidation fails nothing: the write happened.
 */
async function invalidate(
  context: GatewayContext,
  type: Extract<MeetingEventType, 'CREATED' | 'UPDATED' | 'DELETED' | 'ENDED'>,
  meetingId: string,
  hostIds: ReadonlyArray<string | undefined>,
  meetingUuid?: string,
): Promise<void> {
  const keys = new Set<string>();
  const hosts = [...new Set(hostIds.filter((host): host is string => typeof host === 'string' && host !== ''))];
  for (const hostId of hosts.length === 0 ? [undefined] : hosts) {
    for (const key of invalidationsFor(writeEvent(type, meetingId, hostId, meetingUuid))) keys.add(key);
  }
  try {
    await context.invalidate([...keys]);
  } catch {
    // The write is done and must be reported as done, or the client would retry it. The invalidator logs its own
    // failures (as the webhook publisher does), and a stale shared entry still expires by its TTL.
  }
}

/** A minimal gateway event describing a write, so writes and webhooks name the same cache keys. */
function writeEvent(
  type: 'CREATED' | 'UPDATED' | 'DELETED' | 'ENDED',
  meetingId: string,
  hostId: string | undefined,
  meetingUuid: string | undefined,
): Parameters<typeof invalidationsFor>[0] {
  const base = {
    kind: 'meeting' as const,
    zoomEvent: `meeting.${type.toLowerCase()}`,
    occurredAt: new Date(0).toISOString(),
    meetingId,
    meeting: {},
    ...(hostId === undefined ? {} : { hostId }),
    ...(meetingUuid === undefined ? {} : { meetingUuid }),
  };
  switch (type) {
    case 'UPDATED':
      return { ...base, type, changedFields: [], previous: {}, occurrenceIds: [] };
    case 'DELETED':
      return { ...base, type, occurrenceIds: [] };
    default:
      return { ...base, type };
  }
}
