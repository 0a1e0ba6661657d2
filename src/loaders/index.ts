import type { ZoomClient } from '../zoom/client-types.ts';
import { createMeetingLoader, type MeetingLoader } from './meetings.ts';
import { createPastMeetingLoader, type PastMeetingLoader } from './past-meetings.ts';
import { createRecordingLoader, type RecordingLoader } from './recordings.ts';
import { createUserLoader, type UserLoader } from './users.ts';

export { EntityLoader, type EntityLoaderOptions } from './entity-loader.ts';
export { normalizeUserKey, type UserLoader } from './users.ts';
export type { MeetingLoader } from './meetings.ts';
export type { PastMeetingLoader } from './past-meetings.ts';
export type { RecordingLoader } from './recordings.ts';

/** The per-request loaders. Build a fresh set for every GraphQL operation: they cache for its lifetime only. */
export interface Loaders {
  users: UserLoader;
  meetings: MeetingLoader;
  pastMeetings: PastMeetingLoader;
  recordings: RecordingLoader;
}

/** Creates a fresh set of loaders over one Zoom client; `signal` aborts their Zoom calls. */
export function createLoaders(zoom: ZoomClient, signal?: AbortSignal): Loaders {
  return {
    users: createUserLoader(zoom, signal),
    meetings: createMeetingLoader(zoom, signal),
    pastMeetings: createPastMeetingLoader(zoom, signal),
    recordings: createRecordingLoader(zoom, signal),
  };
}
