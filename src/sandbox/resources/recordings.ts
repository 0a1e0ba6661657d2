import type { ZoomMeetingRecording, ZoomRecordingFile, ZoomRecordingMeeting, ZoomRecordingSettings } from '../../zoom/wire.ts';
import { generateRecordingFiles, SANDBOX_WEB_HOST } from '../data.ts';
import { sortKey } from '../pagination.ts';
import { createSeededRandom, hashSeed, ALPHANUMERIC, BASE64URL } from '../random.ts';
import { addUtcMonths, DAY_MS, formatUtcDate, formatZoomTime, utcDayStart } from '../time.ts';
import type { SandboxHttpError, SandboxResponse } from '../types.ts';
import { fieldError } from '../validation.ts';
import { zoomError } from '../zoom-errors.ts';
import type { ResourceContext } from './context.ts';
import { booleanParam, compare, dateParam, enumParam, isMeetingNumber, NO_CONTENT, ok } from './params.ts';
import type { PastMeetingsResource, PastRecord } from './past-meetings.ts';
import { parseRecordingSettingsBody, parseRecordingStatusBody } from './recording-bodies.ts';
import type { UsersResource } from './users.ts';

const FAR_FUTURE_MS = 9_999_999_999_999;

/**
 * Zoom keeps trashed cloud recordings for 30 days, then deletes them for good.
 * @see https://support.zoom.us/hc/en-us/articles/205347605-Managing-cloud-recordings
 */
const TRASH_RETENTION_MS = 30 * DAY_MS;

/** Where a file of a recorded instance stands; files without an entry are in the library. */
interface FileState {
  trashedAt?: number;
  deleted?: boolean;
}

/** One downloadable file, for the shell's download endpoint. */
export interface RecordingDownload {
  fileId: string;
  size: number;
  /** Zoom's `file_extension` (MP4, M4A, VTT, TXT). */
  extension: string;
}

/**
 * Zoom's cloud recordings: the files of recorded past-meeting instances; listed per user over a month at most, read
 * per meeting, trashed (kept 30 days) or deleted for good, recovered from the trash, with per-meeting share settings.
 * Download URLs point at the sandbox's own `/rec/download/{token}` (see `../downloads.ts`).
 */
export class RecordingsResource {
  private files = new Map<string, FileState>();
  private settings = new Map<string, ZoomRecordingSettings>();
  /** Download token to file, filled as files are rendered (and on demand from the seed). */
  private downloads = new Map<string, RecordingDownload>();
  private downloadOrigin = SANDBOX_WEB_HOST;

  constructor(
    private readonly ctx: ResourceContext,
    private readonly users: UsersResource,
    private readonly past: PastMeetingsResource,
  ) {}

  load(): void {
    this.files = new Map();
    this.settings = new Map();
    this.downloads = new Map();
  }

  /** The origin download URLs point at (the sandbox's, once it listens). */
  serveDownloadsFrom(origin: string): void {
    this.downloadOrigin = origin;
  }

  /** The file a download token names, unless it was deleted for good or trashed. */
  download(token: string): RecordingDownload | undefined {
    if (!this.downloads.has(token)) {
      // Tokens are deterministic per seed: a URL from before a restart still finds its file.
      for (const hostPast of this.allRecorded()) this.render(hostPast, 'library');
    }
    const file = this.downloads.get(token);
    if (!file) return undefined;
    const state = this.state(file.fileId);
    return state.deleted || state.trashedAt !== undefined ? undefined : file;
  }

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
    const view = booleanParam(query, 'trash', false) ? 'trash' : 'library';
    const meetingIdFilter = query.get('meeting_id');
    if (meetingIdFilter !== null && !/^\d+$/.test(meetingIdFilter)) throw fieldError('meeting_id');
    const recorded = this.past.ofHost(user.id).filter((p) => {
      if (!p.meeting.recorded) return false;
      if (meetingIdFilter !== null && String(p.meeting.id) !== meetingIdFilter) return false;
      const day = utcDayStart(Date.parse(p.meeting.start_time));
      return day >= from && day <= to && this.render(p, view).recording_files.length > 0;
    });
    recorded.sort((a, b) => compare(recordingKey(a), recordingKey(b)));
    const scope = `${user.id}|${formatUtcDate(from)}|${formatUtcDate(to)}|${view}|${meetingIdFilter ?? ''}`;
    const page = this.ctx.paginate(recorded, recordingKey, query, 'recordingsList', scope);
    return ok({ from: formatUtcDate(from), to: formatUtcDate(to), ...page.envelope, meetings: page.items.map((p) => this.render(p, view)) });
  }

  /** GET /meetings/{meetingId}/recordings: an instance's files still in the library. */
  get(meetingId: string, query: URLSearchParams): SandboxResponse {
    const past = this.requireRecorded(meetingId);
    const body: ZoomMeetingRecording = this.render(past, 'library');
    if (body.recording_files.length === 0) throw noRecording();
    if (query.get('include_fields') === 'download_access_token') {
      // Spec: `ttl` 1..604800 seconds. The token is opaque here; downloads use the bearer token.
      const ttl = query.get('ttl');
      if (ttl !== null && !(/^\d+$/.test(ttl) && Number(ttl) >= 1 && Number(ttl) <= 604_800)) throw fieldError('ttl');
      body.download_access_token = createSeededRandom(hashSeed(`download:${past.meeting.uuid}:${this.ctx.clock()}`)).string(120, BASE64URL);
    }
    return ok(body);
  }

  /** DELETE /meetings/{meetingId}/recordings: every file to the trash (default) or gone for good. */
  deleteAll(meetingId: string, query: URLSearchParams): SandboxResponse {
    const past = this.requireRecorded(meetingId);
    const action = enumParam(query, 'action', ['trash', 'delete'] as const, 'trash');
    const targets = this.filesOf(past).filter((f) => (action === 'trash' ? this.inLibrary(f.id) : !this.state(f.id).deleted));
    if (targets.length === 0) throw noRecording();
    this.apply(past, targets, action);
    return NO_CONTENT;
  }

  /** DELETE /meetings/{meetingId}/recordings/{recordingId} */
  deleteOne(meetingId: string, recordingId: string, query: URLSearchParams): SandboxResponse {
    const past = this.requireRecorded(meetingId);
    const action = enumParam(query, 'action', ['trash', 'delete'] as const, 'trash');
    const file = this.filesOf(past).find((f) => f.id === recordingId);
    if (!file || this.state(file.id).deleted || (action === 'trash' && !this.inLibrary(file.id))) throw noRecording();
    this.apply(past, [file], action);
    return NO_CONTENT;
  }

  /** PUT /meetings/{meetingUUID}/recordings/status {"action":"recover"}: every trashed file back. */
  recoverAll(meetingUuid: string, body: unknown): SandboxResponse {
    parseRecordingStatusBody(body);
    const past = this.requireRecorded(meetingUuid);
    const trashed = this.filesOf(past).filter((f) => this.isTrashed(f.id));
    if (trashed.length === 0) throw noRecording();
    this.apply(past, trashed, 'recover');
    return NO_CONTENT;
  }

  /** PUT /meetings/{meetingId}/recordings/{recordingId}/status {"action":"recover"} */
  recoverOne(meetingId: string, recordingId: string, body: unknown): SandboxResponse {
    parseRecordingStatusBody(body);
    const past = this.requireRecorded(meetingId);
    const file = this.filesOf(past).find((f) => f.id === recordingId && this.isTrashed(f.id));
    if (!file) throw noRecording();
    this.apply(past, [file], 'recover');
    return NO_CONTENT;
  }

  /** GET /meetings/{meetingId}/recordings/settings */
  getSettings(meetingId: string): SandboxResponse {
    const past = this.requireRecorded(meetingId);
    return ok(this.settingsOf(past));
  }

  /** PATCH /meetings/{meetingId}/recordings/settings */
  updateSettings(meetingId: string, body: unknown): SandboxResponse {
    const input = parseRecordingSettingsBody(body);
    const past = this.requireRecorded(meetingId);
    this.settings.set(past.meeting.uuid, { ...this.settingsOf(past), ...input });
    return NO_CONTENT;
  }

  /** Announces a newly ended recorded instance (`recording.completed`). */
  completed(past: PastRecord): void {
    if (!past.meeting.recorded) return;
    this.ctx.emit({ type: 'recording.completed', recording: this.render(past, 'library'), operatorId: past.meeting.host_id });
  }

  private apply(past: PastRecord, files: readonly ZoomRecordingFile[], action: 'trash' | 'delete' | 'recover'): void {
    const now = this.ctx.clock();
    const before = this.render(past, action === 'recover' ? 'trash' : 'library');
    const affected = new Set(files.map((f) => f.id));
    for (const file of files) {
      if (action === 'trash') this.files.set(file.id, { trashedAt: now });
      else if (action === 'delete') this.files.set(file.id, { deleted: true });
      else this.files.delete(file.id);
    }
    const type = action === 'trash' ? 'recording.trashed' : action === 'delete' ? 'recording.deleted' : 'recording.recovered';
    const recording = { ...before, recording_files: before.recording_files.filter((f) => affected.has(f.id)) };
    this.ctx.emit({ type, recording, operatorId: this.users.owner.id });
  }

  /**
   * The latest recorded instance for a numeric id, or the instance with that UUID; 404 code 3301 "There is no
   * recording for this meeting." otherwise (the settings operations list a bare 404: the same body fits).
   */
  private requireRecorded(meetingId: string): PastRecord {
    let past: PastRecord | undefined;
    if (isMeetingNumber(meetingId)) {
      for (const candidate of this.past.ofMeeting(Number(meetingId))) {
        if (candidate.meeting.recorded && (!past || candidate.meeting.end_time > past.meeting.end_time)) past = candidate;
      }
    } else {
      const candidate = this.past.byUuidOrUndefined(meetingId);
      if (candidate?.meeting.recorded) past = candidate;
    }
    if (!past || this.filesOf(past).every((f) => this.state(f.id).deleted)) throw noRecording();
    return past;
  }

  private render(past: PastRecord, view: 'library' | 'trash'): ZoomRecordingMeeting {
    const files = this.filesOf(past).filter((f) => (view === 'trash' ? this.isTrashed(f.id) : this.inLibrary(f.id)));
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
      recording_files: files.map((f) => {
        const trashedAt = this.state(f.id).trashedAt;
        return trashedAt === undefined ? f : { ...f, deleted_time: formatZoomTime(trashedAt) };
      }),
    };
  }

  /** The instance's files (generated from the seed), with download URLs on the sandbox's origin. */
  private filesOf(past: PastRecord): ZoomRecordingFile[] {
    return generateRecordingFiles(this.ctx.dataOptions.seed, past.meeting).map((file) => {
      const token = file.download_url.slice(file.download_url.lastIndexOf('/') + 1);
      this.downloads.set(token, { fileId: file.id, size: file.file_size, extension: file.file_extension ?? file.file_type });
      return { ...file, download_url: `${this.downloadOrigin}/rec/download/${token}` };
    });
  }

  private state(fileId: string): FileState {
    const state = this.files.get(fileId);
    // Past Zoom's 30 days a trashed file is gone for good.
    if (state?.trashedAt !== undefined && this.ctx.clock() - state.trashedAt > TRASH_RETENTION_MS) return { deleted: true };
    return state ?? {};
  }

  private inLibrary(fileId: string): boolean {
    const state = this.state(fileId);
    return !state.deleted && state.trashedAt === undefined;
  }

  private isTrashed(fileId: string): boolean {
    const state = this.state(fileId);
    return !state.deleted && state.trashedAt !== undefined;
  }

  private settingsOf(past: PastRecord): ZoomRecordingSettings {
    const stored = this.settings.get(past.meeting.uuid);
    if (stored) return { ...stored };
    const random = createSeededRandom(hashSeed(`${this.ctx.dataOptions.seed}:recording-settings:${past.meeting.uuid}`));
    return {
      share_recording: 'publicly',
      recording_authentication: false,
      authentication_option: '',
      authentication_domains: '',
      viewer_download: true,
      password: random.string(10, ALPHANUMERIC),
      on_demand: false,
      approval_type: 2,
      send_email_to_host: true,
      show_social_share_buttons: true,
      topic: past.meeting.topic,
    };
  }

  private *allRecorded(): Iterable<PastRecord> {
    for (const user of this.users.all) for (const past of this.past.ofHost(user.id)) if (past.meeting.recorded) yield past;
  }
}

/** 404 code 3301, the spec's answer for a meeting without (remaining) cloud recordings. */
function noRecording(): SandboxHttpError {
  return zoomError(404, 3301, 'There is no recording for this meeting.');
}

/** Newest recordings first. */
function recordingKey(past: PastRecord): string {
  return sortKey(FAR_FUTURE_MS - Date.parse(past.meeting.start_time), past.seq);
}
