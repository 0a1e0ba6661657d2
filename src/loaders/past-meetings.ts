import type { ZoomClient } from '../zoom/client-types.ts';
import type { ZoomPastMeeting, ZoomPastMeetingSummary } from '../zoom/wire.ts';
import { EntityLoader } from './entity-loader.ts';

/**
 * Ended meeting instances by instance UUID or by meeting id (which Zoom answers with the latest ended instance).
 * Objects are remembered under their UUID only: a meeting id names whichever instance ended last. A meeting's
 * history primes summaries (UUID, start, meeting id and host), whose other fields cost one detail read each.
 */
export type PastMeetingLoader = EntityLoader<ZoomPastMeetingSummary, ZoomPastMeeting>;

/** Creates the per-request past meeting loader (`GET /past_meetings/{meetingId}`). */
export function createPastMeetingLoader(zoom: ZoomClient, signal?: AbortSignal): PastMeetingLoader {
  return new EntityLoader<ZoomPastMeetingSummary, ZoomPastMeeting>({
    fetchDetail: (meetingId) => zoom.call('pastMeetingDetails', { path: { meetingId }, signal }),
    keysOf: (pastMeeting) => [pastMeeting.uuid],
    detailKeyOf: (pastMeeting) => pastMeeting.uuid,
  });
}
