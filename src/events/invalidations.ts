import { cacheKeys } from './cache-keys.ts';
import type { GatewayEvent, MeetingEvent, RecordingEvent, UserEvent } from './types.ts';

/**
 * The shared-cache entries an event makes stale (names from `cacheKeys`), without duplicates. Participant joins and
 * leaves drop the meeting's participant lists (by meeting id and by instance UUID): a Zoom participants report may
 * already hold the instance's activity before it ends.
 */
export function invalidationsFor(event: GatewayEvent): string[] {
  switch (event.kind) {
    case 'meeting':
      return [...new Set(meetingKeys(event))];
    case 'user':
      return [...new Set(userKeys(event))];
    case 'recording':
      return [...new Set(recordingKeys(event))];
  }
}

/**
 * Any recording change alters the instance's recording (by UUID and by meeting id, which names the latest recorded
 * instance) and its host's recording lists; a completed recording also ends the meeting's "no recording" answers.
 */
function recordingKeys(event: RecordingEvent): string[] {
  const hostLists = event.hostId === undefined ? [] : [cacheKeys.userRecordings(event.hostId)];
  return [cacheKeys.recording(event.meetingUuid), cacheKeys.recording(event.meetingId), ...hostLists];
}

function meetingKeys(event: MeetingEvent): string[] {
  const { meetingId, hostId } = event;
  const hostLists = hostId === undefined ? [] : [cacheKeys.userMeetings(hostId)];
  switch (event.type) {
    case 'CREATED':
    case 'UPDATED':
    case 'STARTED':
      return [cacheKeys.meeting(meetingId), ...hostLists];
    case 'DELETED':
      return [cacheKeys.meeting(meetingId), cacheKeys.meetingRegistrants(meetingId), ...hostLists];
    case 'ENDED':
      return [
        cacheKeys.meeting(meetingId),
        ...hostLists,
        ...instancesOf(event).flatMap((id) => [cacheKeys.pastMeeting(id), cacheKeys.pastMeetingParticipants(id)]),
      ];
    case 'PARTICIPANT_JOINED':
    case 'PARTICIPANT_LEFT':
      return instancesOf(event).map(cacheKeys.pastMeetingParticipants);
  }
}

/** The meeting id and, when the event carried it, the instance's UUID: Zoom answers past-meeting reads by either. */
function instancesOf(event: MeetingEvent): string[] {
  return [event.meetingId, ...(event.meetingUuid === undefined ? [] : [event.meetingUuid])];
}

function userKeys(event: UserEvent): string[] {
  const emails = [event.email, event.type === 'UPDATED' ? event.previous.email : undefined].filter(
    (email): email is string => typeof email === 'string' && email.length > 0,
  );
  const keys = [cacheKeys.user(event.userId), ...emails.map(cacheKeys.userByEmail), cacheKeys.users()];
  if (event.type === 'DELETED' || event.type === 'DEACTIVATED') keys.push(cacheKeys.userMeetings(event.userId));
  return keys;
}
