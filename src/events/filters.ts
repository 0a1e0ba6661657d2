import type { MeetingEvent, MeetingEventFilter, RecordingEvent, RecordingEventFilter, UserEvent, UserEventFilter } from './types.ts';

/**
 * Whether a meeting event passes a `MeetingEventFilter`: every criterion given must match; an absent or null
 * criterion matches everything, and an empty `types` list matches nothing. An event whose `hostId` is unknown
 * does not match a `hostId` criterion (it would otherwise leak other hosts' events).
 */
export function matchesMeetingEventFilter(event: MeetingEvent, filter: MeetingEventFilter | null | undefined): boolean {
  return matchesHostedEventFilter(event, filter);
}

/** Whether a user event passes a `UserEventFilter`, with the same rules as `matchesMeetingEventFilter`. */
export function matchesUserEventFilter(event: UserEvent, filter: UserEventFilter | null | undefined): boolean {
  if (filter === null || filter === undefined) return true;
  if (filter.userId != null && filter.userId !== event.userId) return false;
  if (filter.types != null && !filter.types.includes(event.type)) return false;
  return true;
}

/** Whether a recording event passes a `RecordingEventFilter`, with the same rules as `matchesMeetingEventFilter`. */
export function matchesRecordingEventFilter(event: RecordingEvent, filter: RecordingEventFilter | null | undefined): boolean {
  return matchesHostedEventFilter(event, filter);
}

/** The rules of meeting and recording filters: both events name a meeting and, when known, its host. */
function matchesHostedEventFilter<T extends string>(
  event: { readonly meetingId: string; readonly hostId?: string; readonly type: T },
  filter: { meetingId?: string | null; hostId?: string | null; types?: readonly T[] | null } | null | undefined,
): boolean {
  if (filter === null || filter === undefined) return true;
  if (filter.meetingId != null && filter.meetingId !== event.meetingId) return false;
  if (filter.hostId != null && filter.hostId !== event.hostId) return false;
  if (filter.types != null && !filter.types.includes(event.type)) return false;
  return true;
}
