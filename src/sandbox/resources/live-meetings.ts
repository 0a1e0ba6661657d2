import { randomUUID } from 'node:crypto';
import type { ZoomMeeting, ZoomParticipant } from '../../zoom/wire.ts';
import { formatZoomTime, MINUTE_MS } from '../time.ts';
import type { SandboxHttpError } from '../types.ts';
import { zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import type { LiveParticipant, MeetingRecord, MeetingsResource } from './meetings.ts';
import { newUuid } from './params.ts';
import type { PastMeetingsResource, PastRecord } from './past-meetings.ts';
import type { UsersResource } from './users.ts';

/**
 * Simulated live activity (Zoom has no API for it; the admin endpoint and PUT .../status {"action":"end"} drive it):
 * a meeting starts, people join and leave, and ending it leaves a past-meeting instance behind.
 */
export class LiveMeetings {
  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
    private readonly meetings: MeetingsResource,
    private readonly past: PastMeetingsResource,
    /** Told about each instance that ends, after `meeting.ended` (the recordings announce theirs). */
    private readonly onInstanceEnded: (past: PastRecord) => void = () => undefined,
  ) {}

  start(meetingId: string): ZoomMeeting {
    const record = this.meetings.require(meetingId);
    if (record.status !== 'started') {
      record.status = 'started';
      record.live = { uuid: record.uuid, startedMs: this.ctx.clock(), participants: [] };
      this.ctx.emit({ type: 'meeting.started', meeting: this.meetings.render(record, { showPrevious: true }), operatorId: record.host_id });
    }
    return this.meetings.render(record, { showPrevious: true });
  }

  endById(meetingId: string): ZoomMeeting {
    const record = this.meetings.require(meetingId);
    if (record.status !== 'started') throw notInProgress(meetingId);
    return this.end(record);
  }

  participantJoined(meetingId: string, participant: { name?: string; email?: string } = {}): void {
    const record = this.meetings.require(meetingId);
    if (!record.live) throw notInProgress(meetingId);
    const now = this.ctx.clock();
    const colleague = participant.email === undefined ? undefined : this.users.byEmailOrUndefined(participant.email);
    const live: LiveParticipant = {
      participant_uuid: randomUUID().toUpperCase(),
      user_id: String(16_778_240 + record.live.participants.length * 1_024),
      id: colleague?.id ?? '',
      name: participant.name ?? colleague?.display_name ?? `Guest ${record.live.participants.length + 1}`,
      ...(participant.email === undefined ? {} : { email: participant.email }),
      joinMs: now,
    };
    record.live.participants.push(live);
    this.emitParticipant('meeting.participant_joined', record, live, now);
  }

  participantLeft(meetingId: string, participantUuid?: string): void {
    const record = this.meetings.require(meetingId);
    if (!record.live) throw notInProgress(meetingId);
    const present = record.live.participants.filter((p) => p.leaveMs === undefined);
    const leaving = participantUuid === undefined ? present[present.length - 1] : present.find((p) => p.participant_uuid === participantUuid);
    if (!leaving) {
      throw zoomError(400, 300, participantUuid === undefined ? `Nobody is in meeting ${meetingId}.` : `Participant ${participantUuid} is not in meeting ${meetingId}.`);
    }
    const now = this.ctx.clock();
    leaving.leaveMs = now;
    this.emitParticipant('meeting.participant_left', record, leaving, now);
  }

  /** Ends a started meeting: everyone leaves, the instance becomes a past meeting, the meeting waits again. */
  end(record: MeetingRecord): ZoomMeeting {
    const live = record.live;
    const now = this.ctx.clock();
    if (!live) return this.meetings.render(record, { showPrevious: true });
    for (const p of live.participants) {
      if (p.leaveMs === undefined) {
        p.leaveMs = now;
        this.emitParticipant('meeting.participant_left', record, p, now);
      }
    }
    const endedView = this.meetings.render(record, { showPrevious: true });
    const host = this.users.byIdOrUndefined(record.host_id);
    const participants: ZoomParticipant[] = live.participants.map((p) => ({
      id: p.id,
      name: p.name,
      user_id: p.user_id,
      ...(p.email ? { user_email: p.email } : { user_email: '' }),
      join_time: formatZoomTime(p.joinMs),
      leave_time: formatZoomTime(p.leaveMs ?? now),
      duration: Math.max(0, Math.round(((p.leaveMs ?? now) - p.joinMs) / 1000)),
      failover: false,
      status: 'in_meeting',
    }));
    const instance: PastRecord = {
      seq: this.ctx.nextSeq(),
      participants,
      meeting: {
        id: record.id,
        uuid: live.uuid,
        host_id: record.host_id,
        topic: record.topic,
        type: record.type,
        start_time: formatZoomTime(live.startedMs),
        end_time: formatZoomTime(now),
        duration: Math.max(1, Math.ceil((now - live.startedMs) / MINUTE_MS)),
        participants_count: participants.length,
        user_name: host?.display_name ?? '',
        user_email: host?.email ?? '',
        ...(host?.dept ? { dept: host.dept } : {}),
        source: 'Zoom',
        recorded: record.settings.auto_recording === 'cloud',
      },
    };
    this.past.add(instance);
    delete record.live;
    record.status = 'waiting';
    // Each instance of a meeting has its own UUID; the next one gets a fresh one.
    record.uuid = newUuid();
    // An instant meeting is gone once it ends.
    if (record.type === 1) this.meetings.remove(record);
    this.ctx.emit({ type: 'meeting.ended', meeting: endedView, operatorId: record.host_id });
    this.onInstanceEnded(instance);
    return endedView;
  }

  private emitParticipant(type: 'meeting.participant_joined' | 'meeting.participant_left', record: MeetingRecord, p: LiveParticipant, at: number): void {
    this.ctx.emit({
      type,
      meeting: this.meetings.render(record, { showPrevious: true }),
      participant: { user_id: p.user_id, user_name: p.name, ...(p.email ? { email: p.email } : {}), participant_uuid: p.participant_uuid, at: formatZoomTime(at) },
      operatorId: record.host_id,
    });
  }
}

function notInProgress(meetingId: string): SandboxHttpError {
  return zoomError(400, 3000, `Meeting ${meetingId} is not in progress.`);
}
