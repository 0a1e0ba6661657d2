import { ZOOM_OPERATIONS, type ZoomOperationId } from '../zoom/operations.ts';
import type { ZoomMeeting, ZoomUser } from '../zoom/wire.ts';
import { generateSandboxData, resolveDataOptions, type SandboxDataPreset } from './data.ts';
import { createPaginator } from './pagination.ts';
import type { ResourceContext, SandboxAccountPlan } from './resources/context.ts';
import { LiveMeetings } from './resources/live-meetings.ts';
import { MeetingWrites } from './resources/meeting-writes.ts';
import { MeetingsResource } from './resources/meetings.ts';
import { param } from './resources/params.ts';
import { PastMeetingsResource } from './resources/past-meetings.ts';
import { RecordingsResource, type RecordingDownload } from './resources/recordings.ts';
import { RegistrantsResource } from './resources/registrants.ts';
import { ReportsResource } from './resources/reports.ts';
import { UsersResource } from './resources/users.ts';
import { utcDayStart } from './time.ts';
import type { Clock, SandboxChange, SandboxDataOptions, SandboxModel, SandboxRequest, SandboxResponse } from './types.ts';

export type { SandboxAccountPlan } from './resources/context.ts';

/** Options of `createSandboxModel`. */
export interface SandboxModelOptions {
  /** Data sizes: a preset name or options over the `small` preset. Default `'small'`. */
  data?: Partial<SandboxDataOptions> | SandboxDataPreset;
  /** Epoch-millisecond clock for "now" (page token expiry, upcoming/previous, start times). Default `Date.now`. */
  clock?: Clock;
  /** The account id users carry (`account_id`) and recordings report. Default `'sandbox'`. */
  accountId?: string;
  /**
   * The account's plan: Zoom's free Basic plan or any paid one. On `free`, operations whose spec lists code 200
   * ("Only available for paid account") answer it: the past-meeting reports. Default `'paid'`.
   */
  plan?: SandboxAccountPlan;
}

/**
 * Creates the in-memory Zoom behind the sandbox's HTTP shell: seeded data plus Zoom's behaviour for every
 * operation in `ZOOM_OPERATIONS` (parameters, defaults, validation, pagination, error codes, change events).
 * Each Zoom resource is a module of its own under `resources/`; this facade wires them and routes requests.
 * Building the `large` preset takes a second or two; everything after is synchronous and in memory.
 */
export function createSandboxModel(options: SandboxModelOptions = {}): SandboxModel {
  const clock = options.clock ?? Date.now;
  const accountId = options.accountId ?? 'sandbox';
  if (typeof accountId !== 'string' || accountId.length === 0) throw new TypeError('accountId must be a non-empty string');
  const dataOptions = resolveDataOptions(options.data);
  const plan = options.plan ?? 'paid';
  if (plan !== 'free' && plan !== 'paid') throw new TypeError(`plan must be free or paid; got ${JSON.stringify(plan)}`);
  const anchorMs = utcDayStart(clock());
  return new ZoomSandboxModel(dataOptions, accountId, anchorMs, clock, plan);
}

type Handler = (request: SandboxRequest) => SandboxResponse;

class ZoomSandboxModel implements SandboxModel {
  private readonly listeners = new Set<(change: SandboxChange) => void>();
  private readonly paginator;
  private seq = 0;
  private readonly users: UsersResource;
  private readonly meetings: MeetingsResource;
  private readonly past: PastMeetingsResource;
  private readonly live: LiveMeetings;
  private readonly recordings: RecordingsResource;
  private readonly routes: Record<ZoomOperationId, Handler>;

  constructor(
    private readonly dataOptions: SandboxDataOptions,
    private readonly accountId: string,
    private readonly anchorMs: number,
    clock: Clock,
    plan: SandboxAccountPlan,
  ) {
    this.paginator = createPaginator(clock);
    const ctx: ResourceContext = {
      clock,
      accountId,
      plan,
      dataOptions,
      nextSeq: () => ++this.seq,
      emit: (change) => this.emit(change),
      paginate: (items, keyOf, query, op, scope) => {
        const withPageNumber = 'hasPageNumber' in ZOOM_OPERATIONS[op] && ZOOM_OPERATIONS[op].hasPageNumber === true;
        return this.paginator.page(items, keyOf, query, { scope: `${op}|${scope}`, withPageNumber });
      },
    };
    this.users = new UsersResource(ctx);
    this.meetings = new MeetingsResource(ctx, this.users);
    this.past = new PastMeetingsResource(ctx, this.users);
    const recordings = new RecordingsResource(ctx, this.users, this.past);
    this.recordings = recordings;
    this.live = new LiveMeetings(ctx, this.users, this.meetings, this.past, (ended) => recordings.completed(ended));
    const writes = new MeetingWrites(ctx, this.users, this.meetings, this.past, this.live);
    const registrants = new RegistrantsResource(ctx, this.meetings);
    const reports = new ReportsResource(ctx, this.users, this.past);
    this.routes = {
      users: (r) => this.users.list(r.query),
      user: (r) => this.users.get(param(r, 'userId'), r.query),
      meetings: (r) => this.meetings.list(param(r, 'userId'), r.query),
      meetingCreate: (r) => writes.create(param(r, 'userId'), r.body),
      meeting: (r) => this.meetings.get(param(r, 'meetingId'), r.query),
      meetingUpdate: (r) => writes.update(param(r, 'meetingId'), r.query, r.body),
      meetingDelete: (r) => writes.delete(param(r, 'meetingId'), r.query),
      meetingStatus: (r) => writes.updateStatus(param(r, 'meetingId'), r.body),
      pastMeetingDetails: (r) => this.past.get(param(r, 'meetingId')),
      pastMeetingParticipants: (r) => this.past.listParticipants(param(r, 'meetingId'), r.query),
      meetingRegistrants: (r) => registrants.list(param(r, 'meetingId'), r.query),
      recordingsList: (r) => recordings.listForUser(param(r, 'userId'), r.query),
      meetingRecordings: (r) => recordings.get(param(r, 'meetingId'), r.query),
      meetingRecordingsDelete: (r) => recordings.deleteAll(param(r, 'meetingId'), r.query),
      recordingFileDelete: (r) => recordings.deleteOne(param(r, 'meetingId'), param(r, 'recordingId'), r.query),
      meetingRecordingsRecover: (r) => recordings.recoverAll(param(r, 'meetingUUID'), r.body),
      recordingFileRecover: (r) => recordings.recoverOne(param(r, 'meetingId'), param(r, 'recordingId'), r.body),
      recordingSettings: (r) => recordings.getSettings(param(r, 'meetingId')),
      recordingSettingsUpdate: (r) => recordings.updateSettings(param(r, 'meetingId'), r.body),
      pastMeetingInstances: (r) => this.past.listInstances(param(r, 'meetingId'), (id) => this.meetings.hasNumber(id)),
      reportMeetingParticipants: (r) => reports.meetingParticipants(param(r, 'meetingId'), r.query),
      reportMeetings: (r) => reports.userMeetings(param(r, 'userId'), r.query),
      reportDaily: (r) => reports.daily(r.query),
    };
    this.load();
  }

  get owner(): ZoomUser {
    return structuredClone(this.users.owner);
  }

  onChange(listener: (change: SandboxChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  reset(): void {
    this.paginator.reset();
    this.load();
  }

  hostOf(meetingId: string): string | undefined {
    return this.meetings.find(meetingId)?.host_id;
  }

  resolveUserId(userId: string): string | undefined {
    return this.users.find(userId)?.id;
  }

  handle(request: SandboxRequest): SandboxResponse {
    const handler = this.routes[request.operation] as Handler | undefined;
    if (!handler) throw new TypeError(`Unknown sandbox operation: ${String(request.operation)}`);
    return handler(request);
  }

  startMeeting(meetingId: string): ZoomMeeting {
    return this.live.start(meetingId);
  }

  endMeeting(meetingId: string): ZoomMeeting {
    return this.live.endById(meetingId);
  }

  participantJoined(meetingId: string, participant: { name?: string; email?: string } = {}): void {
    this.live.participantJoined(meetingId, participant);
  }

  participantLeft(meetingId: string, participantUuid?: string): void {
    this.live.participantLeft(meetingId, participantUuid);
  }

  recordingDownload(token: string): RecordingDownload | undefined {
    return this.recordings.download(token);
  }

  serveDownloadsFrom(origin: string): void {
    this.recordings.serveDownloadsFrom(origin);
  }

  private load(): void {
    const seed = generateSandboxData(this.dataOptions, this.accountId, this.anchorMs);
    this.seq = 0;
    this.users.load(seed.users);
    this.meetings.load(seed.meetings);
    this.past.load(seed.pastMeetings);
    this.recordings.load();
  }

  private emit(change: SandboxChange): void {
    let failure: unknown;
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch (error) {
        failure ??= error;
      }
    }
    // Every listener has seen the change; a listener's bug still surfaces instead of vanishing.
    if (failure !== undefined) throw failure;
  }
}
