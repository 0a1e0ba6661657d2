import { describe, expect, it } from 'vitest';
import { invalidationsFor } from '../../src/events/invalidations.ts';
import { toGatewayEvent } from '../../src/events/from-zoom-webhook.ts';
import type { GatewayEvent } from '../../src/events/types.ts';
import type { ZoomWebhookEvent } from '../../src/zoom/wire.ts';

function event(name: string, payload: Record<string, unknown>): GatewayEvent {
  const mapped = toGatewayEvent({ event: name, event_ts: 1743422400000, payload: payload as ZoomWebhookEvent['payload'] });
  if (mapped === undefined) throw new Error(`fixture ${name} did not map`);
  return mapped;
}

const meeting = { id: 81234567890, uuid: 'inst==', host_id: 'hostA', topic: 't', type: 2 };

describe('invalidationsFor', () => {
  it('a created meeting stales the meeting and its host lists', () => {
    expect(invalidationsFor(event('meeting.created', { object: meeting }))).toEqual(['meeting:81234567890', 'user:hostA:meetings']);
  });

  it('an update without a host id stales only the meeting', () => {
    expect(invalidationsFor(event('meeting.updated', { object: { id: 81234567890, topic: 'n' } }))).toEqual(['meeting:81234567890']);
  });

  it('a deleted meeting also stales its registrants', () => {
    expect(invalidationsFor(event('meeting.deleted', { operation: 'all', object: meeting }))).toEqual([
      'meeting:81234567890',
      'meeting:81234567890:registrants',
      'user:hostA:meetings',
    ]);
  });

  it('an ended meeting stales its past-meeting entries by id and by instance UUID', () => {
    expect(invalidationsFor(event('meeting.ended', { object: { ...meeting, id: '81234567890' } }))).toEqual([
      'meeting:81234567890',
      'user:hostA:meetings',
      'past_meeting:81234567890',
      'past_meeting:81234567890:participants',
      'past_meeting:inst==',
      'past_meeting:inst==:participants',
    ]);
  });

  it('participant activity stales the meeting\'s participant lists, by id and by instance UUID, and nothing else', () => {
    const participant = { user_name: 'x', join_time: '2025-03-31T12:00:00Z' };
    expect(invalidationsFor(event('meeting.participant_joined', { object: { ...meeting, participant } }))).toEqual([
      'past_meeting:81234567890:participants',
      'past_meeting:inst==:participants',
    ]);
  });

  it('a user email change stales both emails and the user list', () => {
    expect(
      invalidationsFor(
        event('user.updated', {
          object: { id: 'userA', email: 'New@Example.com' },
          old_object: { id: 'userA', email: 'old@example.com' },
        }),
      ),
    ).toEqual(['user:userA', 'user-email:new@example.com', 'user-email:old@example.com', 'users']);
  });

  it('a deactivated user also stales their meeting lists', () => {
    expect(invalidationsFor(event('user.deactivated', { object: { id: 'userA', email: 'a@example.com' } }))).toEqual([
      'user:userA',
      'user-email:a@example.com',
      'users',
      'user:userA:meetings',
    ]);
  });
});

describe('invalidationsFor: recordings', () => {
  it.each(['recording.completed', 'recording.trashed', 'recording.deleted', 'recording.recovered'])(
    '%s drops the instance (by UUID and meeting id) and its host\'s recording lists',
    (name) => {
      const recorded = event(name, { object: { ...meeting, recording_files: [{ id: 'f1' }] } });
      expect(invalidationsFor(recorded)).toEqual(['recording:inst==', 'recording:81234567890', 'user:hostA:recordings']);
    },
  );
});
