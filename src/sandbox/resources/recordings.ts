import type { ZoomRecordingMeeting } from '../../zoom/wire.ts';
import { generateRecordingFiles } from '../data.ts';
import { sortKey } from '../pagination.ts';
import { createSeededRandom, hashSeed, ALPHANUMERIC } from '../random.ts';
import { addUtcMonths, DAY_MS, formatUtcDate, utcDayStart } from '../time.ts';
import type { SandboxResponse } from '../types.ts';
import { fieldError } from '../validation.ts';
import type { ResourceContext } from './context.ts';
import { booleanParam, compare, dateParam, ok } from './params.ts';
import type { PastMeetingsResource, PastRecord } from './past-meetings.ts';
import type { UsersResource } from './users.ts';

const FAR_FUTURE_MS = 9_999_999_999_999;

/** Zoom's cloud recordings: the files of recorded past-meeting instances, listed per user over a month at most. */
export class RecordingsResource {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
    private readonly past: PastMeetingsResource,
  ) {}

  /** GET /users/{userId}/recordings */
  listForUser(userId: string, query: URLSearchParams): SandboxResponse {
    const user = this.users.require(userId);
    const today = utcDayStart(this.ctx.clock());
    const fromParam = dateParam(query, 'from');
    const toParam = dateParam(query, 'to');
    // Spec: with neither, from is today and to tomorrow ("2020-06-30" and "2020-07-01"); with only from, to is today.
    const from = fromParam ?? (toParam === undefined ? today : toParam);
    const to = toParam ?? (fromParam === undefined ? today + DAY_MS : Math.max(today, from));
    if (to < from) throw fieldError('to', 'The to date cannot be earlier than the from date.');
    // Spec: "The maximum range can be a month."
    if (to > addUtcMonths(from, 1)) throw fieldError('to', 'The date range between from and to cannot be more than one month.');
    const trash = booleanParam(query, 'trash', false);
    const meetingIdFilter = query.get('meeting_id');
    if (meetingIdFilter !== null && !/^\d+$/.test(meetingIdFilter)) throw fieldError('meeting_id');
    const recorded = trash
      ? []
      : this.past.ofHost(user.id).filter((p) => {
          if (!p.meeting.recorded) return false;
          if (meetingIdFilter !== null && String(p.meeting.id) !== meetingIdFilter) return false;
          const day = utcDayStart(Date.parse(p.meeting.start_time));
          return day >= from && day <= to;
        });
    recorded.sort((a, b) => compare(recordingKey(a), recordingKey(b)));
    const scope = `${user.id}|${formatUtcDate(from)}|${formatUtcDate(to)}|${trash}|${meetingIdFilter ?? ''}`;
    const page = this.ctx.paginate(recorded, recordingKey, query, 'recordingsList', scope);
    return ok({ from: formatUtcDate(from), to: formatUtcDate(to), ...page.envelope, meetings: page.items.map((p) => this.render(p)) });
  }

  private render(past: PastRecord): ZoomRecordingMeeting {
    const files = generateRecordingFiles(this.ctx.dataOptions.seed, past.meeting);
    return {
      uuid: past.meeting.uuid,
      id: past.meeting.id,
      account_id: this.ctx.accountId,
      host_id: past.meeting.host_id,
      topic: past.meeting.topic,
      // A string on the wire, unlike the meeting's numeric `type`.
      type: String(past.meeting.type),
      start_time: past.meeting.start_time,
      duration: past.meeting.duration,
      total_size: files.reduce((sum, f) => sum + f.file_size, 0),
      recording_count: files.length,
      recording_play_passcode: createSeededRandom(hashSeed(`${this.ctx.dataOptions.seed}:passcode:${past.meeting.uuid}`)).string(32, ALPHANUMERIC),
      recording_files: files,
    };
  }
}

/** Newest recordings first. */
function recordingKey(past: PastRecord): string {
  return sortKey(FAR_FUTURE_MS - Date.parse(past.meeting.start_time), past.seq);
}
