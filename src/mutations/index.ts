export { validateCreateMeetingInput, validateUpdateMeetingInput, MEETING_INPUT_LIMITS } from './validate-meeting-input.ts';
export type { ValidateUpdateMeetingOptions } from './validate-meeting-input.ts';
export {
  parseCreateMeetingArgs, parseDeleteMeetingArgs, parseEndMeetingArgs, parseUpdateMeetingArgs,
} from './meeting-write-args.ts';
export type { CreateMeetingArgs, DeleteMeetingArgs, EndMeetingArgs, UpdateMeetingArgs, WriteArgs } from './meeting-write-args.ts';
export { toZoomMeetingCreateBody, toZoomMeetingUpdateBody } from './to-zoom-meeting-body.ts';
export type { InputProblem, InputProblemCode } from './input-problem.ts';
export * from './meeting-input.ts';
export { parseRecordingWriteArgs, parseUpdateRecordingSettingsArgs, RECORDING_TOPIC_MAX_LENGTH } from './recording-write-args.ts';
export type { RecordingWriteArgs, UpdateRecordingSettingsArgs } from './recording-write-args.ts';
