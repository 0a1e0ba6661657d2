import { describe, expect, it } from 'vitest';
import { toZoomMeetingCreateBody, toZoomMeetingUpdateBody } from '../../src/mutations/to-zoom-meeting-body.ts';

describe('toZoomMeetingCreateBody', () => {
  it('maps every field to Zoom names and values', () => {
    expect(
      toZoomMeetingCreateBody({
        topic: 'Weekly sync',
        type: 8,
        startTime: '2025-04-01T17:00:00+02:00',
        duration: 45,
        timezone: 'Europe/Berlin',
        agenda: 'Status',
        password: 'ab12',
        scheduleFor: 'boss@example.com',
        recurrence: {
          type: 2,
          repeatInterval: 2,
          weeklyDays: [5, 1, 3],
          endDateTime: '2025-06-30T15:00:00.000Z',
        },
        settings: {
          hostVideo: true,
          participantVideo: false,
          joinBeforeHost: true,
          joinBeforeHostMinutes: 10,
          muteUponEntry: true,
          waitingRoom: false,
          watermark: true,
          approvalType: 0,
          audio: 'thirdParty',
          autoRecording: 'local',
          alternativeHosts: ['a@example.com', ' b@example.com '],
          meetingAuthentication: false,
        },
      }),
    ).toEqual({
      topic: 'Weekly sync',
      type: 8,
      start_time: '2025-04-01T15:00:00Z',
      duration: 45,
      timezone: 'Europe/Berlin',
      agenda: 'Status',
      password: 'ab12',
      schedule_for: 'boss@example.com',
      recurrence: { type: 2, repeat_interval: 2, weekly_days: '1,3,5', end_date_time: '2025-06-30T15:00:00Z' },
      settings: {
        host_video: true,
        participant_video: false,
        join_before_host: true,
        jbh_time: 10,
        mute_upon_entry: true,
        waiting_room: false,
        watermark: true,
        approval_type: 0,
        audio: 'thirdParty',
        auto_recording: 'local',
        alternative_hosts: 'a@example.com;b@example.com',
        meeting_authentication: false,
      },
    });
  });

  it('keeps a local start time as wall time for Zoom to read in `timezone`', () => {
    expect(toZoomMeetingCreateBody({ startTime: '2025-04-01T09:30', timezone: 'America/New_York' })).toEqual({
      start_time: '2025-04-01T09:30:00',
      timezone: 'America/New_York',
    });
  });

  it('maps monthly recurrences and the other meeting types', () => {
    expect(toZoomMeetingCreateBody({ type: 8, recurrence: { type: 3, monthlyWeek: -1, monthlyWeekDay: 6, endTimes: 6 } })).toEqual({
      type: 8,
      recurrence: { type: 3, monthly_week: -1, monthly_week_day: 6, end_times: 6 },
    });
    expect(toZoomMeetingCreateBody({ type: 1, defaultPassword: true })).toEqual({ type: 1, default_password: true });
    expect(toZoomMeetingCreateBody({ type: 3 })).toEqual({ type: 3 });
    expect(toZoomMeetingCreateBody({ type: 2 })).toEqual({ type: 2 });
  });

  it('sends nothing for absent or null fields', () => {
    expect(toZoomMeetingCreateBody({ topic: null, settings: { waitingRoom: null, hostVideo: false } })).toEqual({ settings: { host_video: false } });
  });

  it('refuses an unvalidated date-time instead of sending garbage to Zoom', () => {
    expect(() => toZoomMeetingCreateBody({ startTime: 'soon' })).toThrow(/startTime/);
  });
});

describe('toZoomMeetingUpdateBody', () => {
  it('sends only the changed fields', () => {
    expect(toZoomMeetingUpdateBody({ topic: 'Renamed', settings: { autoRecording: 'none' } })).toEqual({
      topic: 'Renamed',
      settings: { auto_recording: 'none' },
    });
  });
});
