import { z } from 'zod';
import { flag, row, wholeNumber } from '../define.ts';
import { CONFIG_DEFAULTS } from '../defaults.ts';

/** The embedded offline sandbox: whether it runs, and the data and rate limits it serves. */
export const SANDBOX_SETTINGS = {
  ZOOM_SANDBOX: row(flag, {
    group: 'Embedded sandbox',
    description: 'true: run against the embedded offline sandbox (no Zoom credentials may be set). false: require credentials. Unset: sandbox when no credentials are set, except in production, where it is an error.',
    defaultText: '(auto)',
    example: 'true',
    expected: 'true or false',
  }),
  SANDBOX_PORT: row(wholeNumber(0, 65_535), {
    group: 'Embedded sandbox',
    description: 'Port of the embedded sandbox on 127.0.0.1; 0 picks a free port.',
    defaultText: String(CONFIG_DEFAULTS.sandboxPort),
    example: '4001',
    expected: 'a port number from 0 to 65535',
  }),
  SANDBOX_SEED: row(wholeNumber(0, 2_147_483_647), {
    group: 'Embedded sandbox',
    description: 'Seed of the sandbox\'s generated users, meetings and recordings: same seed, same data.',
    defaultText: String(CONFIG_DEFAULTS.sandboxSeed),
    example: '42',
    expected: 'a whole number from 0 to 2147483647',
  }),
  SANDBOX_DATA: row(z.enum(['small', 'large']), {
    group: 'Embedded sandbox',
    description: 'Size of the sandbox data set: small (tens of users) or large (thousands, for benchmarks).',
    defaultText: CONFIG_DEFAULTS.sandboxData,
    example: 'large',
    expected: 'small or large',
  }),
  SANDBOX_RATE_LIMITS: row(z.enum(['free', 'pro', 'business', 'unlimited']), {
    group: 'Embedded sandbox',
    description: 'Which Zoom plan\'s per-second and daily rate limits the sandbox enforces; free is also a free account, whose past-meeting reports answer Zoom\'s code 200 (paid accounts only).',
    defaultText: CONFIG_DEFAULTS.sandboxRateLimits,
    example: 'unlimited',
    expected: 'one of free, pro, business, unlimited',
  }),
};
