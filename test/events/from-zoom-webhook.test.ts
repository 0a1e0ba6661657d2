import { describe, expect, it, vi } from 'vitest';
import { toGatewayEvent } from '../../src/events/from-zoom-webhook.ts';
import type { ZoomWebhookEvent } from '../../src/zoom/wire.ts';

// Bodies shaped like the examples in Zoom's event reference:
// https://developers.zoom.us/docs/api/meetings/events/ and https://developers.zoom.us/docs/api/users/events/
const EVENT_TS = 1743422400000; // 2025-03-31T12:00:00.000Z

function zoom(event: string, payload: Record<string, unknown>): ZoomWebhookEvent {
  return { event, event_ts: EVENT_TS, payload: payload as ZoomWebhookEvent['payload'] };
}

const created = zoom('meeting.created', {
  account_id: 'D8cJuqWVQ623CI4Q8yQK0Q',
  operator: 'jchill@example.com',
  operator_id: 'z8yCxjabcdEFGHfp8uQ',
  operation: 'single',
  object: {
    uuid: '4444AAAiAAAAAiAiAiiAii==',
    id: 81234567890,
    host_id: 'z8yCxjabcdEFGHfp8uQ',
    topic: 'My Personal Meeting Room',
    type: 2,
    start_time: '2025-04-01T15:00:00Z',
    duration: 60,
    timezone: 'America/Los_Angeles',
    join_url: 'https://example.com/j/81234567890',
    password: 'P@ssw0rd',
    settings: { use_pmi: false, alternative_hosts: '' },
  },
});

describe('toGatewayEvent: meetings', () => {
  it('maps meeting.created with ids as strings and the wire object for later resolution', () => {
    expect(toGatewayEvent(created)).toEqual({
      kind: 'meeting',
      type: 'CREATED',
      zoomEvent: 'meeting.created',
      occurredAt: '2025-03-31T12:00:00.000Z',
      accountId: 'D8cJuqWVQ623CI4Q8yQK0Q',
      operatorId: 'z8yCxjabcdEFGHfp8uQ',
      operator: 'jchill@example.com',
      meetingId: '81234567890',
      meetingUuid: '4444AAAiAAAAAiAiAiiAii==',
      hostId: 'z8yCxjabcdEFGHfp8uQ',
      meeting: created.payload.object,
    });
  });

  it('maps meeting.updated with the changed fields as GraphQL paths and the previous values', () => {
    const event = toGatewayEvent(
      zoom('meeting.updated', {
        account_id: 'D8cJuqWVQ623CI4Q8yQK0Q',
        operator: 'jchill@example.com',
        operator_id: 'z8yCxjabcdEFGHfp8uQ',
        operation: 'all',
        object: {
          id: 81234567890,
          uuid: '4444AAAiAAAAAiAiAiiAii==',
          topic: 'Quarterly review',
          start_time: '2025-04-02T15:00:00Z',
          settings: { waiting_room: true, jbh_time: 5 },
        },
        old_object: { id: 81234567890, uuid: '4444AAAiAAAAAiAiAiiAii==', topic: 'Weekly sync', start_time: '2025-04-01T15:00:00Z' },
        time_stamp: EVENT_TS,
      }),
    );
    expect(event).toMatchObject({
      kind: 'meeting',
      type: 'UPDATED',
      meetingId: '81234567890',
      changedFields: ['settings.joinBeforeHostMinutes', 'settings.waitingRoom', 'startTime', 'topic'],
      previous: { topic: 'Weekly sync', start_time: '2025-04-01T15:00:00Z' },
      occurrenceIds: [],
    });
    // meeting.updated does not carry host_id: hostId stays unknown rather than guessed from the operator.
    expect(event).not.toHaveProperty('hostId');
  });

  it('reports the occurrences of a single-occurrence update', () => {
    const event = toGatewayEvent(
      zoom('meeting.updated', {
        operation: 'single',
        object: { id: 81234567890, occurrences: [{ occurrence_id: '1743519600000', start_time: '2025-04-01T15:00:00Z' }], duration: 45 },
        old_object: { id: 81234567890, duration: 60 },
      }),
    );
    expect(event).toMatchObject({ type: 'UPDATED', changedFields: ['duration'], occurrenceIds: ['1743519600000'] });
  });

  it('maps meeting.deleted for the whole meeting and for one occurrence', () => {
    const whole = toGatewayEvent(
      zoom('meeting.deleted', {
        operation: 'all',
        object: { uuid: 'abc==', id: 81234567890, host_id: 'hostA', topic: 'Gone', type: 2 },
      }),
    );
    expect(whole).toMatchObject({ type: 'DELETED', meetingId: '81234567890', hostId: 'hostA', occurrenceIds: [] });
    const one = toGatewayEvent(
      zoom('meeting.deleted', {
        operation: 'single',
        object: { id: 81234567890, host_id: 'hostA', occurrences: [{ occurrence_id: '1743519600000', start_time: '2025-04-01T15:00:00Z' }] },
      }),
    );
    expect(one).toMatchObject({ type: 'DELETED', occurrenceIds: ['1743519600000'] });
  });

  it('maps meeting.started and meeting.ended, whose meeting id is a string', () => {
    const object = {
      id: '81234567890',
      uuid: 'czLF6FFKQbe2T5dkSDcwQQ==',
      host_id: 'hostA',
      topic: 'Live one',
      type: 2,
      start_time: '2025-03-31T11:58:00Z',
      timezone: 'UTC',
      duration: 30,
    };
    expect(toGatewayEvent(zoom('meeting.started', { account_id: 'acc', object }))).toMatchObject({
      type: 'STARTED',
      meetingId: '81234567890',
      meetingUuid: 'czLF6FFKQbe2T5dkSDcwQQ==',
      hostId: 'hostA',
      startedAt: '2025-03-31T11:58:00Z',
    });
    expect(toGatewayEvent(zoom('meeting.ended', { account_id: 'acc', object: { ...object, end_time: '2025-03-31T12:29:00Z' } }))).toMatchObject({
      type: 'ENDED',
      endedAt: '2025-03-31T12:29:00Z',
    });
  });

  it('maps participant joins and leaves with the participant kept out of the meeting snapshot', () => {
    const object = { id: '81234567890', uuid: 'inst==', host_id: 'hostA', topic: 'Live one', type: 2 };
    const joined = toGatewayEvent(
      zoom('meeting.participant_joined', {
        account_id: 'acc',
        object: {
          ...object,
          participant: {
            user_id: '16778240',
            user_name: 'Jill Chill',
            id: 'iFxeBPYun6SAiWUzBcEkX',
            participant_uuid: '55555AAAiAAAAAiAiAiiAii',
            join_time: '2025-03-31T12:01:00Z',
            email: 'jchill@example.com',
            registrant_id: 'abcdefghij0-klmnopq23456',
          },
        },
      }),
    );
    expect(joined).toMatchObject({
      type: 'PARTICIPANT_JOINED',
      meetingId: '81234567890',
      participant: {
        id: 'iFxeBPYun6SAiWUzBcEkX',
        userId: '16778240',
        participantUuid: '55555AAAiAAAAAiAiAiiAii',
        name: 'Jill Chill',
        email: 'jchill@example.com',
        registrantId: 'abcdefghij0-klmnopq23456',
        at: '2025-03-31T12:01:00Z',
      },
    });
    expect(joined?.kind === 'meeting' && 'participant' in joined.meeting).toBe(false);

    const left = toGatewayEvent(
      zoom('meeting.participant_left', {
        account_id: 'acc',
        object: {
          ...object,
          participant: { user_id: '16778240', user_name: 'Guest', id: '', leave_time: '2025-03-31T12:20:00Z', leave_reason: 'left the meeting' },
        },
      }),
    );
    expect(left).toMatchObject({ type: 'PARTICIPANT_LEFT', participant: { name: 'Guest', at: '2025-03-31T12:20:00Z', leaveReason: 'left the meeting' } });
    // Guests have an empty id on the wire.
    expect(left?.kind === 'meeting' && left.type === 'PARTICIPANT_LEFT' && 'id' in left.participant).toBe(false);
  });

  it('ignores a meeting event without an object id, with a warning', () => {
    const logger = { debug: vi.fn(), warn: vi.fn() };
    expect(toGatewayEvent(zoom('meeting.created', { object: { topic: 'no id' } }), logger)).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });

  it('ignores a participant event without join time', () => {
    const logger = { debug: vi.fn(), warn: vi.fn() };
    const body = zoom('meeting.participant_joined', { object: { id: '81234567890', participant: { user_name: 'x' } } });
    expect(toGatewayEvent(body, logger)).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe('toGatewayEvent: users', () => {
  const user = { id: 'KDcuGIm1QgePTO8WbOqwIQ', first_name: 'Jill', last_name: 'Chill', email: 'jchill@example.com', type: 1 };

  it('maps user.created with its creation type', () => {
    expect(toGatewayEvent(zoom('user.created', { account_id: 'acc', operator: 'admin@example.com', operator_id: 'adm', creation_type: 'create', object: user }))).toEqual({
      kind: 'user',
      type: 'CREATED',
      zoomEvent: 'user.created',
      occurredAt: '2025-03-31T12:00:00.000Z',
      accountId: 'acc',
      operator: 'admin@example.com',
      operatorId: 'adm',
      userId: 'KDcuGIm1QgePTO8WbOqwIQ',
      email: 'jchill@example.com',
      user,
      creationType: 'create',
    });
  });

  it('maps user.updated with GraphQL field names', () => {
    const event = toGatewayEvent(
      zoom('user.updated', {
        account_id: 'acc',
        operator_id: 'adm',
        object: { id: 'KDcuGIm1QgePTO8WbOqwIQ', first_name: 'Jillian', dept: 'Sales', email: 'jill@example.com' },
        old_object: { id: 'KDcuGIm1QgePTO8WbOqwIQ', first_name: 'Jill', dept: 'Ops', email: 'jchill@example.com' },
        time_stamp: EVENT_TS,
      }),
    );
    expect(event).toMatchObject({
      type: 'UPDATED',
      userId: 'KDcuGIm1QgePTO8WbOqwIQ',
      email: 'jill@example.com',
      changedFields: ['department', 'email', 'firstName'],
      previous: { first_name: 'Jill', dept: 'Ops', email: 'jchill@example.com' },
    });
  });

  it.each([
    ['user.deactivated', 'DEACTIVATED'],
    ['user.activated', 'ACTIVATED'],
    ['user.deleted', 'DELETED'],
  ])('maps %s', (name, type) => {
    expect(toGatewayEvent(zoom(name, { account_id: 'acc', operator_id: 'adm', object: user }))).toMatchObject({
      kind: 'user',
      type,
      userId: user.id,
      email: user.email,
    });
  });
});

describe('toGatewayEvent: other events', () => {
  it.each(['recording.transcript_completed', 'meeting.registration_created', 'endpoint.url_validation', 'user.signed_in'])(
    'ignores %s with a debug log, not an error',
    (name) => {
      const logger = { debug: vi.fn(), warn: vi.fn() };
      expect(toGatewayEvent(zoom(name, { object: { id: 1 } }), logger)).toBeUndefined();
      expect(logger.debug).toHaveBeenCalledWith({ event: name }, expect.any(String));
      expect(logger.warn).not.toHaveBeenCalled();
    },
  );
});

describe('toGatewayEvent: recordings', () => {
  const object = {
    uuid: 'BOKXuumlTAGXuqwr3bLyuQ==', id: 81234567890, account_id: 'D8cJuqWVQ623CI4Q8yQK0Q', host_id: 'z8yCxjabcdEFGHfp8uQ',
    topic: 'Review', type: 2, start_time: '2025-03-31T10:00:00Z', duration: 30, total_size: 529758, recording_count: 2,
    share_url: 'https://example.com/rec/share/x',
    recording_files: [
      { id: 'ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8', meeting_id: 'BOKXuumlTAGXuqwr3bLyuQ==', file_type: 'MP4' },
      { id: 'a9b9c1d2-0000-4000-8000-000000000001', meeting_id: 'BOKXuumlTAGXuqwr3bLyuQ==', file_type: 'M4A' },
    ],
  };

  it.each([
    ['recording.completed', 'COMPLETED'],
    ['recording.trashed', 'TRASHED'],
    ['recording.deleted', 'DELETED'],
    ['recording.recovered', 'RECOVERED'],
  ] as const)('maps %s with the instance, its host and the files concerned', (name, type) => {
    const event = toGatewayEvent(zoom(name, { account_id: 'D8cJuqWVQ623CI4Q8yQK0Q', operator: 'jchill@example.com', operator_id: 'z8yCxjabcdEFGHfp8uQ', object }));
    expect(event).toEqual({
      kind: 'recording',
      type,
      zoomEvent: name,
      occurredAt: '2025-03-31T12:00:00.000Z',
      accountId: 'D8cJuqWVQ623CI4Q8yQK0Q',
      operator: 'jchill@example.com',
      operatorId: 'z8yCxjabcdEFGHfp8uQ',
      meetingId: '81234567890',
      meetingUuid: 'BOKXuumlTAGXuqwr3bLyuQ==',
      hostId: 'z8yCxjabcdEFGHfp8uQ',
      fileIds: ['ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8', 'a9b9c1d2-0000-4000-8000-000000000001'],
      recording: object,
    });
  });

  it('ignores a recording event without the instance UUID, with a warning', () => {
    const logger = { debug: vi.fn(), warn: vi.fn() };
    expect(toGatewayEvent(zoom('recording.trashed', { object: { id: 81234567890 } }), logger)).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith({ event: 'recording.trashed' }, expect.any(String));
  });
});
