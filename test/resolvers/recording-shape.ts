import { expect } from 'vitest';
import type { ZoomMeetingRecording } from '../../src/zoom/wire.ts';

/**
 * The `Recording` a full selection answers for a Zoom recording (recording.test.ts's RECORDING_FIELDS, the user's
 * recordings page): every field mapped from the wire, and each file's `playUrl` the gateway's own signed link
 * (src/recordings), never Zoom's play_url.
 */
export function expectedRecording(recording: ZoomMeetingRecording) {
  return {
    uuid: recording.uuid,
    meetingId: String(recording.id),
    topic: recording.topic,
    startTime: recording.start_time,
    duration: recording.duration,
    totalSize: recording.total_size,
    recordingCount: recording.recording_count,
    playPasscode: recording.recording_play_passcode ?? null,
    host: { id: recording.host_id },
    files: recording.recording_files.map((file) => ({
      id: file.id,
      recordingStart: file.recording_start,
      recordingEnd: file.recording_end,
      fileType: file.file_type,
      fileExtension: file.file_extension ?? null,
      fileSize: file.file_size,
      playUrl: expect.stringMatching(new RegExp(`^/recordings/${file.id}\\?t=[\\w-]+\\.[\\w-]+$`)),
      downloadUrl: file.download_url,
      recordingType: file.recording_type ?? null,
    })),
  };
}
