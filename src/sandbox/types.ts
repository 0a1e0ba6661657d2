import type { ZoomOperationId } from '../zoom/operations.ts';
import type { ZoomErrorBody, ZoomMeeting, ZoomRecordingMeeting, ZoomUser } from '../zoom/wire.ts';

/**
 * The contract between the sandbox's HTTP shell (`server.ts`: sockets, auth, rate limits, faults, admin, webhooks)
 * and its Zoom model (`model.ts`, a facade over one module per Zoom resource in `resources/`, with `data.ts`, `validation.ts`, `pagination.ts` and `zoom-errors.ts`: data,
 * validation, pagination, Zoom's errors).
 */

/** A clock in epoch milliseconds; tests inject one to expire tokens and page tokens without waiting. */
export type Clock = () => number;

/** Sizes of the seeded data. Same seed and options, same data, byte for byte. */
export interface SandboxDataOptions {
  seed: number;
  users: number;
  meetingsPerUser: number;
  pastMeetingsPerUser: number;
  participantsPerPastMeeting: number;
  registrantsPerMeeting: number;
  recordingsPerUser: number;
}

/** One authenticated API request, already routed: the shell matched `operation` from ZOOM_OPERATIONS. */
export interface SandboxRequest {
  operation: ZoomOperationId;
  /** Path parameters, fully decoded (a double-encoded UUID arrives here as the plain UUID). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body for POST/PATCH/PUT; `undefined` when there was none. */
  body: unknown;
}

export interface SandboxResponse {
  status: number;
  /** JSON body; absent for 204. */
  body?: unknown;
}

/** A Zoom error answer thrown by the model; the shell serialises `body` with `status`. */
export class SandboxHttpError extends Error {
  readonly status: number;
  readonly body: ZoomErrorBody;
  constructor(status: number, body: ZoomErrorBody) {
    super(body.message);
    this.status = status;
    this.body = body;
  }
}

/** A change to the model's data, from which the shell emits webhooks. */
export type SandboxChange =
  | { type: 'meeting.created'; meeting: ZoomMeeting; operatorId: string }
  | { type: 'meeting.updated'; meeting: ZoomMeeting; changed: Record<string, unknown>; operatorId: string }
  | { type: 'meeting.deleted'; meeting: ZoomMeeting; occurrenceId?: string; operatorId: string }
  | { type: 'meeting.started'; meeting: ZoomMeeting; operatorId: string }
  | { type: 'meeting.ended'; meeting: ZoomMeeting; operatorId: string }
  | {
      type: 'meeting.participant_joined' | 'meeting.participant_left';
      meeting: ZoomMeeting;
      participant: { user_id: string; user_name: string; email?: string; participant_uuid: string; at: string };
      operatorId: string;
    }
  | { type: 'user.updated'; user: ZoomUser; changed: Record<string, unknown>; operatorId: string }
  | {
      /** `recording` holds the files concerned: all of them on completed, those trashed, deleted or recovered otherwise. */
      type: 'recording.completed' | 'recording.trashed' | 'recording.deleted' | 'recording.recovered';
      recording: ZoomRecordingMeeting;
      operatorId: string;
    };

/** The Zoom model behind the shell. */
export interface SandboxModel {
  /** Answers one request as Zoom would, or throws `SandboxHttpError`. Synchronous: the model is in memory. */
  handle(request: SandboxRequest): SandboxResponse;
  /** Subscribes to data changes; returns the unsubscribe function. */
  onChange(listener: (change: SandboxChange) => void): () => void;
  /** The account owner (`me`): an admin user. */
  readonly owner: ZoomUser;
  /** Host of a meeting, for the per-host daily write limit; `undefined` when the meeting does not exist. */
  hostOf(meetingId: string): string | undefined;
  /** Resolves `userId` path values (id, email or `me`) to a user id; `undefined` when unknown. */
  resolveUserId(userId: string): string | undefined;
  /** Simulated live activity (Zoom has no API for these; the admin endpoint drives them). Each emits its change. */
  startMeeting(meetingId: string): ZoomMeeting;
  endMeeting(meetingId: string): ZoomMeeting;
  participantJoined(meetingId: string, participant?: { name?: string; email?: string }): void;
  participantLeft(meetingId: string, participantUuid?: string): void;
  /**
   * The recording file a download token (the last segment of a `download_url`) names, while it is in the library;
   * the shell serves its bytes. Optional: models without recordings serve no downloads.
   */
  recordingDownload?(token: string): { fileId: string; size: number; extension: string } | undefined;
  /** Makes `download_url`s point at this origin (the shell's, once it listens). */
  serveDownloadsFrom?(origin: string): void;
  /** Restores the seeded data and forgets page tokens. */
  reset(): void;
}
