import { z } from 'zod';
import { row, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/**
 * How requests are logged:
 * - `full`: fastify's two lines per request (`incoming request`, `request completed`);
 * - `completed`: one line per answered request, with its method, URL, status and time;
 * - `errors`: one such line only for answers with a status of 500 or more;
 * - `off`: none (errors inside requests are still logged where they happen).
 */
export type AccessLogMode = 'full' | 'completed' | 'errors' | 'off';

export interface AccessLogConfig {
  readonly mode: AccessLogMode;
}

export const ACCESS_LOG_DEFAULTS = Object.freeze({ mode: 'full' as AccessLogMode });

export const ACCESS_LOG_SETTINGS = {
  ACCESS_LOG: row(z.enum(['full', 'completed', 'errors', 'off']), {
    group: 'Server',
    description: 'Access logging: full (two info lines per request: received and answered), completed (one line per answered request with status and time), errors (only answers with status 500 or more) or off. Two lines per request cost about 8% of CPU on a one-call query.',
    defaultText: ACCESS_LOG_DEFAULTS.mode,
    example: 'completed',
    expected: 'one of full, completed, errors, off',
  }),
};

export function resolveAccessLogConfig(values: SettingsValues<typeof ACCESS_LOG_SETTINGS>, _issues: ConfigIssue[]): AccessLogConfig {
  return { mode: values.ACCESS_LOG ?? ACCESS_LOG_DEFAULTS.mode };
}
