import type { PastMeetingResolvers } from '../__generated__/resolvers-types.ts';
import { pageQuery, resolveConnection, toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { nullIfNotFound } from '../graphql/errors.ts';
import { orNull } from '../graphql/values.ts';
import type { Loaders } from '../loaders/index.ts';
import type { ZoomPastMeeting, ZoomPastMeetingSummary } from '../zoom/wire.ts';

/**
 * An ended meeting instance: the parent is `GET /past_meetings/{meetingId}`, or a summary from a meeting's history
 * (UUID, start, meeting id, host); a summary's other fields read the instance once, when one of them is selected.
 */
export const PastMeeting: PastMeetingResolvers = {
  // The instance's UUID: the meeting id is shared by every instance, so it cannot key one in a client cache.
  id: (pastMeeting) => pastMeeting.uuid,
  uuid: (pastMeeting) => pastMeeting.uuid,
  meetingId: (pastMeeting) => String(pastMeeting.id),
  topic: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'topic'),
  type: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'type'),
  startTime: (pastMeeting) => pastMeeting.start_time,
  endTime: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'end_time'),
  duration: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'duration'),
  totalMinutes: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'total_minutes'),
  participantsCount: (pastMeeting, _args, { loaders }) => detail(loaders, pastMeeting, 'participants_count'),
  hostName: async (pastMeeting, _args, { loaders }) => orNull(await loaders.pastMeetings.field(pastMeeting, 'user_name')),
  hostEmail: async (pastMeeting, _args, { loaders }) => orNull(await loaders.pastMeetings.field(pastMeeting, 'user_email')),
  department: async (pastMeeting, _args, { loaders }) => orNull(await loaders.pastMeetings.field(pastMeeting, 'dept')),
  source: async (pastMeeting, _args, { loaders }) => orNull(await loaders.pastMeetings.field(pastMeeting, 'source')),
  host: (pastMeeting, _args, { loaders }) => loaders.users.load(pastMeeting.host_id),

  // By UUID, so the participants are this instance's even after the meeting is held again.
  participants: (pastMeeting, { first, after }, { zoom, now, signal, cursorKey }) =>
    resolveConnection({
      first,
      after,
      scope: cursorScope(['participants', pastMeeting.uuid]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const page = await zoom.call('pastMeetingParticipants', {
          path: { meetingId: pastMeeting.uuid },
          query: pageQuery(request),
          signal,
        });
        // Tagged with the instance, which each join's id includes.
        return toListPage(page, page.participants?.map((participant) => ({ ...participant, meeting_uuid: pastMeeting.uuid })));
      },
    }),

  // Zoom's attendance report, by UUID like `participants`; Heavy, one call per page.
  // @see https://developers.zoom.us/docs/api/reports/#tag/reports/GET/report/meetings/{meetingId}/participants
  attendanceReport: (pastMeeting, { first, after }, { zoom, now, signal, cursorKey }) =>
    resolveConnection({
      first,
      after,
      scope: cursorScope(['attendance', pastMeeting.uuid]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const page = await zoom.call('reportMeetingParticipants', { path: { meetingId: pastMeeting.uuid }, query: pageQuery(request), signal });
        return toListPage(page, page.participants?.map((record) => ({ ...record, meeting_uuid: pastMeeting.uuid })));
      },
    }),

  // By UUID: this instance's recording, not the meeting's latest. Not recorded (404 code 3301) is null.
  recording: (pastMeeting, _args, { loaders }) => nullIfNotFound(loaders.recordings.load(pastMeeting.uuid)),
};

/** A field every `GET /past_meetings/{meetingId}` answer has: the summary's own, else the detail's. */
async function detail<K extends 'topic' | 'type' | 'end_time' | 'duration' | 'total_minutes' | 'participants_count'>(
  loaders: Loaders,
  pastMeeting: ZoomPastMeetingSummary,
  key: K,
): Promise<ZoomPastMeeting[K]> {
  return (await loaders.pastMeetings.field(pastMeeting, key)) ?? (await loaders.pastMeetings.detailOf(pastMeeting))[key];
}
