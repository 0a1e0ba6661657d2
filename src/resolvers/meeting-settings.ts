import type { MeetingSettingsResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';

/** A meeting's settings: the parent is Zoom's `settings` object from `GET /meetings/{meetingId}`. */
export const MeetingSettings: MeetingSettingsResolvers = {
  hostVideo: (settings) => orNull(settings.host_video),
  participantVideo: (settings) => orNull(settings.participant_video),
  joinBeforeHost: (settings) => orNull(settings.join_before_host),
  joinBeforeHostMinutes: (settings) => orNull(settings.jbh_time),
  muteUponEntry: (settings) => orNull(settings.mute_upon_entry),
  waitingRoom: (settings) => orNull(settings.waiting_room),
  watermark: (settings) => orNull(settings.watermark),
  usePmi: (settings) => orNull(settings.use_pmi),
  approvalType: (settings) => orNull(settings.approval_type),
  registrationType: (settings) => orNull(settings.registration_type),
  audio: (settings) => orNull(settings.audio),
  autoRecording: (settings) => orNull(settings.auto_recording),
  // Zoom separates alternative hosts with semicolons (older answers: commas).
  // @see https://developers.zoom.us/docs/api/meetings/#tag/meetings/GET/meetings/{meetingId}
  alternativeHosts: (settings) =>
    (settings.alternative_hosts ?? '').split(/[;,]/).map((host) => host.trim()).filter((host) => host !== ''),
  meetingAuthentication: (settings) => orNull(settings.meeting_authentication),
  privateMeeting: (settings) => orNull(settings.private_meeting),
  emailNotification: (settings) => orNull(settings.email_notification),
  encryptionType: (settings) => orNull(settings.encryption_type),
  focusMode: (settings) => orNull(settings.focus_mode),
};
