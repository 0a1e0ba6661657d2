import type {
  AudioTypeResolvers,
  AutoRecordingResolvers,
  EncryptionTypeResolvers,
  MeetingListTypeResolvers,
  MeetingStatusResolvers,
  MeetingTypeResolvers,
  MonthlyWeekResolvers,
  OccurrenceStatusResolvers,
  ParticipantStatusResolvers,
  PastMeetingTypeResolvers,
  RecordingShareResolvers,
  RecurrenceTypeResolvers,
  RegistrantStatusResolvers,
  RegistrationApprovalResolvers,
  RegistrationTypeResolvers,
  UserStatusResolvers,
  UserTypeResolvers,
  WeekdayResolvers,
} from '../__generated__/resolvers-types.ts';

/*
 * The internal value of every GraphQL enum is Zoom's own value (the one table for each: input validation in
 * src/mutations reads the same ones), so resolvers return wire values unchanged and
 * enum arguments arrive ready to send. The generated types (from codegen.yml's enumValues) check each table.
 * Values: https://developers.zoom.us/docs/api/meetings/ and https://developers.zoom.us/docs/api/users/
 */

export const UserType: UserTypeResolvers = { BASIC: 1, LICENSED: 2, UNASSIGNED_WITHOUT_MEETINGS_BASIC: 4, NONE: 99 };
export const UserStatus: UserStatusResolvers = { ACTIVE: 'active', INACTIVE: 'inactive', PENDING: 'pending' };
export const MeetingType = Object.freeze({
  INSTANT: 1,
  SCHEDULED: 2,
  RECURRING_NO_FIXED_TIME: 3,
  RECURRING_FIXED_TIME: 8,
} as const satisfies MeetingTypeResolvers);
export const MeetingStatus: MeetingStatusResolvers = { WAITING: 'waiting', STARTED: 'started' };
export const MeetingListType: MeetingListTypeResolvers = {
  SCHEDULED: 'scheduled',
  LIVE: 'live',
  UPCOMING: 'upcoming',
  UPCOMING_MEETINGS: 'upcoming_meetings',
  PREVIOUS_MEETINGS: 'previous_meetings',
};
export const RegistrationApproval = Object.freeze({ AUTOMATIC: 0, MANUAL: 1, NO_REGISTRATION: 2 } as const satisfies RegistrationApprovalResolvers);
export const RegistrationType: RegistrationTypeResolvers = {
  ONCE_ATTEND_ANY: 1,
  EACH_OCCURRENCE: 2,
  ONCE_CHOOSE_OCCURRENCES: 3,
};
export const AudioType = Object.freeze({
  BOTH: 'both',
  TELEPHONY: 'telephony',
  VOIP: 'voip',
  THIRD_PARTY: 'thirdParty',
} as const satisfies AudioTypeResolvers);
export const AutoRecording = Object.freeze({ LOCAL: 'local', CLOUD: 'cloud', NONE: 'none' } as const satisfies AutoRecordingResolvers);
export const EncryptionType: EncryptionTypeResolvers = { ENHANCED_ENCRYPTION: 'enhanced_encryption', E2EE: 'e2ee' };
export const RecurrenceType = Object.freeze({ DAILY: 1, WEEKLY: 2, MONTHLY: 3 } as const satisfies RecurrenceTypeResolvers);
export const Weekday = Object.freeze({
  SUNDAY: 1,
  MONDAY: 2,
  TUESDAY: 3,
  WEDNESDAY: 4,
  THURSDAY: 5,
  FRIDAY: 6,
  SATURDAY: 7,
} as const satisfies WeekdayResolvers);
export const MonthlyWeek = Object.freeze({ LAST: -1, FIRST: 1, SECOND: 2, THIRD: 3, FOURTH: 4 } as const satisfies MonthlyWeekResolvers);
export const OccurrenceStatus: OccurrenceStatusResolvers = { AVAILABLE: 'available', DELETED: 'deleted' };
export const PastMeetingType: PastMeetingTypeResolvers = {
  PRESCHEDULED: 0,
  INSTANT: 1,
  SCHEDULED: 2,
  RECURRING_NO_FIXED_TIME: 3,
  PERSONAL_MEETING_ROOM: 4,
  PERSONAL_AUDIO_CONFERENCE: 7,
  RECURRING_FIXED_TIME: 8,
};
export const ParticipantStatus: ParticipantStatusResolvers = { IN_MEETING: 'in_meeting', IN_WAITING_ROOM: 'in_waiting_room' };
export const RegistrantStatus: RegistrantStatusResolvers = { PENDING: 'pending', APPROVED: 'approved', DENIED: 'denied' };
export const RecordingShare: RecordingShareResolvers = { PUBLICLY: 'publicly', INTERNALLY: 'internally', NONE: 'none' };
