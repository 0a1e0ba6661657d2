import {
  parseCreateMeetingArgs, parseDeleteMeetingArgs, parseEndMeetingArgs, parseUpdateMeetingArgs,
} from '../mutations/meeting-write-args.ts';
import { parseRecordingWriteArgs, parseUpdateRecordingSettingsArgs } from '../mutations/recording-write-args.ts';
import {
  ADMIN, fieldsOf, HOST, HOST_SENSITIVE, PARENT, SELF, type FieldRule, type FieldRuleMap,
} from './field-rules.ts';

const CONNECTION = ['edges', 'nodes', 'pageInfo', 'totalCount'];
const EDGE = ['cursor', 'node'];
const MEETING_EVENT = ['type', 'occurredAt', 'meetingId', 'hostId', 'operatorId', 'operator', 'meeting'];
const USER_EVENT = ['type', 'occurredAt', 'userId', 'email', 'operatorId', 'operator', 'user'];

/**
 * The access rule of every field of `schema/*.graphql` (see `FieldRule`). `applyFieldAccess` refuses to start when a
 * field has none, so a new field is denied until someone decides who may see it.
 *
 * Ownership is decided from data the resolvers already hold: a meeting's, past meeting's or recording's `host_id`,
 * a user's `id` / `email`. Only `meetingArgument` writes read the meeting first, because a write cannot be undone.
 */
export const GATEWAY_FIELD_RULES: FieldRuleMap = Object.freeze({
  'Query.me': { kind: 'me' },
  'Query.user': { kind: 'userArgument', argument: 'id' },
  'Query.users': ADMIN,
  'Query.meeting': { kind: 'hostedResult' },
  'Query.pastMeeting': { kind: 'hostedResult' },
  'Query.node': { kind: 'ownedNodes' },
  'Query.nodes': { kind: 'ownedNodes' },
  'Node.id': PARENT,
  // The account's usage is the account's business.
  'Query.dailyUsage': ADMIN,

  'Mutation.createMeeting': { kind: 'createMeeting', argument: 'userId', checkArguments: parseCreateMeetingArgs },
  'Mutation.updateMeeting': { kind: 'meetingArgument', argument: 'id', checkArguments: parseUpdateMeetingArgs },
  'Mutation.deleteMeeting': { kind: 'meetingArgument', argument: 'id', checkArguments: parseDeleteMeetingArgs },
  'Mutation.endMeeting': { kind: 'meetingArgument', argument: 'id', checkArguments: parseEndMeetingArgs },
  'Mutation.trashRecording': { kind: 'recordingArgument', argument: 'id', checkArguments: parseRecordingWriteArgs },
  'Mutation.deleteRecording': { kind: 'recordingArgument', argument: 'id', checkArguments: parseRecordingWriteArgs },
  'Mutation.recoverRecording': { kind: 'recordingArgument', argument: 'id', checkArguments: parseRecordingWriteArgs },
  'Mutation.updateRecordingSettings': { kind: 'recordingArgument', argument: 'id', checkArguments: parseUpdateRecordingSettingsArgs },

  'Subscription.meetingEvents': { kind: 'ownEvents' },
  'Subscription.userEvents': { kind: 'ownEvents' },
  'Subscription.recordingEvents': { kind: 'ownEvents' },

  ...fieldsOf('User', [
    'id', 'email', 'firstName', 'lastName', 'displayName', 'type', 'status', 'timezone', 'pmi', 'usePmi',
    'personalMeetingUrl', 'department', 'company', 'jobTitle', 'location', 'phoneNumber', 'role', 'verified',
    'createdAt', 'lastLoginAt', 'lastClientVersion', 'picUrl', 'language', 'meetings', 'recordings',
    'meetingHistory',
  ], SELF),
  ...fieldsOf('Role', ['id', 'name'], PARENT),
  ...fieldsOf('UserConnection', CONNECTION, PARENT),
  ...fieldsOf('UserEdge', EDGE, PARENT),
  ...fieldsOf('PageInfo', ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'], PARENT),

  ...fieldsOf('Meeting', [
    'id', 'uuid', 'topic', 'type', 'status', 'startTime', 'duration', 'timezone', 'agenda', 'createdAt', 'joinUrl',
    'pmi', 'settings', 'recurrence', 'occurrences', 'host', 'registrants', 'lastInstance', 'recording',
    'recordingSettings', 'history',
  ], HOST),
  'Meeting.startUrl': HOST_SENSITIVE,
  'Meeting.password': HOST_SENSITIVE,
  ...fieldsOf('MeetingSettings', [
    'hostVideo', 'participantVideo', 'joinBeforeHost', 'joinBeforeHostMinutes', 'muteUponEntry', 'waitingRoom',
    'watermark', 'usePmi', 'approvalType', 'registrationType', 'audio', 'autoRecording', 'alternativeHosts',
    'meetingAuthentication', 'privateMeeting', 'emailNotification', 'encryptionType', 'focusMode',
  ], PARENT),
  ...fieldsOf('Recurrence', [
    'type', 'repeatInterval', 'weeklyDays', 'monthlyDay', 'monthlyWeek', 'monthlyWeekDay', 'endTimes', 'endDateTime',
  ], PARENT),
  ...fieldsOf('Occurrence', ['id', 'occurrenceId', 'startTime', 'duration', 'status'], PARENT),
  ...fieldsOf('MeetingConnection', CONNECTION, PARENT),
  ...fieldsOf('MeetingEdge', EDGE, PARENT),

  ...fieldsOf('Registrant', [
    'id', 'email', 'firstName', 'lastName', 'status', 'createdAt', 'joinUrl', 'city', 'country', 'organization',
    'jobTitle', 'phone', 'comments', 'customQuestions',
  ], PARENT),
  ...fieldsOf('RegistrantAnswer', ['title', 'value'], PARENT),
  ...fieldsOf('RegistrantConnection', CONNECTION, PARENT),
  ...fieldsOf('RegistrantEdge', EDGE, PARENT),

  ...fieldsOf('PastMeeting', [
    'id', 'uuid', 'meetingId', 'topic', 'type', 'startTime', 'endTime', 'duration', 'totalMinutes', 'participantsCount',
    'hostName', 'hostEmail', 'department', 'source', 'host', 'participants', 'recording', 'attendanceReport',
  ], HOST),
  ...fieldsOf('PastMeetingConnection', CONNECTION, PARENT),
  ...fieldsOf('MeetingReportConnection', ['edges', 'nodes', 'pageInfo'], PARENT),
  ...fieldsOf('MeetingReportEdge', EDGE, PARENT),
  ...fieldsOf('AttendanceRecord', [
    'id', 'zoomUserId', 'name', 'userId', 'email', 'registrantId', 'joinTime', 'leaveTime', 'duration', 'failover', 'status',
    'customerKey', 'breakoutRoomId',
  ], PARENT),
  ...fieldsOf('AttendanceConnection', CONNECTION, PARENT),
  ...fieldsOf('AttendanceEdge', EDGE, PARENT),
  ...fieldsOf('DailyUsageReport', ['year', 'month', 'days'], PARENT),
  ...fieldsOf('DailyUsage', ['date', 'newUsers', 'meetings', 'participants', 'meetingMinutes'], PARENT),
  ...fieldsOf('PastMeetingEdge', EDGE, PARENT),
  ...fieldsOf('Participant', [
    'id', 'zoomUserId', 'name', 'userId', 'registrantId', 'email', 'joinTime', 'leaveTime', 'duration', 'failover', 'status',
  ], PARENT),
  ...fieldsOf('ParticipantConnection', CONNECTION, PARENT),
  ...fieldsOf('ParticipantEdge', EDGE, PARENT),

  ...fieldsOf('Recording', [
    'uuid', 'meetingId', 'topic', 'startTime', 'duration', 'totalSize', 'recordingCount', 'host', 'files',
  ], HOST),
  'Recording.playPasscode': HOST_SENSITIVE,
  ...fieldsOf('RecordingFile', [
    'id', 'recordingStart', 'recordingEnd', 'fileType', 'fileExtension', 'fileSize', 'playUrl', 'downloadUrl',
    'recordingType',
  ], PARENT),
  // Reached through its meeting (HOST); the passcode is checked against the host again, as every passcode is.
  ...fieldsOf('RecordingSettings', [
    'shareRecording', 'recordingAuthentication', 'authenticationOption', 'authenticationDomains', 'viewerDownload',
    'onDemand', 'approvalType', 'sendEmailToHost', 'showSocialShareButtons', 'topic',
  ], PARENT),
  'RecordingSettings.password': HOST_SENSITIVE,
  ...fieldsOf('RecordingConnection', CONNECTION, PARENT),
  ...fieldsOf('RecordingEdge', EDGE, PARENT),
  // Answers of writes whose access rule already checked the recording's host.
  ...fieldsOf('RecordingWriteResult', ['id', 'fileId', 'recording'], PARENT),

  // Event streams are filtered per caller (`ownEvents`); what an event says is then its subscriber's own business.
  ...fieldsOf('MeetingEvent', MEETING_EVENT, PARENT),
  ...fieldsOf('MeetingCreatedEvent', MEETING_EVENT, PARENT),
  ...fieldsOf('MeetingUpdatedEvent', [...MEETING_EVENT, 'changedFields', 'occurrenceIds'], PARENT),
  ...fieldsOf('MeetingDeletedEvent', [...MEETING_EVENT, 'topic', 'occurrenceIds'], PARENT),
  ...fieldsOf('MeetingStartedEvent', [...MEETING_EVENT, 'startedAt'], PARENT),
  ...fieldsOf('MeetingEndedEvent', [...MEETING_EVENT, 'endedAt'], PARENT),
  ...fieldsOf('ParticipantJoinedEvent', [...MEETING_EVENT, 'participant'], PARENT),
  ...fieldsOf('ParticipantLeftEvent', [...MEETING_EVENT, 'participant'], PARENT),
  ...fieldsOf('MeetingEventParticipant', [
    'id', 'zoomUserId', 'userId', 'participantUuid', 'name', 'email', 'registrantId', 'at', 'leaveReason',
  ], PARENT),
  ...fieldsOf('RecordingEvent', [
    'type', 'occurredAt', 'meetingId', 'meetingUuid', 'hostId', 'operatorId', 'operator', 'fileIds', 'recording',
  ], PARENT),
  ...fieldsOf('UserEvent', USER_EVENT, PARENT),
  ...fieldsOf('UserCreatedEvent', [...USER_EVENT, 'creationType'], PARENT),
  ...fieldsOf('UserUpdatedEvent', [...USER_EVENT, 'changedFields'], PARENT),
  ...fieldsOf('UserDeactivatedEvent', USER_EVENT, PARENT),
  ...fieldsOf('UserActivatedEvent', USER_EVENT, PARENT),
  ...fieldsOf('UserDeletedEvent', USER_EVENT, PARENT),
} satisfies Record<string, FieldRule>);
