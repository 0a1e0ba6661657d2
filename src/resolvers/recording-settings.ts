import type { RecordingSettingsResolvers } from '../__generated__/resolvers-types.ts';
import { orNull } from '../graphql/values.ts';
import type { ZoomRecordingSettings } from '../zoom/wire.ts';

/**
 * Zoom's recording settings with the recorded meeting's host beside them: Zoom's body does not name its host, and
 * the settings' passcode is for the host's (or an admin's) eyes only (src/auth, `host` rule).
 */
export type RecordingSettingsParent = ZoomRecordingSettings & { readonly host_id: string };

/**
 * A meeting's recording settings: the parent is `GET /meetings/{meetingId}/recordings/settings` with the host's id.
 * @see https://developers.zoom.us/docs/api/cloud-recording/#tag/cloud-recording/GET/meetings/{meetingId}/recordings/settings
 */
export const RecordingSettings: RecordingSettingsResolvers = {
  shareRecording: (settings) => orNull(settings.share_recording),
  recordingAuthentication: (settings) => orNull(settings.recording_authentication),
  authenticationOption: (settings) => orNull(settings.authentication_option),
  authenticationDomains: (settings) => orNull(settings.authentication_domains),
  viewerDownload: (settings) => orNull(settings.viewer_download),
  password: (settings) => orNull(settings.password),
  onDemand: (settings) => orNull(settings.on_demand),
  approvalType: (settings) => orNull(settings.approval_type),
  sendEmailToHost: (settings) => orNull(settings.send_email_to_host),
  showSocialShareButtons: (settings) => orNull(settings.show_social_share_buttons),
  topic: (settings) => orNull(settings.topic),
};
