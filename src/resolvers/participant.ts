import type { ParticipantResolvers } from '../__generated__/resolvers-types.ts';
import { participantObjectId } from '../graphql/object-ids.ts';
import { orNull } from '../graphql/values.ts';
import type { ZoomParticipant } from '../zoom/wire.ts';

/** An item of `GET /past_meetings/{uuid}/participants` with the instance it was listed for. */
export interface ParticipantParent extends ZoomParticipant {
  readonly meeting_uuid: string;
}

/**
 * One join of a participant: the parent is an item of `GET /past_meetings/{meetingId}/participants`. Zoom sends
 * `""` for a guest's id and for emails outside the host's account; those read as null.
 */
export const Participant: ParticipantResolvers = {
  id: (participant) => participantObjectId(participant.meeting_uuid, participant),
  zoomUserId: (participant) => orNull(participant.id),
  name: (participant) => participant.name,
  userId: (participant) => orNull(participant.user_id),
  registrantId: (participant) => orNull(participant.registrant_id),
  email: (participant) => orNull(participant.user_email),
  joinTime: (participant) => participant.join_time,
  leaveTime: (participant) => participant.leave_time,
  duration: (participant) => participant.duration,
  failover: (participant) => orNull(participant.failover),
  status: (participant) => orNull(participant.status),
};
