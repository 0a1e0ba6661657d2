import { z } from 'zod';
import { row, type ConfigIssue, type SettingsValues } from '../config/define.ts';
import { MIN_CURSOR_SECRET_BYTES } from './cursor.ts';

/** How connection cursors are signed (src/graphql/cursor.ts). */
export interface CursorConfig {
  /** The HMAC secret from `CURSOR_SECRET`; null: 32 random bytes are made at start (one instance only). */
  readonly secret: string | null;
}

export const CURSOR_SETTINGS = {
  CURSOR_SECRET: row(z.string().regex(/^\S+$/).refine((value) => Buffer.byteLength(value) >= MIN_CURSOR_SECRET_BYTES), {
    group: 'Request limits',
    description: 'Secret that connection cursors are signed with (HMAC-SHA256), so a forged or altered cursor is refused as BAD_USER_INPUT (reason INVALID_CURSOR). Unset: a random one is made at every start, so cursors do not survive a restart; several instances behind one address must share one. Never logged.',
    defaultText: '(random at each start)',
    example: 'c2VjcmV0LW9mLWF0LWxlYXN0LTMyLWJ5dGVzLWxvbmch',
    secret: true,
    expected: `a secret of at least ${MIN_CURSOR_SECRET_BYTES} bytes without spaces (e.g. openssl rand -base64 32)`,
  }),
};

/** Builds `GatewayConfig.cursors`. */
export function resolveCursorConfig(values: SettingsValues<typeof CURSOR_SETTINGS>, _issues: ConfigIssue[]): CursorConfig {
  return { secret: values.CURSOR_SECRET ?? null };
}
