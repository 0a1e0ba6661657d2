import { cacheKeys } from '../events/cache-keys.ts';
import type { ZoomCall } from '../zoom/client-types.ts';
import type { ZoomOperationId } from '../zoom/operations.ts';

/**
 * Which Zoom reads the shared cache keeps, how long by default, and which invalidation names (`cacheKeys` in
 * src/events, the names writes and webhook events drop) each answer depends on. A read that no event can name is
 * not cached: Zoom's `me` alias, and a user's meetings asked by email (events name hosts by id).
 */

/** The operations the cache may keep, with their default TTL in seconds. */
export const CACHE_TTL_DEFAULTS = Object.freeze({
  /** `GET /users`: user.* events invalidate it. */
  users: 60,
  /** `GET /users/{userId}`. */
  user: 300,
  /** `GET /users/{userId}/meetings`: meeting.* events name the host. */
  meetings: 60,
  /** `GET /meetings/{meetingId}`. */
  meeting: 60,
  /** An ended instance no longer changes; meeting.ended invalidates the meeting id's latest instance. */
  pastMeetingDetails: 3_600,
  pastMeetingParticipants: 600,
  meetingRegistrants: 60,
  /** A meeting's (or instance's) recording: recording.* events and the recording writes name it. */
  meetingRecordings: 300,
  recordingSettings: 300,
  /** `GET /users/{userId}/recordings`: recording.* events name the host. */
  recordingsList: 60,
} satisfies Partial<Record<ZoomOperationId, number>>);

export type CacheableOperationId = keyof typeof CACHE_TTL_DEFAULTS;

export function isCacheableOperation(operation: string): operation is CacheableOperationId {
  return Object.hasOwn(CACHE_TTL_DEFAULTS, operation);
}

/**
 * The invalidation names a read depends on, or `undefined` when it must not be cached (no event could name it).
 * Path values are raw, as the resolvers pass them.
 */
export function readTags(operation: CacheableOperationId, call: ZoomCall<ZoomOperationId>): string[] | undefined {
  const path = (call.path ?? {}) as Record<string, string | undefined>;
  switch (operation) {
    case 'users':
      return [cacheKeys.users()];
    case 'user': {
      const userId = userIdOf(path.userId);
      if (userId === undefined) return undefined;
      return userId.includes('@') ? [cacheKeys.userByEmail(userId)] : [cacheKeys.user(userId)];
    }
    case 'meetings': {
      const userId = userIdOf(path.userId);
      return userId === undefined || userId.includes('@') ? undefined : [cacheKeys.userMeetings(userId)];
    }
    case 'meeting':
      return path.meetingId === undefined ? undefined : [cacheKeys.meeting(path.meetingId.trim())];
    case 'meetingRegistrants':
      return path.meetingId === undefined ? undefined : [cacheKeys.meetingRegistrants(path.meetingId.trim())];
    case 'pastMeetingDetails':
      return path.meetingId === undefined ? undefined : [cacheKeys.pastMeeting(path.meetingId)];
    case 'pastMeetingParticipants':
      return path.meetingId === undefined ? undefined : [cacheKeys.pastMeetingParticipants(path.meetingId)];
    case 'meetingRecordings':
      return path.meetingId === undefined ? undefined : [cacheKeys.recording(path.meetingId.trim())];
    case 'recordingSettings':
      return path.meetingId === undefined ? undefined : [cacheKeys.recordingSettings(path.meetingId.trim())];
    case 'recordingsList': {
      const userId = userIdOf(path.userId);
      return userId === undefined || userId.includes('@') ? undefined : [cacheKeys.userRecordings(userId)];
    }
  }
}

/**
 * What a successful write through the client makes stale at once, before its answer returns: the object it names.
 * The resolver then invalidates the rest (the host's lists, which it learns from Zoom's answer), so the write's own
 * read-back never comes from the cache.
 */
export function writeTags(operation: ZoomOperationId, call: ZoomCall<ZoomOperationId>): string[] {
  const path = (call.path ?? {}) as Record<string, string | undefined>;
  switch (operation) {
    case 'meetingUpdate':
    case 'meetingDelete':
    case 'meetingStatus':
      return path.meetingId === undefined ? [] : [cacheKeys.meeting(path.meetingId.trim()), cacheKeys.meetingRegistrants(path.meetingId.trim())];
    // Recording writes name the recording by the key given (a meeting id or a UUID); the resolver drops the
    // instance's other key and the host's lists.
    case 'meetingRecordingsDelete':
    case 'recordingFileDelete':
    case 'recordingFileRecover':
      return path.meetingId === undefined ? [] : [cacheKeys.recording(path.meetingId.trim())];
    case 'meetingRecordingsRecover':
      return path.meetingUUID === undefined ? [] : [cacheKeys.recording(path.meetingUUID.trim())];
    case 'recordingSettingsUpdate':
      return path.meetingId === undefined ? [] : [cacheKeys.recordingSettings(path.meetingId.trim())];
    case 'meetingCreate': {
      const userId = userIdOf(path.userId);
      return userId === undefined || userId.includes('@') ? [] : [cacheKeys.userMeetings(userId)];
    }
    default:
      return [];
  }
}

/** A user path value an event can name: not Zoom's `me` alias; emails lower-cased as `cacheKeys` does. */
function userIdOf(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || trimmed === '' || trimmed.toLowerCase() === 'me') return undefined;
  return trimmed.includes('@') ? trimmed.toLowerCase() : trimmed;
}
