import { parsePastMeetingKey } from '../graphql/ids.ts';
import type { ZoomRecordingSettings } from '../zoom/wire.ts';
import type { InputProblem } from './input-problem.ts';
import { checkId, oncePerArgs, throwIfAny } from './write-args.ts';

/** `trashRecording`, `deleteRecording` and `recoverRecording`'s arguments, checked, ids trimmed. */
export interface RecordingWriteArgs {
  /** A numeric meeting id (the meeting's latest recorded instance) or an instance UUID. */
  readonly recordingKey: string;
  /** One file of the recording, or every file when absent. */
  readonly fileId: string | undefined;
}

/** `updateRecordingSettings`'s arguments, checked, as Zoom's PATCH body. */
export interface UpdateRecordingSettingsArgs {
  readonly recordingKey: string;
  readonly settings: ZoomRecordingSettings;
}

/** Longest recording topic, as for a meeting's. */
export const RECORDING_TOPIC_MAX_LENGTH = 200;

/**
 * Zoom's recording file ids are UUID-like strings (`ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8` in the spec's examples);
 * anything else cannot name a file, and must not become a path segment.
 */
const FILE_ID = /^[A-Za-z0-9_-]{1,128}$/;

/**
 * Spec (`recordingSettingsUpdate`): "The password must be between 8 and 10 characters and contain a mix of numbers,
 * letters and special characters"; Zoom refuses one without a letter or a digit (code 300).
 * @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/PATCH/meetings/{meetingId}/recordings/settings
 */
const PASSWORD = /^(?=.*[A-Za-z])(?=.*\d)\S{8,10}$/;

/** The input's GraphQL fields and Zoom's names for them. */
const SETTINGS_FIELDS = {
  shareRecording: 'share_recording',
  recordingAuthentication: 'recording_authentication',
  authenticationOption: 'authentication_option',
  authenticationDomains: 'authentication_domains',
  viewerDownload: 'viewer_download',
  password: 'password',
  onDemand: 'on_demand',
  approvalType: 'approval_type',
  sendEmailToHost: 'send_email_to_host',
  showSocialShareButtons: 'show_social_share_buttons',
  topic: 'topic',
} as const satisfies Record<string, keyof ZoomRecordingSettings>;

/**
 * Checks a recording file write's arguments before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem with its path (`extensions.problems`).
 */
export const parseRecordingWriteArgs = oncePerArgs((args): RecordingWriteArgs => {
  const problems: InputProblem[] = [];
  const recordingKey = checkRecordingKey(problems, args['id']);
  const fileId = checkFileId(problems, args['fileId']);
  throwIfAny(problems);
  return { recordingKey: recordingKey!, fileId };
});

/**
 * Checks `updateRecordingSettings`'s arguments the way Zoom would, before any Zoom call.
 * @throws GatewayError `BAD_USER_INPUT` listing every problem with its path (`extensions.problems`).
 */
export const parseUpdateRecordingSettingsArgs = oncePerArgs((args): UpdateRecordingSettingsArgs => {
  const problems: InputProblem[] = [];
  const recordingKey = checkRecordingKey(problems, args['id']);
  const input = (args['input'] ?? {}) as Readonly<Record<string, unknown>>;
  const settings: Record<string, unknown> = {};
  for (const [field, wire] of Object.entries(SETTINGS_FIELDS)) {
    const value = input[field];
    if (value === undefined) continue;
    if (value === null) {
      problems.push({ path: ['input', field], code: 'INVALID_VALUE', message: 'Must not be null: leave it out to keep the current value.' });
      continue;
    }
    settings[wire] = value;
  }
  if (typeof settings['password'] === 'string' && !PASSWORD.test(settings['password'])) {
    problems.push({ path: ['input', 'password'], code: 'INVALID_FORMAT', message: 'Must be 8 to 10 characters without spaces, with at least one letter and one digit.' });
  }
  if (typeof settings['topic'] === 'string') {
    const topic = settings['topic'];
    if (topic.trim() === '') problems.push({ path: ['input', 'topic'], code: 'INVALID_VALUE', message: 'Must not be blank.' });
    else if (topic.length > RECORDING_TOPIC_MAX_LENGTH) {
      problems.push({ path: ['input', 'topic'], code: 'TOO_LONG', message: `At most ${RECORDING_TOPIC_MAX_LENGTH} characters.` });
    }
  }
  if (problems.length === 0 && Object.keys(settings).length === 0) {
    problems.push({ path: ['input'], code: 'REQUIRED', message: 'Give at least one setting to change.' });
  }
  throwIfAny(problems);
  return { recordingKey: recordingKey!, settings: settings as ZoomRecordingSettings };
});

function checkRecordingKey(problems: InputProblem[], value: unknown): string | undefined {
  return checkId(problems, 'id', value, parsePastMeetingKey, 'Must be a numeric meeting id or a meeting instance UUID.');
}

function checkFileId(problems: InputProblem[], value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const id = typeof value === 'string' ? value.trim() : '';
  if (FILE_ID.test(id)) return id;
  problems.push({ path: ['fileId'], code: 'INVALID_FORMAT', message: 'Must be a recording file id (RecordingFile.id).' });
  return undefined;
}
