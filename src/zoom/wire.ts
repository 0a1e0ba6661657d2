/**
 * Zoom REST API v2 wire types: the JSON Zoom sends and accepts, snake_case as on the wire.
 *
 * Only the subset this gateway reads or writes is typed. Field names and shapes follow
 * `ZoomMeetingAPISpec.2023-10.json` (the spec wins over any doc page). Every field Zoom may omit is optional.
 * The sandbox produces exactly these shapes; the gateway's mappers read them.
 *
 * @see https://developers.zoom.us/docs/api/
 */

/** `GET /users` list item. Meeting ids and PMIs are int64 on the wire: never do arithmetic on them. */
export interface ZoomUserListItem {
  id: string;
  email: string;
  first_name?: string;
  last_name?: string;
  display_name?: string;
  /** 1 basic, 2 licensed, 4 unassigned without Meetings Basic, 99 none. */
  type: ZoomUserType;
  status?: ZoomUserStatus;
  pmi?: number;
  timezone?: string;
  dept?: string;
  role_id?: string;
  verified?: 0 | 1;
  created_at?: string;
  user_created_at?: string;
  last_login_time?: string;
  last_client_version?: string;
  group_ids?: string[];
  employee_unique_id?: string;
  plan_united_type?: string;
  host_key?: string;
}

/** `GET /users/{userId}`: the list item plus the detail-only fields. */
export interface ZoomUser extends ZoomUserListItem {
  role_name?: string;
  language?: string;
  phone_number?: string;
  use_pmi?: boolean;
  personal_meeting_url?: string;
  pic_url?: string;
  account_id?: string;
  account_number?: number;
  company?: string;
  job_title?: string;
  location?: string;
  cluster?: string;
  login_types?: number[];
  jid?: string;
  vanity_url?: string;
  phone_country?: string;
  pronouns?: string;
  pronouns_option?: 1 | 2 | 3;
  manager?: string;
}

export type ZoomUserType = 1 | 2 | 4 | 99;
export type ZoomUserStatus = 'active' | 'inactive' | 'pending';

/** 1 instant, 2 scheduled, 3 recurring with no fixed time, 8 recurring with a fixed time. */
export type ZoomMeetingType = 1 | 2 | 3 | 8;

/** `GET /users/{userId}/meetings` list item: lacks settings, password, occurrences, recurrence, start_url, status. */
export interface ZoomMeetingListItem {
  /** int64 on the wire (10 or more digits). Exposed as a GraphQL `ID` string. */
  id: number;
  uuid: string;
  host_id: string;
  topic: string;
  type: ZoomMeetingType;
  start_time?: string;
  duration?: number;
  timezone?: string;
  agenda?: string;
  created_at?: string;
  join_url: string;
  pmi?: string;
}

export interface ZoomRecurrence {
  /** 1 daily, 2 weekly, 3 monthly. */
  type: 1 | 2 | 3;
  repeat_interval?: number;
  /** Comma-separated days, 1 = Sunday ... 7 = Saturday. */
  weekly_days?: string;
  monthly_day?: number;
  monthly_week?: -1 | 1 | 2 | 3 | 4;
  monthly_week_day?: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  end_times?: number;
  end_date_time?: string;
}

export interface ZoomOccurrence {
  occurrence_id: string;
  start_time: string;
  duration?: number;
  status?: 'available' | 'deleted' | string;
}

export interface ZoomMeetingSettings {
  host_video?: boolean;
  participant_video?: boolean;
  join_before_host?: boolean;
  jbh_time?: 0 | 5 | 10;
  mute_upon_entry?: boolean;
  waiting_room?: boolean;
  watermark?: boolean;
  use_pmi?: boolean;
  /** 0 automatically approve, 1 manually approve, 2 no registration required. */
  approval_type?: 0 | 1 | 2;
  registration_type?: 1 | 2 | 3;
  audio?: 'both' | 'telephony' | 'voip' | 'thirdParty';
  auto_recording?: 'local' | 'cloud' | 'none';
  alternative_hosts?: string;
  meeting_authentication?: boolean;
  private_meeting?: boolean;
  email_notification?: boolean;
  encryption_type?: 'enhanced_encryption' | 'e2ee';
  focus_mode?: boolean;
  host_save_video_order?: boolean;
  continuous_meeting_chat?: { enable?: boolean; auto_add_invited_external_users?: boolean };
  [other: string]: unknown;
}

/** `GET /meetings/{meetingId}`: the full meeting. */
export interface ZoomMeeting extends ZoomMeetingListItem {
  host_email?: string;
  assistant_id?: string;
  status?: 'waiting' | 'started';
  start_url?: string;
  password?: string;
  h323_password?: string;
  encrypted_password?: string;
  chat_join_url?: string;
  pre_schedule?: boolean;
  recurrence?: ZoomRecurrence;
  occurrences?: ZoomOccurrence[];
  settings?: ZoomMeetingSettings;
  tracking_fields?: Array<{ field: string; value: string; visible?: boolean }>;
}

/** `POST /users/{userId}/meetings` body (subset). */
export interface ZoomMeetingCreateBody {
  topic?: string;
  type?: ZoomMeetingType;
  start_time?: string;
  duration?: number;
  timezone?: string;
  agenda?: string;
  password?: string;
  default_password?: boolean;
  pre_schedule?: boolean;
  schedule_for?: string;
  recurrence?: ZoomRecurrence;
  settings?: ZoomMeetingSettings;
}

/** `PATCH /meetings/{meetingId}` body (subset). */
export type ZoomMeetingUpdateBody = Omit<ZoomMeetingCreateBody, 'default_password' | 'pre_schedule'>;

/** `GET /past_meetings/{meetingId}`. */
export interface ZoomPastMeeting {
  id: number;
  uuid: string;
  host_id: string;
  topic: string;
  type: 0 | 1 | 2 | 3 | 4 | 7 | 8;
  start_time: string;
  end_time: string;
  duration: number;
  total_minutes: number;
  participants_count: number;
  user_name?: string;
  user_email?: string;
  dept?: string;
  source?: string;
}

/**
 * An ended instance as a meeting's history lists it (`GET /past_meetings/{meetingId}/instances` gives the UUID and
 * start; the meeting gives its id and host): the rest of `ZoomPastMeeting` comes from its detail when asked for.
 */
export type ZoomPastMeetingSummary = Pick<ZoomPastMeeting, 'id' | 'uuid' | 'start_time' | 'host_id'> & Partial<ZoomPastMeeting>;

/** `GET /past_meetings/{meetingId}/participants` list item. */
export interface ZoomParticipant {
  /** The participant's user id when signed in to the account; may be empty. */
  id?: string;
  name: string;
  user_id?: string;
  registrant_id?: string;
  user_email?: string;
  join_time: string;
  leave_time: string;
  duration: number;
  failover?: boolean;
  status?: 'in_meeting' | 'in_waiting_room';
}

/** `GET /meetings/{meetingId}/registrants` list item. */
export interface ZoomRegistrant {
  id: string;
  email: string;
  first_name: string;
  last_name?: string;
  status?: ZoomRegistrantStatus;
  create_time?: string;
  join_url?: string;
  city?: string;
  country?: string;
  org?: string;
  job_title?: string;
  phone?: string;
  comments?: string;
  custom_questions?: Array<{ title: string; value: string }>;
}

export type ZoomRegistrantStatus = 'pending' | 'approved' | 'denied';

export interface ZoomRecordingFile {
  id: string;
  meeting_id: string;
  recording_start: string;
  recording_end: string;
  file_type: 'MP4' | 'M4A' | 'CHAT' | 'TRANSCRIPT' | 'CSV' | 'TB' | 'CC' | 'CHAT_MESSAGE' | 'SUMMARY';
  file_extension?: string;
  file_size: number;
  play_url?: string;
  download_url: string;
  status?: 'completed';
  recording_type?: string;
  /** When the file was moved to the trash; present only for trashed files (`trash=true` lists). */
  deleted_time?: string;
}

/** `GET /users/{userId}/recordings` list item: one recorded meeting with its files. */
export interface ZoomRecordingMeeting {
  uuid: string;
  id: number;
  account_id: string;
  host_id: string;
  topic: string;
  /** A string on the wire, unlike the meeting `type`. */
  type: string;
  start_time: string;
  duration: number;
  total_size: number;
  recording_count: number;
  recording_play_passcode?: string;
  recording_files: ZoomRecordingFile[];
}

/** The envelope every token-paginated list shares. Later pages may omit `page_count` and `page_number`. */
export interface ZoomPage {
  next_page_token: string;
  page_size: number;
  total_records: number;
  page_count?: number;
  page_number?: number;
}

export interface ZoomUserPage extends ZoomPage { users: ZoomUserListItem[] }
export interface ZoomMeetingPage extends ZoomPage { meetings: ZoomMeetingListItem[] }
export interface ZoomParticipantPage extends ZoomPage { participants: ZoomParticipant[] }
export interface ZoomRegistrantPage extends ZoomPage { registrants: ZoomRegistrant[] }
export interface ZoomRecordingPage extends ZoomPage { from: string; to: string; meetings: ZoomRecordingMeeting[] }

/** `GET /meetings/{meetingId}/recordings`: one instance's recording; the token only with `include_fields`. */
export interface ZoomMeetingRecording extends ZoomRecordingMeeting {
  /** A JWT that downloads this meeting's files (`?access_token=`), when `include_fields=download_access_token`. */
  download_access_token?: string;
}

/** `GET /meetings/{meetingId}/recordings/settings`; the `PATCH` body is a subset. */
export interface ZoomRecordingSettings {
  share_recording?: 'publicly' | 'internally' | 'none';
  recording_authentication?: boolean;
  authentication_option?: string;
  authentication_domains?: string;
  viewer_download?: boolean;
  password?: string;
  on_demand?: boolean;
  /** 0 automatic, 1 manual approval of viewers who register; 2 no registration. */
  approval_type?: 0 | 1 | 2;
  send_email_to_host?: boolean;
  show_social_share_buttons?: boolean;
  topic?: string;
}

/** `PUT /meetings/{meetingUUID}/recordings/status` and one file's status: the only action is `recover`. */
export interface ZoomRecordingStatusBody {
  action: 'recover';
}

/** `GET /past_meetings/{meetingId}/instances`: every ended instance, not paginated. */
export interface ZoomPastMeetingInstances {
  meetings: Array<{ uuid: string; start_time: string }>;
}

/** `GET /report/meetings/{meetingId}/participants` list item: the attendance report adds to the past list's fields. */
export interface ZoomReportParticipant extends ZoomParticipant {
  /** The participant's user id when signed in; Zoom deprecates `id` in its favour. */
  participant_user_id?: string;
  customer_key?: string;
  /** The breakout room the participant was in. */
  bo_mtg_id?: string;
}
export interface ZoomReportParticipantPage extends ZoomPage { participants: ZoomReportParticipant[] }

/** `GET /report/users/{userId}/meetings` list item: one ended meeting with two or more participants. */
export interface ZoomReportMeeting {
  uuid: string;
  id: number;
  type: number;
  topic: string;
  user_name?: string;
  user_email?: string;
  start_time: string;
  end_time: string;
  duration: number;
  total_minutes: number;
  participants_count: number;
  source?: string;
  has_recording?: boolean;
}
export interface ZoomReportMeetingPage extends ZoomPage { from: string; to: string; meetings: ZoomReportMeeting[] }

/** `GET /report/daily`: the account's usage per day of one month. */
export interface ZoomDailyReport {
  year: number;
  month: number;
  dates: ZoomDailyUsage[];
}

/** One day of `GET /report/daily`. */
export interface ZoomDailyUsage {
  date: string;
  new_users: number;
  meetings: number;
  participants: number;
  meeting_minutes: number;
}

/** Zoom's error body. Validation failures (code 300) add `errors`. */
export interface ZoomErrorBody {
  code: number;
  message: string;
  errors?: Array<{ field: string; message: string }>;
}

/** `POST /oauth/token` success body (Server-to-Server OAuth). `scope` is one space-separated string. */
export interface ZoomTokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
  api_url?: string;
}

/** A webhook delivery body. */
export interface ZoomWebhookEvent<P = Record<string, unknown>> {
  event: string;
  event_ts: number;
  payload: { account_id?: string; operator?: string; operator_id?: string; object: P } & Record<string, unknown>;
}
