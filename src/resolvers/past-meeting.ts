import type { PastMeetingResolvers } from '../__generated__/resolvers-types.ts';
import { pageQuery, resolveConnection, toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { nullIfNotFound } from '../graphql/errors.ts';
import { orNull } from '../graphql/values.ts';

/** An ended meeting instance: the parent is `GET /past_meetings/{meetingId}`. */
export const PastMeeting: PastMeetingResolvers = {
  id: (pastMeeting) => String(pastMeeting.id),
  uuid: (pastMeeting) => pastMeeting.uuid,
  topic: (pastMeeting) => pastMeeting.topic,
  type: (pastMeeting) => pastMeeting.type,
  startTime: (pastMeeting) => pastMeeting.start_time,
  endTime: (pastMeeting) => pastMeeting.end_time,
  duration: (pastMeeting) => pastMeeting.duration,
  totalMinutes: (pastMeeting) => pastMeeting.total_minutes,
  participantsCount: (pastMeeting) => pastMeeting.participants_count,
  hostName: (pastMeeting) => orNull(pastMeeting.user_name),
  hostEmail: (pastMeeting) => orNull(pastMeeting.user_email),
  department: (pastMeeting) => orNull(pastMeeting.dept),
  source: (pastMeeting) => orNull(pastMeeting.source),
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
        return toListPage(page, page.participants);
      },
    }),

  // By UUID: this instance's recording, not the meeting's latest. Not recorded (404 code 3301) is null.
  recording: (pastMeeting, _args, { loaders }) => nullIfNotFound(loaders.recordings.load(pastMeeting.uuid)),
};
