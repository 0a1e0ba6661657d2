import type { ZoomMeeting, ZoomRecordingMeeting, ZoomUser } from '../zoom/wire.ts';

/** What happened to a meeting; the values of the GraphQL enum `MeetingEventType`. */
export type MeetingEventType =
  | 'CREATED'
  | 'UPDATED'
  | 'DELETED'
  | 'STARTED'
  | 'ENDED'
  | 'PARTICIPANT_JOINED'
  | 'PARTICIPANT_LEFT';

/** What happened to a user; the values of the GraphQL enum `UserEventType`. */
export type UserEventType = 'CREATED' | 'UPDATED' | 'DEACTIVATED' | 'ACTIVATED' | 'DELETED';

/** What happened to a cloud recording; the values of the GraphQL enum `RecordingEventType`. */
export type RecordingEventType = 'COMPLETED' | 'TRASHED' | 'DELETED' | 'RECOVERED';

/** Pub/sub topic for `MeetingEvent`s; subscribers filter with `matchesMeetingEventFilter`. */
export const MEETING_EVENTS_TOPIC = 'zoom.meeting-events';
/** Pub/sub topic for `UserEvent`s; subscribers filter with `matchesUserEventFilter`. */
export const USER_EVENTS_TOPIC = 'zoom.user-events';
/** Pub/sub topic for `RecordingEvent`s; subscribers filter with `matchesRecordingEventFilter`. */
export const RECORDING_EVENTS_TOPIC = 'zoom.recording-events';

/** The GraphQL object type of each meeting event (for the `MeetingEvent` interface's `__resolveType`). */
export const MEETING_EVENT_TYPENAMES: Readonly<Record<MeetingEventType, string>> = Object.freeze({
  CREATED: 'MeetingCreatedEvent',
  UPDATED: 'MeetingUpdatedEvent',
  DELETED: 'MeetingDeletedEvent',
  STARTED: 'MeetingStartedEvent',
  ENDED: 'MeetingEndedEvent',
  PARTICIPANT_JOINED: 'ParticipantJoinedEvent',
  PARTICIPANT_LEFT: 'ParticipantLeftEvent',
});

/** The GraphQL object type of each user event (for the `UserEvent` interface's `__resolveType`). */
export const USER_EVENT_TYPENAMES: Readonly<Record<UserEventType, string>> = Object.freeze({
  CREATED: 'UserCreatedEvent',
  UPDATED: 'UserUpdatedEvent',
  DEACTIVATED: 'UserDeactivatedEvent',
  ACTIVATED: 'UserActivatedEvent',
  DELETED: 'UserDeletedEvent',
});

/** Fields every gateway event carries. Plain JSON data, so a shared pub/sub can serialise it. */
interface GatewayEventBase {
  /** Zoom's event name, e.g. `meeting.created`. */
  zoomEvent: string;
  /** When Zoom says it happened: ISO 8601 in UTC with milliseconds, from `event_ts`. */
  occurredAt: string;
  /** The Zoom account the event belongs to. */
  accountId?: string;
  /** Zoom user id of who made the change, when Zoom says (not sent for live-activity events). */
  operatorId?: string;
  /** Email of who made the change, when Zoom says. */
  operator?: string;
  /** W3C trace context of the webhook processing that published it (src/telemetry/event-spans.ts), when traced. */
  traceparent?: string;
}

/**
 * The meeting as the webhook described it, snake_case as on the wire. Zoom sends only part of the meeting
 * (an update sends only what changed), so every field is optional; resolve the full meeting by `meetingId`.
 * Live-activity events send `id` as a string, the others as a number: use `meetingId` instead.
 */
export type ZoomMeetingSnapshot = Partial<Omit<ZoomMeeting, 'id'>> & { id?: number | string; end_time?: string };

/** The user as the webhook described it (an update sends only what changed). */
export type ZoomUserSnapshot = Partial<ZoomUser>;

interface MeetingEventBase extends GatewayEventBase {
  kind: 'meeting';
  /** The meeting id as a string (Zoom's int64; never do arithmetic on it). */
  meetingId: string;
  /** The meeting instance UUID, when the webhook carried it. */
  meetingUuid?: string;
  /**
   * The host's user id when the webhook carried it (`meeting.updated` usually does not: fill it from the
   * loaded meeting before publishing if subscribers filter by host).
   */
  hostId?: string;
  meeting: ZoomMeetingSnapshot;
}

/** Someone in a live meeting, as `meeting.participant_joined` / `_left` describe them. */
export interface EventParticipant {
  /** The participant's Zoom user id when signed in to the account; absent for guests. */
  id?: string;
  /** Zoom's per-meeting participant id (`user_id` on the wire). */
  userId?: string;
  /** Stable id of this participant in this meeting instance. */
  participantUuid?: string;
  /** The name shown in the meeting. */
  name: string;
  email?: string;
  registrantId?: string;
  /** When they joined (joined events) or left (left events), ISO 8601. */
  at: string;
  /** Why they left, as Zoom words it (left events only). */
  leaveReason?: string;
}

export interface MeetingCreatedEvent extends MeetingEventBase {
  type: 'CREATED';
}

export interface MeetingUpdatedEvent extends MeetingEventBase {
  type: 'UPDATED';
  /**
   * What changed, as GraphQL `Meeting` field paths (`topic`, `startTime`, `settings.waitingRoom`), sorted.
   */
  changedFields: string[];
  /** The changed fields' previous values, snake_case as Zoom sent them in `old_object`. */
  previous: ZoomMeetingSnapshot;
  /** Occurrence ids when only some occurrences of a recurring meeting changed; empty for the whole series. */
  occurrenceIds: string[];
}

export interface MeetingDeletedEvent extends MeetingEventBase {
  type: 'DELETED';
  /** Occurrence ids when only some occurrences were deleted; empty when the whole meeting was. */
  occurrenceIds: string[];
}

export interface MeetingStartedEvent extends MeetingEventBase {
  type: 'STARTED';
  /** When this instance started, ISO 8601, when Zoom says. */
  startedAt?: string;
}

export interface MeetingEndedEvent extends MeetingEventBase {
  type: 'ENDED';
  /** When this instance ended, ISO 8601, when Zoom says. */
  endedAt?: string;
}

export interface ParticipantJoinedEvent extends MeetingEventBase {
  type: 'PARTICIPANT_JOINED';
  participant: EventParticipant;
}

export interface ParticipantLeftEvent extends MeetingEventBase {
  type: 'PARTICIPANT_LEFT';
  participant: EventParticipant;
}

/** A meeting event as subscribers receive it. Discriminated by `type`. */
export type MeetingEvent =
  | MeetingCreatedEvent
  | MeetingUpdatedEvent
  | MeetingDeletedEvent
  | MeetingStartedEvent
  | MeetingEndedEvent
  | ParticipantJoinedEvent
  | ParticipantLeftEvent;

interface UserEventBase extends GatewayEventBase {
  kind: 'user';
  /** Zoom's user id. */
  userId: string;
  /** The user's email when the webhook carried it. */
  email?: string;
  user: ZoomUserSnapshot;
}

export interface UserCreatedEvent extends UserEventBase {
  type: 'CREATED';
  /** How the user was created (`create`, `autoCreate`, `custCreate`, `ssoCreate`), when Zoom says. */
  creationType?: string;
}

export interface UserUpdatedEvent extends UserEventBase {
  type: 'UPDATED';
  /** What changed, as GraphQL `User` field names (`firstName`, `department`), sorted. */
  changedFields: string[];
  /** The changed fields' previous values, snake_case as Zoom sent them in `old_object`. */
  previous: ZoomUserSnapshot;
}

export interface UserDeactivatedEvent extends UserEventBase {
  type: 'DEACTIVATED';
}

export interface UserActivatedEvent extends UserEventBase {
  type: 'ACTIVATED';
}

export interface UserDeletedEvent extends UserEventBase {
  type: 'DELETED';
}

/** A user event as subscribers receive it. Discriminated by `type`. */
export type UserEvent = UserCreatedEvent | UserUpdatedEvent | UserDeactivatedEvent | UserActivatedEvent | UserDeletedEvent;

/**
 * Something that happened to a cloud recording (`recording.completed`, `.trashed`, `.deleted`, `.recovered`). The
 * recording as the webhook described it (its files: all of them, or those the change concerned); resolve what Zoom
 * has now by `meetingUuid`.
 * @see https://developers.zoom.us/docs/api/meetings/events/#tag/recording
 */
export interface RecordingEvent extends GatewayEventBase {
  kind: 'recording';
  type: RecordingEventType;
  /** The meeting id as a string (Zoom's int64). */
  meetingId: string;
  /** The recorded instance's UUID. */
  meetingUuid: string;
  /** The host's user id, when the webhook carried it. */
  hostId?: string;
  /** The files concerned, by id. */
  fileIds: string[];
  recording: Partial<ZoomRecordingMeeting>;
}

/** Everything the webhook receiver publishes. Discriminated by `kind`, then `type`. */
export type GatewayEvent = MeetingEvent | UserEvent | RecordingEvent;

/** The `MeetingEventFilter` GraphQL input: every given criterion must match. */
export interface MeetingEventFilter {
  meetingId?: string | null;
  hostId?: string | null;
  types?: readonly MeetingEventType[] | null;
}

/** The `RecordingEventFilter` GraphQL input: every given criterion must match. */
export interface RecordingEventFilter {
  meetingId?: string | null;
  hostId?: string | null;
  types?: readonly RecordingEventType[] | null;
}

/** The `UserEventFilter` GraphQL input: every given criterion must match. */
export interface UserEventFilter {
  userId?: string | null;
  types?: readonly UserEventType[] | null;
}
