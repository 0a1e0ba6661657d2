import type { AttendanceRecordResolvers, DailyUsageReportResolvers, DailyUsageResolvers } from '../__generated__/resolvers-types.ts';
import { participantObjectId } from '../graphql/object-ids.ts';
import { orNull } from '../graphql/values.ts';
import type { ZoomReportParticipant } from '../zoom/wire.ts';

/** A row of Zoom's attendance report with the instance it was read for, which each row's id includes. */
export interface AttendanceRecordParent extends ZoomReportParticipant {
  readonly meeting_uuid: string;
}

/** One row of `GET /report/meetings/{meetingId}/participants`. */
export const AttendanceRecord: AttendanceRecordResolvers = {
  id: (record) => `${participantObjectId(record.meeting_uuid, record)}_report`,
  // Zoom deprecates `id` in favour of `participant_user_id`; both are "" for guests.
  zoomUserId: (record) => orNull(record.participant_user_id) ?? orNull(record.id),
  name: (record) => record.name,
  userId: (record) => orNull(record.user_id),
  email: (record) => orNull(record.user_email),
  registrantId: (record) => orNull(record.registrant_id),
  joinTime: (record) => record.join_time,
  leaveTime: (record) => record.leave_time,
  duration: (record) => record.duration,
  failover: (record) => orNull(record.failover),
  status: (record) => orNull(record.status),
  customerKey: (record) => orNull(record.customer_key),
  breakoutRoomId: (record) => orNull(record.bo_mtg_id),
};

/** `GET /report/daily`. */
export const DailyUsageReport: DailyUsageReportResolvers = {
  days: (report) => report.dates ?? [],
};

/** One day of `GET /report/daily`. */
export const DailyUsage: DailyUsageResolvers = {
  newUsers: (day) => day.new_users,
  meetingMinutes: (day) => day.meeting_minutes,
};
