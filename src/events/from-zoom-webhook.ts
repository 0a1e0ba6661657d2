import type { ZoomWebhookEvent } from '../zoom/wire.ts';
import type {
  EventParticipant,
  GatewayEvent,
  MeetingEvent,
  MeetingEventType,
  RecordingEvent,
  RecordingEventType,
  UserEvent,
  UserEventType,
  ZoomMeetingSnapshot,
  ZoomUserSnapshot,
} from './types.ts';

/** The part of a pino logger this module uses. */
export interface EventLogger {
  debug(details: object, message: string): void;
  warn(details: object, message: string): void;
}

const MEETING_EVENTS: Readonly<Record<string, MeetingEventType>> = Object.freeze({
  'meeting.created': 'CREATED',
  'meeting.updated': 'UPDATED',
  'meeting.deleted': 'DELETED',
  'meeting.started': 'STARTED',
  'meeting.ended': 'ENDED',
  'meeting.participant_joined': 'PARTICIPANT_JOINED',
  'meeting.participant_left': 'PARTICIPANT_LEFT',
});

const USER_EVENTS: Readonly<Record<string, UserEventType>> = Object.freeze({
  'user.created': 'CREATED',
  'user.updated': 'UPDATED',
  'user.deactivated': 'DEACTIVATED',
  'user.activated': 'ACTIVATED',
  'user.deleted': 'DELETED',
});

const RECORDING_EVENTS: Readonly<Record<string, RecordingEventType>> = Object.freeze({
  'recording.completed': 'COMPLETED',
  'recording.trashed': 'TRASHED',
  'recording.deleted': 'DELETED',
  'recording.recovered': 'RECOVERED',
});

/** Wire names whose GraphQL field is not simply the camelCase of the wire name. */
const MEETING_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({ jbh_time: 'joinBeforeHostMinutes' });
const USER_FIELD_NAMES: Readonly<Record<string, string>> = Object.freeze({
  dept: 'department',
  role_id: 'role',
  role_name: 'role',
  last_login_time: 'lastLoginAt',
  user_created_at: 'createdAt',
});
/** Keys that identify the object rather than describe a change. */
const IDENTITY_KEYS = new Set(['id', 'uuid']);

/**
 * Turns a verified Zoom webhook body into the gateway event subscribers receive, or `undefined` when the event
 * is not one the gateway publishes (debug log) or lacks the ids it needs (warn log). Never throws on a body
 * Zoom may send: unknown fields are kept in the snapshot, unknown events are ignored.
 * @see https://developers.zoom.us/docs/api/meetings/events/
 * @see https://developers.zoom.us/docs/api/users/events/
 */
export function toGatewayEvent(body: ZoomWebhookEvent, logger?: EventLogger): GatewayEvent | undefined {
  const meetingType = MEETING_EVENTS[body.event];
  if (meetingType !== undefined) return toMeetingEvent(body, meetingType, logger);
  const userType = USER_EVENTS[body.event];
  if (userType !== undefined) return toUserEvent(body, userType, logger);
  const recordingType = RECORDING_EVENTS[body.event];
  if (recordingType !== undefined) return toRecordingEvent(body, recordingType, logger);
  logger?.debug({ event: body.event }, 'zoom event ignored: not published by the gateway');
  return undefined;
}

function toMeetingEvent(body: ZoomWebhookEvent, type: MeetingEventType, logger?: EventLogger): MeetingEvent | undefined {
  const object = asRecord(body.payload.object);
  const meetingId = idString(object?.['id']);
  if (object === undefined || meetingId === undefined) {
    logger?.warn({ event: body.event }, 'zoom event ignored: payload.object.id is missing');
    return undefined;
  }
  const { participant: rawParticipant, ...meetingFields } = object;
  const meeting = meetingFields as ZoomMeetingSnapshot;
  const previous = (asRecord(body.payload['old_object']) ?? {}) as ZoomMeetingSnapshot;
  const base = {
    kind: 'meeting' as const,
    zoomEvent: body.event,
    ...common(body),
    meetingId,
    ...optional('meetingUuid', stringOrUndefined(object['uuid'])),
    ...optional('hostId', stringOrUndefined(object['host_id']) ?? stringOrUndefined(previous.host_id)),
    meeting,
  };
  switch (type) {
    case 'CREATED':
      return { ...base, type };
    case 'UPDATED':
      return {
        ...base,
        type,
        changedFields: changedFields(object, MEETING_FIELD_NAMES, true),
        previous,
        occurrenceIds: body.payload['operation'] === 'single' ? occurrenceIds(object) : [],
      };
    case 'DELETED':
      return { ...base, type, occurrenceIds: body.payload['operation'] === 'single' ? occurrenceIds(object) : [] };
    case 'STARTED':
      return { ...base, type, ...optional('startedAt', stringOrUndefined(object['start_time'])) };
    case 'ENDED':
      return { ...base, type, ...optional('endedAt', stringOrUndefined(object['end_time'])) };
    case 'PARTICIPANT_JOINED':
    case 'PARTICIPANT_LEFT': {
      const participant = toParticipant(asRecord(rawParticipant), type === 'PARTICIPANT_JOINED');
      if (participant === undefined) {
        logger?.warn({ event: body.event }, 'zoom event ignored: payload.object.participant is missing');
        return undefined;
      }
      return { ...base, type, participant };
    }
  }
}

function toUserEvent(body: ZoomWebhookEvent, type: UserEventType, logger?: EventLogger): UserEvent | undefined {
  const object = asRecord(body.payload.object);
  const userId = stringOrUndefined(object?.['id']);
  if (object === undefined || userId === undefined) {
    logger?.warn({ event: body.event }, 'zoom event ignored: payload.object.id is missing');
    return undefined;
  }
  const user = object as ZoomUserSnapshot;
  const base = {
    kind: 'user' as const,
    zoomEvent: body.event,
    ...common(body),
    userId,
    ...optional('email', stringOrUndefined(object['email'])),
    user,
  };
  switch (type) {
    case 'CREATED':
      return { ...base, type, ...optional('creationType', stringOrUndefined(body.payload['creation_type'])) };
    case 'UPDATED':
      return {
        ...base,
        type,
        changedFields: changedFields(object, USER_FIELD_NAMES, false),
        previous: (asRecord(body.payload['old_object']) ?? {}) as ZoomUserSnapshot,
      };
    case 'DEACTIVATED':
    case 'ACTIVATED':
    case 'DELETED':
      return { ...base, type };
  }
}

function toRecordingEvent(body: ZoomWebhookEvent, type: RecordingEventType, logger?: EventLogger): RecordingEvent | undefined {
  const object = asRecord(body.payload.object);
  const meetingId = idString(object?.['id']);
  const meetingUuid = stringOrUndefined(object?.['uuid']);
  if (object === undefined || meetingId === undefined || meetingUuid === undefined) {
    logger?.warn({ event: body.event }, 'zoom event ignored: payload.object.id or uuid is missing');
    return undefined;
  }
  const files = Array.isArray(object['recording_files']) ? object['recording_files'] : [];
  return {
    kind: 'recording',
    zoomEvent: body.event,
    type,
    ...common(body),
    meetingId,
    meetingUuid,
    ...optional('hostId', stringOrUndefined(object['host_id'])),
    fileIds: files.flatMap((file) => {
      const id = stringOrUndefined(asRecord(file)?.['id']);
      return id === undefined ? [] : [id];
    }),
    recording: object,
  };
}

function common(body: ZoomWebhookEvent): { occurredAt: string; accountId?: string; operatorId?: string; operator?: string } {
  return {
    // event_ts is epoch milliseconds; a body without a usable one (checked by the receiver) falls back to now.
    occurredAt: new Date(Number.isFinite(body.event_ts) ? body.event_ts : Date.now()).toISOString(),
    ...optional('accountId', stringOrUndefined(body.payload.account_id)),
    ...optional('operatorId', stringOrUndefined(body.payload.operator_id)),
    ...optional('operator', stringOrUndefined(body.payload.operator)),
  };
}

function toParticipant(raw: Record<string, unknown> | undefined, joined: boolean): EventParticipant | undefined {
  if (raw === undefined) return undefined;
  const at = stringOrUndefined(joined ? raw['join_time'] : raw['leave_time']);
  if (at === undefined) return undefined;
  return {
    // Zoom sends an empty id for guests: absent is clearer than "".
    ...optional('id', stringOrUndefined(raw['id'])),
    ...optional('userId', idString(raw['user_id'])),
    ...optional('participantUuid', stringOrUndefined(raw['participant_uuid'])),
    name: stringOrUndefined(raw['user_name']) ?? '',
    ...optional('email', stringOrUndefined(raw['email'])),
    ...optional('registrantId', stringOrUndefined(raw['registrant_id'])),
    at,
    ...(joined ? {} : optional('leaveReason', stringOrUndefined(raw['leave_reason']))),
  };
}

/** GraphQL field paths of the changed keys; `settings` is expanded one level (`settings.waitingRoom`). */
function changedFields(object: Record<string, unknown>, renames: Readonly<Record<string, string>>, expandSettings: boolean): string[] {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(object)) {
    if (IDENTITY_KEYS.has(key) || key === 'host_id' || key === 'occurrences') continue;
    const settings = expandSettings && key === 'settings' ? asRecord(value) : undefined;
    if (settings !== undefined && Object.keys(settings).length > 0) {
      for (const nested of Object.keys(settings)) fields.add(`settings.${renames[nested] ?? camelCase(nested)}`);
    } else {
      fields.add(renames[key] ?? camelCase(key));
    }
  }
  return [...fields].sort();
}

function occurrenceIds(object: Record<string, unknown>): string[] {
  const occurrences = object['occurrences'];
  if (!Array.isArray(occurrences)) return [];
  return occurrences.flatMap((occurrence) => {
    const id = idString(asRecord(occurrence)?.['occurrence_id']);
    return id === undefined ? [] : [id];
  });
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Zoom sends ids as numbers in some events and strings in others. Numbers beyond 2^53 are already lossy in JSON.parse. */
function idString(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return stringOrUndefined(value);
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
