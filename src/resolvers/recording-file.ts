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
  // The gateway's own signed link, never Zoom's `play_url` (which needs a Zoom login) or `download_url` (which needs
  // the gateway's token): the route streams the file with the token (src/recordings). A trashed file has none:
  // Zoom's download of it answers 404.
  playUrl: (file, _args, { recordingLinks }) =>
    file.deleted_time !== undefined || !file.download_url
      ? null
      : recordingLinks.sign({ fileId: file.id, meetingUuid: file.meeting_id, downloadUrl: file.download_url }).path,
  downloadUrl: (file) => file.download_url,
  recordingType: (file) => orNull(file.recording_type),
};
