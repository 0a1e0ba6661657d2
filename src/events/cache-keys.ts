/**
 * Names of shared-cache entries, in one place so the cache that stores them and the events that invalidate them
 * agree. Ids are Zoom's, verbatim (user ids are case-sensitive); emails are lower-cased because Zoom matches
 * them case-insensitively. A value cached under Zoom's `me` alias cannot be named by an event: cache it under
 * the resolved user id.
 */
export const cacheKeys = Object.freeze({
  /** `GET /meetings/{meetingId}`. */
  meeting: (meetingId: string): string => `meeting:${meetingId}`,
  /** `GET /meetings/{meetingId}/registrants`, every page and status. */
  meetingRegistrants: (meetingId: string): string => `meeting:${meetingId}:registrants`,
  /** `GET /users/{userId}/meetings`, every page and list type. */
  userMeetings: (userId: string): string => `user:${userId}:meetings`,
  /** `GET /users/{userId}` by id. */
  user: (userId: string): string => `user:${userId}`,
  /** `GET /users/{userId}` by email. */
  userByEmail: (email: string): string => `user-email:${email.toLowerCase()}`,
  /** `GET /users`, every page and filter. */
  users: (): string => 'users',
  /** `GET /past_meetings/{meetingId}` by meeting id or instance UUID. */
  pastMeeting: (meetingIdOrUuid: string): string => `past_meeting:${meetingIdOrUuid}`,
  /** `GET /past_meetings/{meetingId}/participants` by meeting id or instance UUID. */
  pastMeetingParticipants: (meetingIdOrUuid: string): string => `past_meeting:${meetingIdOrUuid}:participants`,
  /** `GET /meetings/{meetingId}/recordings` by meeting id or instance UUID. */
  recording: (meetingIdOrUuid: string): string => `recording:${meetingIdOrUuid}`,
  /** `GET /meetings/{meetingId}/recordings/settings` by meeting id or instance UUID. */
  recordingSettings: (meetingIdOrUuid: string): string => `recording:${meetingIdOrUuid}:settings`,
  /** `GET /users/{userId}/recordings`, every page and date range. */
  userRecordings: (userId: string): string => `user:${userId}:recordings`,
});
