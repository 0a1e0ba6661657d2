import type { RecordingResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

/** A recorded meeting instance: the parent is an item of `GET /users/{userId}/recordings`. */
export const Recording: RecordingResolvers = {
  uuid: (recording) => recording.uuid,
  meetingId: (recording) => String(recording.id),
  topic: (recording) => recording.topic,
  startTime: (recording) => recording.start_time,
  duration: (recording) => recording.duration,
  totalSize: (recording) => recording.total_size,
  recordingCount: (recording) => recording.recording_count,
  playPasscode: (recording) => orNull(recording.recording_play_passcode),
  // Recordings are listed under their host, who is already known: no call.
  host: (recording, _args, { loaders }) => loaders.users.load(recording.host_id),
  files: (recording) => recording.recording_files ?? [],
};
