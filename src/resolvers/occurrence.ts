import type { OccurrenceResolvers, OccurrenceStatus } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

const STATUSES: ReadonlySet<string> = new Set<OccurrenceStatus>(['available', 'deleted']);

/** One occurrence of a recurring meeting: the parent is an item of Zoom's `occurrences`. */
export const Occurrence: OccurrenceResolvers = {
  id: (occurrence) => occurrence.occurrence_id,
  startTime: (occurrence) => occurrence.start_time,
  duration: (occurrence) => orNull(occurrence.duration),
  // The wire type admits statuses Zoom may add later; those read as null rather than failing the field.
  status: (occurrence) =>
    occurrence.status !== undefined && STATUSES.has(occurrence.status) ? (occurrence.status as OccurrenceStatus) : null,
};
