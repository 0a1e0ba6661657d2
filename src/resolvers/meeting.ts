import type { MeetingResolvers } from '../__generated__/resolvers-types.ts';
import { offsetPage, pageQuery, resolveConnection, toListPage } from '../graphql/connection.ts';
import { cursorScope } from '../graphql/cursor.ts';
import { nullIfNotFound } from '../graphql/errors.ts';
import { selectsOnly } from '../graphql/selection.ts';
import { idOrNull, orNull } from '../graphql/values.ts';
import type { ZoomMeeting, ZoomUserListItem } from '../zoom/wire.ts';

/** The host's fields a meeting's detail answers itself (`host_id`, `host_email`). */
const HOST_FROM_MEETING: ReadonlySet<string> = new Set(['id', 'email']);

/**
 * A meeting. The parent is a `GET /users/{userId}/meetings` list item or a `GET /meetings/{meetingId}` detail.
 * The list lacks status, start URL, password, settings, recurrence and occurrences: selecting any of them fetches
 * the detail, once per meeting per operation however many of them are selected.
 */
export const Meeting: MeetingResolvers = {
  id: (meeting) => String(meeting.id),
  uuid: (meeting) => meeting.uuid,
  topic: (meeting) => meeting.topic,
  type: (meeting) => meeting.type,
  status: async (meeting, _args, { loaders }) => orNull(await loaders.meetings.field(meeting, 'status')),
  startTime: (meeting) => orNull(meeting.start_time),
  duration: (meeting) => orNull(meeting.duration),
  timezone: (meeting) => orNull(meeting.timezone),
  agenda: (meeting) => orNull(meeting.agenda),
  createdAt: (meeting) => orNull(meeting.created_at),
  joinUrl: (meeting) => meeting.join_url,
  startUrl: async (meeting, _args, { loaders }) => orNull(await loaders.meetings.field(meeting, 'start_url')),
  password: async (meeting, _args, { loaders }) => orNull(await loaders.meetings.field(meeting, 'password')),
  pmi: (meeting) => idOrNull(meeting.pmi),
  settings: async (meeting, _args, { loaders }) => orNull(await loaders.meetings.field(meeting, 'settings')),
  recurrence: async (meeting, _args, { loaders }) => orNull(await loaders.meetings.field(meeting, 'recurrence')),
  // Tagged with the meeting: Zoom's occurrence id (a start time) is unique only within it.
  occurrences: async (meeting, _args, { loaders }) =>
    ((await loaders.meetings.field(meeting, 'occurrences')) ?? []).map((occurrence) => ({ ...occurrence, meeting_id: String(meeting.id) })),
  // Meetings listed under a user carry that user's id, and the user is already known: no call. A meeting's detail
  // names its host's email (`host_email`): `host { id email }` is answered from it, without `GET /users/{userId}`
  // (the cost map's `answeredByParent`). A list item has no `host_email`: its host is loaded as before.
  host: (meeting, _args, { loaders }, info) => {
    const email = (meeting as ZoomMeeting).host_email;
    if (typeof email === 'string' && email !== '' && selectsOnly(info, HOST_FROM_MEETING)) {
      // Only `id` and `email` are resolved on it (selectsOnly), so the rest of a user is not needed.
      return { id: meeting.host_id, email } as ZoomUserListItem;
    }
    return loaders.users.load(meeting.host_id);
  },

  registrants: (meeting, { status, first, after }, { zoom, now, signal, cursorKey }) =>
    resolveConnection({
      first,
      after,
      scope: cursorScope(['registrants', String(meeting.id), status]),
      now,
      cursorKey,
      fetchPage: async (request) => {
        const query = { ...pageQuery(request), status: status ?? undefined };
        const page = await zoom.call('meetingRegistrants', { path: { meetingId: String(meeting.id) }, query, signal });
        return toListPage(page, page.registrants);
      },
    }),

  // A meeting not held yet has no ended instance: Zoom answers 404 (code 3001, "The meeting ID is invalid or the
  // meeting has not ended."), which here is null without an error, as the schema says. The meeting itself exists:
  // it is this field's parent.
  // @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/past_meetings/{meetingId}
  lastInstance: (meeting, _args, { loaders }) => nullIfNotFound(loaders.pastMeetings.load(String(meeting.id))),

  // Zoom lists every ended instance in one unpaged answer; the connection pages over it with offsets as its page
  // tokens, so cursors work as on Zoom's paged lists. Newest first, as a history is read.
  // @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/past_meetings/{meetingId}/instances
  history: (meeting, { first, after }, { zoom, loaders, now, signal, cursorKey }) =>
    resolveConnection({
      first,
      after,
      scope: cursorScope(['history', String(meeting.id)]),
      now,
      cursorKey,
      fetchPage: async ({ pageToken, pageSize }) => {
        const listed = await nullIfNotFound(zoom.call('pastMeetingInstances', { path: { meetingId: String(meeting.id) }, signal }));
        const instances = [...(listed?.meetings ?? [])].sort((a, b) => (a.start_time < b.start_time ? 1 : a.start_time > b.start_time ? -1 : 0));
        const summaries = instances.map((instance) => ({ id: meeting.id, uuid: instance.uuid, start_time: instance.start_time, host_id: meeting.host_id }));
        loaders.pastMeetings.prime(summaries);
        return offsetPage(summaries, pageToken, pageSize);
      },
    }),

  // A meeting never recorded, or whose files are all in the trash, is 404 code 3301 ("There is no recording for
  // this meeting."): null without an error, as the schema says.
  // @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
  recording: (meeting, _args, { loaders }) => nullIfNotFound(loaders.recordings.load(String(meeting.id))),

  recordingSettings: async (meeting, _args, { zoom, signal }) => {
    const settings = await nullIfNotFound(zoom.call('recordingSettings', { path: { meetingId: String(meeting.id) }, signal }));
    return settings === null ? null : { ...settings, host_id: meeting.host_id };
  },
};
