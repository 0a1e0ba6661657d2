import type { ZoomClient } from '../zoom/client-types.ts';
import type { ZoomMeetingRecording, ZoomRecordingMeeting } from '../zoom/wire.ts';
import { EntityLoader } from './entity-loader.ts';

/**
 * Cloud recordings by instance UUID or by meeting id (which Zoom answers with the meeting's latest recorded
 * instance). Remembered under their UUID only, like past meetings: a meeting id names whichever instance was
 * recorded last. `GET /users/{userId}/recordings` items are primed, so an instance listed there costs nothing more.
 */
export type RecordingLoader = EntityLoader<ZoomRecordingMeeting, ZoomMeetingRecording>;

/**
 * Creates the per-request recording loader (`GET /meetings/{meetingId}/recordings`).
 * @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings
 */
export function createRecordingLoader(zoom: ZoomClient, signal?: AbortSignal): RecordingLoader {
  return new EntityLoader<ZoomRecordingMeeting, ZoomMeetingRecording>({
    fetchDetail: (meetingId) => zoom.call('meetingRecordings', { path: { meetingId }, signal }),
    keysOf: (recording) => [recording.uuid],
    detailKeyOf: (recording) => recording.uuid,
  });
}
