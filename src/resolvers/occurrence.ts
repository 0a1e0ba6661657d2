import type { OccurrenceResolvers, OccurrenceStatus } from '../__generated__/resolvers-types.ts';
import { occurrenceObjectId } from '../graphql/object-ids.ts';
import { orNull } from '../graphql/values.ts';
import type { ZoomOccurrence } from '../zoom/wire.ts';

/** An item of Zoom's `occurrences` with the meeting it belongs to: Zoom's occurrence id is unique only within it. */
export interface OccurrenceParent extends ZoomOccurrence {
  readonly meeting_id: string;
}

const STATUSES: ReadonlySet<string> = new Set<OccurrenceStatus>(['available', 'deleted']);

/** One occurrence of a recurring meeting: the parent is an item of Zoom's `occurrences`, tagged with its meeting. */
export const Occurrence: OccurrenceResolvers = {
  id: (occurrence) => occurrenceObjectId(occurrence.meeting_id, occurrence.occurrence_id),
  occurrenceId: (occurrence) => occurrence.occurrence_id,
  startTime: (occurrence) => occurrence.start_time,
  duration: (occurrence) => orNull(occurrence.duration),
  // The wire type admits statuses Zoom may add later; those read as null rather than failing the field.
  status: (occurrence) =>
    occurrence.status !== undefined && STATUSES.has(occurrence.status) ? (occurrence.status as OccurrenceStatus) : null,
};
