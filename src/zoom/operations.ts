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
  /** Counts against Zoom's 100 meeting creates/updates per host per day. */
  readonly isMeetingWrite?: boolean;
}

export const ZOOM_OPERATIONS = {
  users: { id: 'users', method: 'GET', path: '/users', category: 'Medium', listKey: 'users' },
  user: { id: 'user', method: 'GET', path: '/users/{userId}', category: 'Light' },
  meetings: { id: 'meetings', method: 'GET', path: '/users/{userId}/meetings', category: 'Medium', listKey: 'meetings' },
  meetingCreate: {
    id: 'meetingCreate', method: 'POST', path: '/users/{userId}/meetings', category: 'Medium', isMeetingWrite: true,
  },
  meeting: { id: 'meeting', method: 'GET', path: '/meetings/{meetingId}', category: 'Light' },
  meetingUpdate: {
    id: 'meetingUpdate', method: 'PATCH', path: '/meetings/{meetingId}', category: 'Light', isMeetingWrite: true,
  },
  meetingDelete: { id: 'meetingDelete', method: 'DELETE', path: '/meetings/{meetingId}', category: 'Light' },
  meetingStatus: { id: 'meetingStatus', method: 'PUT', path: '/meetings/{meetingId}/status', category: 'Light' },
  pastMeetingDetails: { id: 'pastMeetingDetails', method: 'GET', path: '/past_meetings/{meetingId}', category: 'Light' },
  pastMeetingParticipants: {
    id: 'pastMeetingParticipants', method: 'GET', path: '/past_meetings/{meetingId}/participants', category: 'Medium',
    listKey: 'participants',
  },
  meetingRegistrants: {
    id: 'meetingRegistrants', method: 'GET', path: '/meetings/{meetingId}/registrants', category: 'Medium',
    listKey: 'registrants',
  },
  recordingsList: {
    id: 'recordingsList', method: 'GET', path: '/users/{userId}/recordings', category: 'Medium', listKey: 'meetings',
  },
} as const satisfies Record<string, ZoomOperation>;

export type ZoomOperationId = keyof typeof ZOOM_OPERATIONS;

/** Zoom's page size limits for the token-paginated lists above. */
export const ZOOM_PAGE_SIZE_DEFAULT = 30;
export const ZOOM_PAGE_SIZE_MAX = 300;
/** `next_page_token` lifetime. */
export const ZOOM_PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;
