import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/graphql/errors.ts';
import {
  parseCreateMeetingArgs,
  parseDeleteMeetingArgs,
  parseEndMeetingArgs,
  parseUpdateMeetingArgs,
} from '../../src/mutations/meeting-write-args.ts';

function refusal(parse: () => unknown): { argument: unknown; problems: Array<{ path: unknown[]; code: string }> } {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
    return (error as GatewayError).extensions as never;
  }
  throw new Error('expected BAD_USER_INPUT');
}

describe('meeting write arguments', () => {
  it('trims ids and defaults the host to me', () => {
    expect(parseUpdateMeetingArgs({ id: ' 85746065 ', occurrenceId: ' 1648194360000', input: { agenda: 'x' } })).toEqual({
      meetingId: '85746065',
      occurrenceId: '1648194360000',
      input: { agenda: 'x' },
    });
    expect(parseDeleteMeetingArgs({ id: '85746065', occurrenceId: null })).toEqual({ meetingId: '85746065', occurrenceId: undefined });
    expect(parseEndMeetingArgs({ id: '85746065' })).toEqual({ meetingId: '85746065' });
    expect(parseCreateMeetingArgs({ userId: null, input: {} })).toEqual({ hostKey: 'me', input: {} });
  });

  it("takes the graph's Occurrence.id (<meetingId>_<occurrenceId>) as the occurrence of that meeting only", () => {
    expect(parseUpdateMeetingArgs({ id: '85746065', occurrenceId: '85746065_1648194360000', input: { agenda: 'x' } }).occurrenceId).toBe('1648194360000');
    expect(parseDeleteMeetingArgs({ id: '85746065', occurrenceId: ' 85746065_1648194360000 ' })).toEqual({ meetingId: '85746065', occurrenceId: '1648194360000' });
    const other = refusal(() => parseDeleteMeetingArgs({ id: '85746065', occurrenceId: '99999999_1648194360000' }));
    expect(other.problems).toEqual([expect.objectContaining({ path: ['occurrenceId'], code: 'INVALID_FORMAT', message: expect.stringContaining('meeting 99999999') })]);
  });

  it('lists every problem, ids and occurrence ids included, each with its path', () => {
    const update = refusal(() => parseUpdateMeetingArgs({ id: 'abc', occurrenceId: 'soon', input: { topic: 'x'.repeat(201) } }));
    expect(update.argument).toBe('id');
    expect(update.problems.map((problem) => [problem.path, problem.code])).toEqual([
      [['id'], 'INVALID_FORMAT'],
      [['occurrenceId'], 'INVALID_FORMAT'],
      // With an occurrenceId only some fields may change, and this one is too long anyway.
      [['input', 'topic'], 'NOT_ALLOWED'],
      [['input', 'topic'], 'TOO_LONG'],
    ]);
    expect(refusal(() => parseDeleteMeetingArgs({ id: '1', occurrenceId: '' })).problems.map((problem) => problem.path)).toEqual([['occurrenceId']]);
    expect(refusal(() => parseEndMeetingArgs({ id: '12345678901234567890' })).problems.map((problem) => problem.path)).toEqual([['id']]);
    expect(refusal(() => parseCreateMeetingArgs({ userId: 'a b', input: { duration: 0 } })).problems.map((problem) => problem.path)).toEqual([
      ['userId'],
      ['input', 'duration'],
    ]);
  });

  it('checks one arguments object once: the access rule and the resolver share the result', () => {
    const args = { id: '85746065', input: { agenda: 'x' } };
    const first = parseUpdateMeetingArgs(args);
    expect(parseUpdateMeetingArgs(args)).toBe(first);
    // Another object (another field, another alias) is checked on its own.
    expect(parseUpdateMeetingArgs({ ...args })).not.toBe(first);
    expect(parseUpdateMeetingArgs({ ...args })).toEqual(first);
  });
});
