/**
 * The Zoom operations this project uses, one row each: the single table that the client (rate-limit shaping,
 * error context), the sandbox (routing, rate limiting, counters) and query-cost estimation all read.
 *
 * Categories are each operation's "Rate Limit Label" in `ZoomMeetingAPISpec.2023-10.json`.
 * @see https://developers.zoom.us/docs/api/rest/rate-limits/
 */

export type RateLimitCategory = 'Light' | 'Medium' | 'Heavy' | 'Resource-intensive';
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface ZoomOperation {
  /** The spec's `operationId`. */
  readonly id: string;
  readonly method: HttpMethod;
  /** Path under `/v2`, with `{param}` placeholders as in the spec. */
  readonly path: string;
  readonly category: RateLimitCategory;
  /** For list operations: the key of the array in the page body. */
  readonly listKey?: 'users' | 'meetings' | 'participants' | 'registrants';
  /** For list operations: whether the page body still carries Zoom's deprecated `page_number`. */
  readonly hasPageNumber?: boolean;
  /**
   * OAuth scopes of which the token needs any one: the spec's `security[].openapi_oauth` (see `scopes.ts`, where an
   * `:admin` scope covers its user-level form).
   */
  readonly scopes: readonly string[];
  /** Counts against Zoom's 100 meeting creates/updates per host per day. */
  readonly isMeetingWrite?: boolean;
}

export const ZOOM_OPERATIONS = {
  users: { id: 'users', method: 'GET', path: '/users', category: 'Medium', listKey: 'users', hasPageNumber: true, scopes: ['user:read:admin'] },
  user: {
    id: 'user', method: 'GET', path: '/users/{userId}', category: 'Light', scopes: ['user:read:admin', 'user:read', 'user_info:read'],
  },
  meetings: {
    id: 'meetings', method: 'GET', path: '/users/{userId}/meetings', category: 'Medium', listKey: 'meetings', hasPageNumber: true,
    scopes: ['meeting:read', 'meeting:read:admin'],
  },
  meetingCreate: {
    id: 'meetingCreate', method: 'POST', path: '/users/{userId}/meetings', category: 'Medium', isMeetingWrite: true,
    scopes: ['meeting:write', 'meeting:write:admin'],
  },
  meeting: { id: 'meeting', method: 'GET', path: '/meetings/{meetingId}', category: 'Light', scopes: ['meeting:read', 'meeting:read:admin'] },
  meetingUpdate: {
    id: 'meetingUpdate', method: 'PATCH', path: '/meetings/{meetingId}', category: 'Light', isMeetingWrite: true,
    scopes: ['meeting:write', 'meeting:write:admin'],
  },
  meetingDelete: {
    id: 'meetingDelete', method: 'DELETE', path: '/meetings/{meetingId}', category: 'Light', scopes: ['meeting:write:admin', 'meeting:write'],
  },
  meetingStatus: {
    id: 'meetingStatus', method: 'PUT', path: '/meetings/{meetingId}/status', category: 'Light',
    scopes: ['meeting:write:admin', 'meeting:write'],
  },
  pastMeetingDetails: {
    id: 'pastMeetingDetails', method: 'GET', path: '/past_meetings/{meetingId}', category: 'Light',
    scopes: ['meeting:read:admin', 'meeting:read'],
  },
  pastMeetingParticipants: {
    id: 'pastMeetingParticipants', method: 'GET', path: '/past_meetings/{meetingId}/participants', category: 'Medium',
    listKey: 'participants', scopes: ['meeting:read:admin', 'meeting:read'],
  },
  meetingRegistrants: {
    id: 'meetingRegistrants', method: 'GET', path: '/meetings/{meetingId}/registrants', category: 'Medium',
    listKey: 'registrants', hasPageNumber: true, scopes: ['meeting:read:admin', 'meeting:read'],
  },
  recordingsList: {
    id: 'recordingsList', method: 'GET', path: '/users/{userId}/recordings', category: 'Medium', listKey: 'meetings',
    scopes: ['recording:read:admin', 'recording:read'],
  },
  // The recordings library (issue 14). The spec lists `recording:read` alone for a meeting's recordings; an S2S
  // app's `recording:read:admin` covers it (see scopes.ts). The spec's label for it is `LIGHT`, in capitals.
  meetingRecordings: {
    id: 'recordingGet', method: 'GET', path: '/meetings/{meetingId}/recordings', category: 'Light',
    scopes: ['recording:read', 'phone_recording:read:admin'],
  },
  meetingRecordingsDelete: {
    id: 'recordingDelete', method: 'DELETE', path: '/meetings/{meetingId}/recordings', category: 'Light',
    scopes: ['recording:write:admin', 'recording:write'],
  },
  recordingFileDelete: {
    id: 'recordingDeleteOne', method: 'DELETE', path: '/meetings/{meetingId}/recordings/{recordingId}', category: 'Light',
    scopes: ['recording:write:admin', 'recording:write'],
  },
  meetingRecordingsRecover: {
    id: 'recordingStatusUpdate', method: 'PUT', path: '/meetings/{meetingUUID}/recordings/status', category: 'Light',
    scopes: ['recording:write:admin', 'recording:write'],
  },
  recordingFileRecover: {
    id: 'recordingStatusUpdateOne', method: 'PUT', path: '/meetings/{meetingId}/recordings/{recordingId}/status', category: 'Light',
    scopes: ['recording:write:admin', 'recording:write'],
  },
  // Zoom's operationId for the read is `recordingSettingUpdate`, for the write `recordingSettingsUpdate`.
  recordingSettings: {
    id: 'recordingSettingUpdate', method: 'GET', path: '/meetings/{meetingId}/recordings/settings', category: 'Light',
    scopes: ['recording:read:admin', 'recording:read'],
  },
  recordingSettingsUpdate: {
    id: 'recordingSettingsUpdate', method: 'PATCH', path: '/meetings/{meetingId}/recordings/settings', category: 'Light',
    scopes: ['recording:write:admin', 'recording:write'],
  },
  // Meeting history: every ended instance (not paginated; Zoom's operationId is `pastMeetings`).
  pastMeetingInstances: {
    id: 'pastMeetings', method: 'GET', path: '/past_meetings/{meetingId}/instances', category: 'Medium',
    scopes: ['meeting:read:admin', 'meeting:read'],
  },
  // Reports: Heavy, paid plans only (code 200 otherwise), `report:read:admin`.
  reportMeetingParticipants: {
    id: 'reportMeetingParticipants', method: 'GET', path: '/report/meetings/{meetingId}/participants', category: 'Heavy',
    listKey: 'participants', scopes: ['report:read:admin'],
  },
  reportMeetings: {
    id: 'reportMeetings', method: 'GET', path: '/report/users/{userId}/meetings', category: 'Heavy', listKey: 'meetings',
    hasPageNumber: true, scopes: ['report:read:admin'],
  },
  reportDaily: { id: 'reportDaily', method: 'GET', path: '/report/daily', category: 'Heavy', scopes: ['report:read:admin'] },
} as const satisfies Record<string, ZoomOperation>;

export type ZoomOperationId = keyof typeof ZOOM_OPERATIONS;

/** Zoom's page size limits for the token-paginated lists above. */
export const ZOOM_PAGE_SIZE_DEFAULT = 30;
export const ZOOM_PAGE_SIZE_MAX = 300;
/** `next_page_token` lifetime. */
export const ZOOM_PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;
