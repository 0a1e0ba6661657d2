import type { RecordingFileResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

/** One file of a cloud recording: the parent is an item of Zoom's `recording_files`. */
export const RecordingFile: RecordingFileResolvers = {
  id: (file) => file.id,
  recordingStart: (file) => file.recording_start,
  recordingEnd: (file) => file.recording_end,
  fileType: (file) => file.file_type,
  fileExtension: (file) => orNull(file.file_extension),
  fileSize: (file) => file.file_size,
  playUrl: (file) => orNull(file.play_url),
  downloadUrl: (file) => file.download_url,
  recordingType: (file) => orNull(file.recording_type),
};
