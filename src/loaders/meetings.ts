import type { ZoomClient } from '../zoom/client-types.ts';
import type { ZoomMeeting, ZoomMeetingListItem } from '../zoom/wire.ts';
import { EntityLoader } from './entity-loader.ts';

/** Meetings by numeric id (as a string: ids are int64 on the wire). */
export type MeetingLoader = EntityLoader<ZoomMeetingListItem, ZoomMeeting>;

/** Creates the per-request meeting loader. `GET /meetings/{meetingId}` answers the detail. */
export function createMeetingLoader(zoom: ZoomClient, signal?: AbortSignal): MeetingLoader {
  return new EntityLoader<ZoomMeetingListItem, ZoomMeeting>({
    fetchDetail: (meetingId) => zoom.call('meeting', { path: { meetingId }, signal }),
    keysOf: (meeting) => [String(meeting.id)],
    detailKeyOf: (meeting) => String(meeting.id),
    normalizeKey: (key) => key.trim(),
  });
}
