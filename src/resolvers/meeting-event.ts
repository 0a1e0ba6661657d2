import type {
  MeetingCreatedEventResolvers,
  MeetingDeletedEventResolvers,
  MeetingEndedEventResolvers,
  MeetingEventParticipantResolvers,
  MeetingEventResolvers,
  MeetingStartedEventResolvers,
  MeetingUpdatedEventResolvers,
  ParticipantJoinedEventResolvers,
  ParticipantLeftEventResolvers,
} from '../__generated__/resolvers-types.ts';
import {
  MEETING_EVENT_TYPENAMES,
  type EventParticipant,
  type MeetingEvent as GatewayMeetingEvent,
  type ParticipantJoinedEvent as GatewayJoined,
  type ParticipantLeftEvent as GatewayLeft,
} from '../events/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { nullIfNotFound } from '../graphql/errors.ts';
import { orNull } from '../graphql/values.ts';
import type { ZoomMeeting } from '../zoom/wire.ts';

/** The `MeetingEvent` interface: each event's GraphQL type from its `type`. */
export const MeetingEvent: MeetingEventResolvers = {
  __resolveType: (event) => MEETING_EVENT_TYPENAMES[event.type] as ReturnType<NonNullable<MeetingEventResolvers['__resolveType']>>,
};

/**
 * The meeting an event is about, read through this event's loaders (fresh per event, so what Zoom has now).
 * Null when Zoom no longer has it; a meeting deleted as a whole is null without asking.
 */
async function meetingOf(event: GatewayMeetingEvent, _args: unknown, { loaders }: GatewayContext): Promise<ZoomMeeting | null> {
  if (event.type === 'DELETED' && event.occurrenceIds.length === 0) return null;
  return nullIfNotFound(loaders.meetings.loadDetail(event.meetingId));
}

export const MeetingCreatedEvent: MeetingCreatedEventResolvers = { meeting: meetingOf };
export const MeetingUpdatedEvent: MeetingUpdatedEventResolvers = { meeting: meetingOf };
export const MeetingDeletedEvent: MeetingDeletedEventResolvers = {
  meeting: meetingOf,
  topic: (event) => event.meeting.topic ?? null,
};
export const MeetingStartedEvent: MeetingStartedEventResolvers = { meeting: meetingOf };
export const MeetingEndedEvent: MeetingEndedEventResolvers = { meeting: meetingOf };
export const ParticipantJoinedEvent: ParticipantJoinedEventResolvers = { meeting: meetingOf, participant: participantOf };
export const ParticipantLeftEvent: ParticipantLeftEventResolvers = { meeting: meetingOf, participant: participantOf };

/** A participant of a joined/left event, with what its id needs from the event: the instance and what happened. */
export interface MeetingEventParticipantParent extends EventParticipant {
  readonly event_key: string;
}

function participantOf(event: GatewayJoined | GatewayLeft): MeetingEventParticipantParent {
  return { ...event.participant, event_key: `${event.meetingUuid ?? event.meetingId}_${event.type}` };
}

export const MeetingEventParticipant: MeetingEventParticipantResolvers = {
  // Zoom's `id` is the person (the same on every join, absent for guests): one id per event needs the rest.
  id: (participant) => `${participant.event_key}_${participant.participantUuid || participant.userId || participant.id || participant.name}_${participant.at}`,
  zoomUserId: (participant) => orNull(participant.id),
};
