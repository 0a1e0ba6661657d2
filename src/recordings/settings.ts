import { z } from 'zod';
import { row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** How the gateway's playable recording links are made. */
export interface RecordingLinksConfig {
  /** Minutes a link stays valid after it is handed out. */
  readonly ttlMinutes: number;
  /**
   * HMAC-SHA256 key signing the links, or null for a random key per process (links then only work on the instance
   * that made them, and not after a restart). Secret: never logged.
   */
  readonly secret: string | null;
}

/** Defaults of the recording-link variables. */
export const RECORDING_LINK_DEFAULTS = Object.freeze({ ttlMinutes: 60 });

/** Shortest `RECORDING_LINK_SECRET`, in characters: 32 random characters carry at least 128 bits. */
export const RECORDING_LINK_SECRET_MIN_LENGTH = 32;

export const RECORDING_LINK_SETTINGS = {
  RECORDING_LINK_TTL_MINUTES: row(wholeNumber(1, 1_440), {
    group: 'Server',
    description: 'Minutes a playable recording link (/recordings/...) stays valid after the gateway hands it out; a player seeking after that gets 410 RECORDING_LINK_EXPIRED and asks for a new link.',
    defaultText: String(RECORDING_LINK_DEFAULTS.ttlMinutes),
    example: '30',
    expected: 'minutes from 1 to 1440',
  }),
  RECORDING_LINK_SECRET: row(z.string().regex(/^\S+$/).min(RECORDING_LINK_SECRET_MIN_LENGTH), {
    group: 'Server',
    description: 'Key that signs playable recording links (HMAC-SHA256). Set the same value on every instance behind one address, so a link made by one plays on all; unset, each process makes a random one. Never logged.',
    defaultText: '(random per process)',
    example: 'k3v9s8dQ2mX7pL4tR1wZ6yB0nC5hJ8aF',
    secret: true,
    expected: `at least ${RECORDING_LINK_SECRET_MIN_LENGTH} characters without whitespace`,
  }),
};

/** Builds `GatewayConfig.recordingLinks`. */
export function resolveRecordingLinksConfig(values: SettingsValues<typeof RECORDING_LINK_SETTINGS>, _issues: ConfigIssue[]): RecordingLinksConfig {
  return {
    ttlMinutes: values.RECORDING_LINK_TTL_MINUTES ?? RECORDING_LINK_DEFAULTS.ttlMinutes,
    secret: values.RECORDING_LINK_SECRET ?? null,
  };
}
