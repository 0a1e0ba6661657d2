import type { Resolvers } from '../__generated__/resolvers-types.ts';
import { DateScalar } from './date.ts';
import { DateTime } from './date-time.ts';
import * as enums from './enums.ts';
import { Meeting } from './meeting.ts';
import * as meetingEvents from './meeting-event.ts';
import { MeetingSettings } from './meeting-settings.ts';
import { Mutation } from './mutation.ts';
import { Node, NodeQuery } from './node.ts';
import { Occurrence } from './occurrence.ts';
import { Participant } from './participant.ts';
import { PastMeeting } from './past-meeting.ts';
import { Query } from './query.ts';
import { Recording } from './recording.ts';
import { RecordingEvent } from './recording-event.ts';
import { RecordingFile } from './recording-file.ts';
import { RecordingSettings } from './recording-settings.ts';
import { RecordingWriteResult } from './recording-write-result.ts';
import { Recurrence } from './recurrence.ts';
import { Registrant } from './registrant.ts';
import { AttendanceRecord, DailyUsage, DailyUsageReport } from './report.ts';
import { Role } from './role.ts';
import { Subscription } from './subscription.ts';
import { User } from './user.ts';
import * as userEvents from './user-event.ts';

/** Every resolver of the schema. Connection, edge and page-info types need none: they are built whole. */
export const resolvers: Resolvers = {
  ...enums,
  Date: DateScalar,
  DateTime,
  Query: { ...Query, ...NodeQuery },
  Node,
  Mutation,
  Subscription,
  ...meetingEvents,
  ...userEvents,
  User,
  Role,
  Meeting,
  MeetingSettings,
  Recurrence,
  Occurrence,
  PastMeeting,
  Participant,
  Registrant,
  Recording,
  RecordingFile,
  RecordingSettings,
  RecordingWriteResult,
  RecordingEvent,
  AttendanceRecord,
  DailyUsageReport,
  DailyUsage,
};
