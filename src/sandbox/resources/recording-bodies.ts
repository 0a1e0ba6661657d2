import { z } from 'zod';
import type { ZoomRecordingSettings, ZoomRecordingStatusBody } from '../../zoom/wire.ts';
import { parseWith } from '../validation.ts';

/**
 * Bodies of the recording writes, validated as the spec's request schemas say
 * (`recordingStatusUpdate`, `recordingSettingsUpdate` in ZoomMeetingAPISpec 2023-10).
 */

const statusBodySchema = z.object({ action: z.literal('recover') });

/** `{"action":"recover"}`, the only action the recording status operations take. */
export function parseRecordingStatusBody(body: unknown): ZoomRecordingStatusBody {
  return parseWith(statusBodySchema, body);
}

const settingsBodySchema = z.strictObject({
  share_recording: z.enum(['publicly', 'internally', 'none']).optional(),
  recording_authentication: z.boolean().optional(),
  authentication_option: z.string().optional(),
  authentication_domains: z.string().optional(),
  viewer_download: z.boolean().optional(),
  // Spec: 8 to 10 characters, "a mix of numbers, letters and special characters".
  password: z.string().min(8).max(10).regex(/^(?=.*[A-Za-z])(?=.*\d)\S+$/).optional(),
  on_demand: z.boolean().optional(),
  approval_type: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
  send_email_to_host: z.boolean().optional(),
  show_social_share_buttons: z.boolean().optional(),
  topic: z.string().optional(),
});

/** The settings to change; unknown fields are refused like any invalid one. */
export function parseRecordingSettingsBody(body: unknown): ZoomRecordingSettings {
  const parsed = parseWith(settingsBodySchema, body);
  return Object.fromEntries(Object.entries(parsed).filter(([, v]) => v !== undefined)) as ZoomRecordingSettings;
}
