import { describe, expect, it } from 'vitest';
import type { MutationCreateMeetingArgs, MutationUpdateMeetingArgs } from '../../src/__generated__/resolvers-types.ts';
import { toZoomMeetingCreateBody, toZoomMeetingUpdateBody } from '../../src/mutations/to-zoom-meeting-body.ts';
import { validateCreateMeetingInput, validateUpdateMeetingInput } from '../../src/mutations/validate-meeting-input.ts';

// Resolvers hand the codegen'd argument types straight to validation and mapping: this file only typechecks
// while the generated inputs (from schema/mutation.graphql + codegen.yml enumValues) fit the hand-written ones.
describe('generated mutation arguments', () => {
  it('validate and map a createMeeting argument as resolvers receive it', () => {
    const args: MutationCreateMeetingArgs = {
      userId: 'me',
      input: {
        topic: 'Planning',
        type: 8,
        startTime: '2025-05-05T09:00:00',
        timezone: 'Europe/Paris',
        recurrence: { type: 2, weeklyDays: [2, 4], endTimes: 4 },
        settings: { autoRecording: 'cloud', approvalType: 2, audio: 'both', waitingRoom: true },
      },
    };
    expect(validateCreateMeetingInput(args.input)).toEqual([]);
    expect(toZoomMeetingCreateBody(args.input)).toEqual({
      topic: 'Planning',
      type: 8,
      start_time: '2025-05-05T09:00:00',
      timezone: 'Europe/Paris',
      recurrence: { type: 2, weekly_days: '2,4', end_times: 4 },
      settings: { auto_recording: 'cloud', approval_type: 2, audio: 'both', waiting_room: true },
    });
  });

  it('validate and map an updateMeeting argument for one occurrence', () => {
    const args: MutationUpdateMeetingArgs = { id: '81234567890', occurrenceId: '1746435600000', input: { duration: 30, topic: 'x' } };
    expect(validateUpdateMeetingInput(args.input, { occurrenceId: args.occurrenceId }).map((p) => p.path)).toEqual([['input', 'topic']]);
    expect(toZoomMeetingUpdateBody({ duration: 30 })).toEqual({ duration: 30 });
  });
});
