import type { MutationResolvers } from '../__generated__/resolvers-types.ts';
import { cacheKeys } from '../events/cache-keys.ts';
import { invalidationsFor } from '../events/invalidations.ts';
import type { RecordingEventType } from '../events/types.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { parseRecordingWriteArgs, parseUpdateRecordingSettingsArgs, type RecordingWriteArgs } from '../mutations/recording-write-args.ts';
import type { ZoomPastMeetingSummary } from '../zoom/wire.ts';
import type { RecordingSettingsParent } from './recording-settings.ts';

/** What a recording file write answers: the instance and file it named, its recording read afresh when selected. */
export interface RecordingWriteResultParent {
  /** The `id` argument as checked (a meeting id or an instance UUID). */
  readonly id: string;
  readonly fileId: string | null;
}

type RecordingMutationResolvers = Required<
  Pick<MutationResolvers, 'trashRecording' | 'deleteRecording' | 'recoverRecording' | 'updateRecordingSettings'>
>;

/**
 * Recording writes. Each first checks its arguments (`src/mutations/recording-write-args.ts`, `BAD_USER_INPUT` with
 * every problem's path before any Zoom call; a member's access rule runs the same check before its ownership read),
 * then reads the instance (`GET /past_meetings/{id}`, shared with the access check through the loader): it answers
 * `NOT_FOUND` before any write and names the host whose lists the write makes stale. After the write, this
 * operation's loaders forget the recording and the shared-cache seam drops what the matching webhook event would.
 * @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/DELETE/meetings/{meetingId}/recordings
 */
export const recordingMutations: RecordingMutationResolvers = {
  trashRecording: (_root, args, context) => removeFiles(context, parseRecordingWriteArgs(args), 'trash'),

  deleteRecording: (_root, args, context) => removeFiles(context, parseRecordingWriteArgs(args), 'delete'),

  recoverRecording: async (_root, args, context) => {
    const { recordingKey, fileId } = parseRecordingWriteArgs(args);
    const instance = await context.loaders.pastMeetings.load(recordingKey);
    const body = { action: 'recover' as const };
    // Zoom names the path parameter of recovering every file `meetingUUID`; a meeting id is accepted there too.
    // @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/PUT/meetings/{meetingUUID}/recordings/status
    if (fileId === undefined) {
      await context.zoom.call('meetingRecordingsRecover', { path: { meetingUUID: recordingKey }, body, signal: context.signal });
    } else {
      await context.zoom.call('recordingFileRecover', { path: { meetingId: recordingKey, recordingId: fileId }, body, signal: context.signal });
    }
    return afterFileWrite(context, 'RECOVERED', { recordingKey, fileId }, instance);
  },

  updateRecordingSettings: async (_root, args, context) => {
    const { recordingKey, settings } = parseUpdateRecordingSettingsArgs(args);
    const instance = await context.loaders.pastMeetings.load(recordingKey);
    await context.zoom.call('recordingSettingsUpdate', { path: { meetingId: recordingKey }, body: settings, signal: context.signal });
    await invalidate(context, [cacheKeys.recordingSettings(recordingKey), cacheKeys.recordingSettings(instance.uuid)]);
    // PATCH answers 204 without a body: read the settings as Zoom now has them.
    const updated = await context.zoom.call('recordingSettings', { path: { meetingId: recordingKey }, signal: context.signal });
    return { ...updated, host_id: instance.host_id } satisfies RecordingSettingsParent;
  },
};

/**
 * Trash (`action=trash`, kept 30 days) or delete for good (`action=delete`) every file of the recording, or one.
 * @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/DELETE/meetings/{meetingId}/recordings/{recordingId}
 */
async function removeFiles(context: GatewayContext, args: RecordingWriteArgs, action: 'trash' | 'delete'): Promise<RecordingWriteResultParent> {
  const { recordingKey, fileId } = args;
  const instance = await context.loaders.pastMeetings.load(recordingKey);
  const query = { action };
  if (fileId === undefined) {
    await context.zoom.call('meetingRecordingsDelete', { path: { meetingId: recordingKey }, query, signal: context.signal });
  } else {
    await context.zoom.call('recordingFileDelete', { path: { meetingId: recordingKey, recordingId: fileId }, query, signal: context.signal });
  }
  return afterFileWrite(context, action === 'trash' ? 'TRASHED' : 'DELETED', args, instance);
}

/**
 * Forgets this operation's copy of the recording (by the key written and the instance's UUID) and drops the shared
 * entries of the event Zoom will send for the write. A meeting id names the latest recorded instance, which may be
 * another than the latest ended one read here; that instance's own entries go when Zoom's event arrives.
 */
async function afterFileWrite(
  context: GatewayContext,
  type: RecordingEventType,
  { recordingKey, fileId }: RecordingWriteArgs,
  instance: ZoomPastMeetingSummary,
): Promise<RecordingWriteResultParent> {
  for (const key of new Set([recordingKey, instance.uuid])) context.loaders.recordings.clear(key);
  const event = {
    kind: 'recording' as const,
    zoomEvent: `recording.${type.toLowerCase()}`,
    type,
    occurredAt: new Date(0).toISOString(),
    meetingId: String(instance.id),
    meetingUuid: instance.uuid,
    hostId: instance.host_id,
    fileIds: fileId === undefined ? [] : [fileId],
    recording: {},
  };
  await invalidate(context, [...invalidationsFor(event), cacheKeys.recording(recordingKey)]);
  return { id: recordingKey, fileId: fileId ?? null };
}

/** A failed invalidation fails nothing: the write happened (the invalidator logs; a stale entry expires by its TTL). */
async function invalidate(context: GatewayContext, keys: string[]): Promise<void> {
  try {
    await context.invalidate([...new Set(keys)]);
  } catch {
    // See the meeting writes (src/resolvers/mutation.ts): reported as done, or the client would retry the write.
  }
}
