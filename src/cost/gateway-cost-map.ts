import type { CostMap } from './cost-map.ts';

/** How `node`/`nodes` read each type of `Node` (src/resolvers/node.ts). */
const NODE_READS = Object.freeze({ User: 'user', Meeting: 'meeting', PastMeeting: 'pastMeetingDetails' } as const);

/**
 * What each field of `schema/*.graphql` may cost in Zoom calls (see `FieldCost`), read from the resolvers in
 * `src/resolvers/` and the operation table `src/zoom/operations.ts` (which holds each operation's rate-limit
 * category, per https://developers.zoom.us/docs/api/rest/rate-limits/). Fields not listed make no Zoom call: they
 * read what their parent already holds.
 *
 * Upper bounds, never below what happens. `Meeting.host` costs one `GET /users/{id}` except under `User.meetings`:
 * Zoom lists a user's own meetings there, so the host is the user they were listed under, whose loader entry is
 * already filled (https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/users/{userId}/meetings). The same
 * holds for `Recording.host` under `User.recordings`. The writes on an
 * existing meeting count one extra `GET /meetings/{id}`: the access check reads the meeting before a member may
 * change it (admins skip that read). An update that moves the meeting (`scheduleFor`) also reads it before the
 * write, to invalidate the old host's lists. Objects read by id (`me`, `user`, `meeting`, a host, an event's meeting or
 * user) arrive as details (`returnsDetail`), so their detail-only fields cost nothing more; a user's `role` is the
 * user itself (`sameObject`).
 */
/** Lists whose past meetings arrive with every field but `department` (the report rows): those cost nothing more. */
const REPORTED = ['User.meetingHistory'];

export const GATEWAY_COST_MAP: CostMap = Object.freeze({
  'Query.me': { operation: 'user', returnsDetail: true },
  'Query.user': { operation: 'user', returnsDetail: true },
  'Query.users': { operation: 'users', paginated: true },
  'Query.meeting': { operation: 'meeting', returnsDetail: true },
  'Query.pastMeeting': { operation: 'pastMeetingDetails', returnsDetail: true },
  // A Node is read by id with its type's own detail call; `nodes` makes one per id (at most 25, the resolver's cap).
  'Query.node': { byType: NODE_READS },
  'Query.nodes': { byType: NODE_READS, itemsArgument: 'ids', maxItems: 25 },

  // Fields only `GET /users/{userId}` has: one detail fetch per user for all of them (`loaders.users.field`).
  'User.usePmi': { operation: 'user', detail: true },
  'User.personalMeetingUrl': { operation: 'user', detail: true },
  'User.company': { operation: 'user', detail: true },
  'User.jobTitle': { operation: 'user', detail: true },
  'User.location': { operation: 'user', detail: true },
  'User.phoneNumber': { operation: 'user', detail: true },
  'User.language': { operation: 'user', detail: true },
  'User.picUrl': { operation: 'user', detail: true },
  // The role's name is only in GET /users/{userId} (`role_name`); a Role is its user, so one read per user.
  'Role.name': { operation: 'user', detail: true },
  'User.role': { sameObject: true },
  'User.meetings': { operation: 'meetings', paginated: true },
  'User.recordings': { operation: 'recordingsList', paginated: true },
  // Heavy, one call per month of the range per 300 items (src/reports/windowed-connection.ts): a range too long for
  // the budget is refused before any call.
  'User.meetingHistory': { operation: 'reportMeetings', paginated: true, reportWindows: { from: 'from', to: 'to' } },
  'Query.dailyUsage': { operation: 'reportDaily' },
  'DailyUsageReport.days': { maxItems: 31 },

  // Fields the meeting list items lack: one `GET /meetings/{meetingId}` per meeting for all of them.
  'Meeting.status': { operation: 'meeting', detail: true },
  'Meeting.startUrl': { operation: 'meeting', detail: true },
  'Meeting.password': { operation: 'meeting', detail: true },
  'Meeting.settings': { operation: 'meeting', detail: true },
  'Meeting.recurrence': { operation: 'meeting', detail: true },
  'Meeting.occurrences': { operation: 'meeting', detail: true, maxItems: 60 },
  // `host { id email }` on a meeting read by id comes from its `host_email` (src/resolvers/meeting.ts).
  'Meeting.host': {
    operation: 'user', freeUnder: ['User.meetings'], returnsDetail: true, answeredByParent: { fields: ['id', 'email'], detail: 'meeting' },
  },
  'Meeting.registrants': { operation: 'meetingRegistrants', paginated: true },
  'Meeting.lastInstance': { operation: 'pastMeetingDetails', returnsDetail: true },
  // One unpaged GET /past_meetings/{id}/instances, whatever `first`; each instance arrives as a summary (UUID, start).
  'Meeting.history': { operation: 'pastMeetingInstances', paginated: true },
  'Meeting.recording': { operation: 'meetingRecordings' },
  'Meeting.recordingSettings': { operation: 'recordingSettings' },

  // Fields a history summary lacks: one `GET /past_meetings/{uuid}` per instance for all of them.
  'PastMeeting.topic': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.type': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.endTime': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.duration': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.totalMinutes': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.participantsCount': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.hostName': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.hostEmail': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  'PastMeeting.department': { operation: 'pastMeetingDetails', detail: true },
  'PastMeeting.source': { operation: 'pastMeetingDetails', detail: true, freeUnder: REPORTED },
  // The report lists the user's own meetings: their host is the user it was read under, already loaded.
  'PastMeeting.host': { operation: 'user', returnsDetail: true, freeUnder: REPORTED },
  'PastMeeting.participants': { operation: 'pastMeetingParticipants', paginated: true },
  'PastMeeting.attendanceReport': { operation: 'reportMeetingParticipants', paginated: true },
  'PastMeeting.recording': { operation: 'meetingRecordings' },

  'RecordingWriteResult.recording': { operation: 'meetingRecordings' },
  'RecordingEvent.recording': { operation: 'meetingRecordings' },
  'Recording.host': { operation: 'user', freeUnder: ['User.recordings'], returnsDetail: true },
  // Zoom lists a handful of files per recording (video, audio, chat, transcript, ...); no call either way.
  'Recording.files': { maxItems: 20 },

  // Subscriptions: `meetingEvents` and `userEvents` read the pub/sub, not Zoom, and an event's own fields come from
  // the webhook. Its `meeting` (`user`) is read from Zoom at each delivery, with the loaders that event gets, so a
  // subscription's estimate is the cost of delivering one event (src/resolvers/meeting-event.ts, user-event.ts).
  'MeetingEvent.meeting': { operation: 'meeting', returnsDetail: true },
  'UserEvent.user': { operation: 'user', returnsDetail: true },

  // Zoom's documented 201 has no `host_id`: the resolver then looks the host up (`GET /users/{userId}`) unless it
  // was given as a plain id (src/resolvers/mutation.ts, withHostId).
  'Mutation.createMeeting': { operation: 'meetingCreate', also: ['user'] },
  'Mutation.updateMeeting': { operation: 'meetingUpdate', also: ['meeting', 'meeting', 'meeting'] },
  'Mutation.deleteMeeting': { operation: 'meetingDelete', also: ['meeting', 'meeting'] },
  'Mutation.endMeeting': { operation: 'meetingStatus', also: ['meeting', 'meeting'] },
  // Recording writes read the instance first (`GET /past_meetings/{id}`, one loader read shared by a member's access
  // check and the resolver); one file or all of them is one call either way, in the same category. A settings update
  // reads the settings back (PATCH answers 204).
  'Mutation.trashRecording': { operation: 'meetingRecordingsDelete', also: ['pastMeetingDetails'] },
  'Mutation.deleteRecording': { operation: 'meetingRecordingsDelete', also: ['pastMeetingDetails'] },
  'Mutation.recoverRecording': { operation: 'meetingRecordingsRecover', also: ['pastMeetingDetails'] },
  'Mutation.updateRecordingSettings': { operation: 'recordingSettingsUpdate', also: ['pastMeetingDetails', 'recordingSettings'] },
});
