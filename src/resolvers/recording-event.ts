import type { RecordingEventResolvers } from '../__generated__/resolvers-types.ts';
import { nullIfNotFound } from '../graphql/errors.ts';

/**
 * A cloud recording event: the parent is the gateway event the webhook publisher made (src/events). Its recording
 * is read at delivery through this event's loaders (fresh per event), by UUID: what Zoom has now, with play links.
 */
export const RecordingEvent: RecordingEventResolvers = {
  hostId: (event) => event.hostId ?? null,
  operatorId: (event) => event.operatorId ?? null,
  operator: (event) => event.operator ?? null,
  // Files deleted for good are gone: asking Zoom could only answer what the library still holds.
  recording: (event, _args, { loaders }) => nullIfNotFound(loaders.recordings.loadDetail(event.meetingUuid)),
};
