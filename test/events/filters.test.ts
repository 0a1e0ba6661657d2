import { describe, expect, it } from 'vitest';
import { matchesMeetingEventFilter, matchesUserEventFilter } from '../../src/events/filters.ts';
import type { MeetingEvent, UserEvent } from '../../src/events/types.ts';

const started: MeetingEvent = {
  kind: 'meeting',
  type: 'STARTED',
  zoomEvent: 'meeting.started',
  occurredAt: '2025-03-31T12:00:00.000Z',
  meetingId: '81234567890',
  hostId: 'hostA',
  meeting: { id: '81234567890' },
};
const updatedWithoutHost: MeetingEvent = {
  kind: 'meeting',
  type: 'UPDATED',
  zoomEvent: 'meeting.updated',
  occurredAt: '2025-03-31T12:00:00.000Z',
  meetingId: '81234567890',
  meeting: { id: 81234567890, topic: 'x' },
  changedFields: ['topic'],
  previous: {},
  occurrenceIds: [],
};
const deactivated: UserEvent = {
  kind: 'user',
  type: 'DEACTIVATED',
  zoomEvent: 'user.deactivated',
  occurredAt: '2025-03-31T12:00:00.000Z',
  userId: 'userA',
  user: { id: 'userA' },
};

describe('matchesMeetingEventFilter', () => {
  it.each([
    [undefined, true],
    [null, true],
    [{}, true],
    [{ meetingId: '81234567890' }, true],
    [{ meetingId: '89999999999' }, false],
    [{ hostId: 'hostA' }, true],
    [{ hostId: 'hostB' }, false],
    [{ types: ['STARTED', 'ENDED'] as const }, true],
    [{ types: ['ENDED'] as const }, false],
    [{ types: [] }, false],
    [{ meetingId: '81234567890', hostId: 'hostA', types: ['STARTED'] as const }, true],
    [{ meetingId: '81234567890', hostId: 'hostB', types: ['STARTED'] as const }, false],
    [{ meetingId: null, hostId: null, types: null }, true],
  ])('filter %j -> %s', (filter, expected) => {
    expect(matchesMeetingEventFilter(started, filter)).toBe(expected);
  });

  it('does not match a host filter when the event host is unknown', () => {
    expect(matchesMeetingEventFilter(updatedWithoutHost, { hostId: 'hostA' })).toBe(false);
    expect(matchesMeetingEventFilter(updatedWithoutHost, { meetingId: '81234567890' })).toBe(true);
  });
});

describe('matchesUserEventFilter', () => {
  it.each([
    [undefined, true],
    [{ userId: 'userA' }, true],
    [{ userId: 'userB' }, false],
    [{ types: ['DEACTIVATED', 'DELETED'] as const }, true],
    [{ types: ['CREATED'] as const }, false],
  ])('filter %j -> %s', (filter, expected) => {
    expect(matchesUserEventFilter(deactivated, filter)).toBe(expected);
  });
});
