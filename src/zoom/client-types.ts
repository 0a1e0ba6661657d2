import type { ZoomOperationId } from './operations.ts';
import type {
  ZoomDailyReport,
  ZoomMeeting,
  ZoomMeetingRecording,
  ZoomMeetingCreateBody,
  ZoomMeetingPage,
  ZoomMeetingUpdateBody,
  ZoomParticipantPage,
  ZoomPastMeeting,
  ZoomPastMeetingInstances,
  ZoomRecordingPage,
  ZoomRecordingSettings,
  ZoomRecordingStatusBody,
  ZoomRegistrantPage,
  ZoomReportMeetingPage,
  ZoomReportParticipantPage,
  ZoomUser,
  ZoomUserPage,
} from './wire.ts';

type Query = Record<string, string | number | boolean | undefined>;

/**
 * Per operation: its path parameters, query, body and the parsed response (`undefined` for 204 answers).
 * Path parameter values are raw (an email, a UUID such as `/abc==`): the client encodes them, double-encoding
 * UUIDs that begin with `/` or contain `//` as Zoom requires.
 */
export interface ZoomOperationTypes {
  users: { path: Record<string, never>; query: Query; body: never; response: ZoomUserPage };
  user: { path: { userId: string }; query: Query; body: never; response: ZoomUser };
  meetings: { path: { userId: string }; query: Query; body: never; response: ZoomMeetingPage };
  meetingCreate: { path: { userId: string }; query: Query; body: ZoomMeetingCreateBody; response: ZoomMeeting };
  meeting: { path: { meetingId: string }; query: Query; body: never; response: ZoomMeeting };
  meetingUpdate: { path: { meetingId: string }; query: Query; body: ZoomMeetingUpdateBody; response: undefined };
  meetingDelete: { path: { meetingId: string }; query: Query; body: never; response: undefined };
  meetingStatus: { path: { meetingId: string }; query: Query; body: { action: 'end' | 'recover' }; response: undefined };
  pastMeetingDetails: { path: { meetingId: string }; query: Query; body: never; response: ZoomPastMeeting };
  pastMeetingParticipants: { path: { meetingId: string }; query: Query; body: never; response: ZoomParticipantPage };
  meetingRegistrants: { path: { meetingId: string }; query: Query; body: never; response: ZoomRegistrantPage };
  recordingsList: { path: { userId: string }; query: Query; body: never; response: ZoomRecordingPage };
  meetingRecordings: { path: { meetingId: string }; query: Query; body: never; response: ZoomMeetingRecording };
  /** `action`: `trash` (default, recoverable for 30 days) or `delete` (permanent). */
  meetingRecordingsDelete: { path: { meetingId: string }; query: Query; body: never; response: undefined };
  recordingFileDelete: { path: { meetingId: string; recordingId: string }; query: Query; body: never; response: undefined };
  meetingRecordingsRecover: { path: { meetingUUID: string }; query: Query; body: ZoomRecordingStatusBody; response: undefined };
  recordingFileRecover: { path: { meetingId: string; recordingId: string }; query: Query; body: ZoomRecordingStatusBody; response: undefined };
  recordingSettings: { path: { meetingId: string }; query: Query; body: never; response: ZoomRecordingSettings };
  recordingSettingsUpdate: { path: { meetingId: string }; query: Query; body: ZoomRecordingSettings; response: undefined };
  pastMeetingInstances: { path: { meetingId: string }; query: Query; body: never; response: ZoomPastMeetingInstances };
  reportMeetingParticipants: { path: { meetingId: string }; query: Query; body: never; response: ZoomReportParticipantPage };
  /** `from`/`to` (yyyy-mm-dd) at most one month apart, within Zoom's reach (see the sandbox's reports module). */
  reportMeetings: { path: { userId: string }; query: Query; body: never; response: ZoomReportMeetingPage };
  reportDaily: { path: Record<string, never>; query: Query; body: never; response: ZoomDailyReport };
}

export type ZoomCall<Op extends ZoomOperationId> = {
  path?: ZoomOperationTypes[Op]['path'];
  query?: ZoomOperationTypes[Op]['query'];
  body?: ZoomOperationTypes[Op]['body'];
  /** Aborts the call (and its retries), e.g. when the GraphQL request is cancelled. */
  signal?: AbortSignal;
};

/**
 * The one way to reach Zoom. Implementations add the bearer token, timeouts, retries and rate limiting;
 * every failure is a `ZoomError`.
 */
export interface ZoomClient {
  /** Performs one operation and resolves with its parsed body. */
  call<Op extends ZoomOperationId>(operation: Op, call?: ZoomCall<Op>): Promise<ZoomOperationTypes[Op]['response']>;
  /**
   * Walks a token-paginated list operation page by page, following `next_page_token` until it is `""`.
   * `pageSize` defaults to Zoom's maximum (300) to spend the fewest calls.
   */
  paginate<Op extends PaginatedOperationId>(
    operation: Op,
    call?: ZoomCall<Op> & { pageSize?: number },
  ): AsyncIterableIterator<ZoomOperationTypes[Op]['response']>;
}

export type PaginatedOperationId =
  | 'users' | 'meetings' | 'pastMeetingParticipants' | 'meetingRegistrants' | 'recordingsList' | 'reportMeetingParticipants' | 'reportMeetings';
