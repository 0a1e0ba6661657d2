import { row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** How `/readyz` is computed (src/readiness). */
export interface ReadinessConfig {
  /** One answer per this many milliseconds, however often `/readyz` is asked. */
  readonly intervalMs: number;
  /** The Zoom breaker: the last `window` calls, open at `failurePercent` failures once `minCalls` are counted. */
  readonly breaker: {
    readonly window: number;
    readonly minCalls: number;
    readonly failurePercent: number;
    /** Open this long before `/readyz` tries Zoom again with one call. */
    readonly openMs: number;
  };
}

/** Defaults of the readiness variables. */
export const READINESS_CONFIG_DEFAULTS = Object.freeze({
  intervalMs: 5_000,
  window: 20,
  minCalls: 5,
  failurePercent: 50,
  openMs: 10_000,
});

export const READINESS_SETTINGS = {
  READINESS_INTERVAL_MS: row(wholeNumber(100, 600_000), {
    group: 'Server',
    description: 'GET /readyz computes its answer (Zoom token, Zoom breaker) at most once per this many milliseconds and answers from it meanwhile, ready or not, so probes from anyone cost at most one token request per interval.',
    defaultText: String(READINESS_CONFIG_DEFAULTS.intervalMs),
    example: '10000',
    expected: 'milliseconds from 100 to 600000',
  }),
};

/** The Zoom breaker's rows, listed with the other Zoom connection settings. */
export const ZOOM_BREAKER_SETTINGS = {
  ZOOM_BREAKER_WINDOW: row(wholeNumber(1, 10_000), {
    group: 'Zoom: connection',
    description: 'How many of the last Zoom calls the breaker behind /readyz counts (a 5xx or no answer fails; a 429 does not count).',
    defaultText: String(READINESS_CONFIG_DEFAULTS.window),
    example: '50',
    expected: 'a whole number from 1 to 10000',
  }),
  ZOOM_BREAKER_MIN_CALLS: row(wholeNumber(1, 10_000), {
    group: 'Zoom: connection',
    description: 'Fewest Zoom calls counted before the breaker may open; at most ZOOM_BREAKER_WINDOW.',
    defaultText: String(READINESS_CONFIG_DEFAULTS.minCalls),
    example: '10',
    expected: 'a whole number from 1 to 10000',
  }),
  ZOOM_BREAKER_FAILURE_PERCENT: row(wholeNumber(1, 100), {
    group: 'Zoom: connection',
    description: 'The breaker opens, and /readyz answers 503 ZOOM_UNAVAILABLE, when this percentage of the counted Zoom calls failed.',
    defaultText: String(READINESS_CONFIG_DEFAULTS.failurePercent),
    example: '80',
    expected: 'a percentage from 1 to 100',
  }),
  ZOOM_BREAKER_OPEN_MS: row(wholeNumber(0, 600_000), {
    group: 'Zoom: connection',
    description: 'How long the breaker stays open, in milliseconds; then the next Zoom call decides (GET /readyz makes one, GET /users/me, if no other call does): a success closes it.',
    defaultText: String(READINESS_CONFIG_DEFAULTS.openMs),
    example: '30000',
    expected: 'milliseconds from 0 to 600000',
  }),
};

/** Builds `GatewayConfig.readiness`. */
export function resolveReadinessConfig(values: SettingsValues<typeof READINESS_SETTINGS & typeof ZOOM_BREAKER_SETTINGS>, issues: ConfigIssue[]): ReadinessConfig {
  const config: ReadinessConfig = {
    intervalMs: values.READINESS_INTERVAL_MS ?? READINESS_CONFIG_DEFAULTS.intervalMs,
    breaker: {
      window: values.ZOOM_BREAKER_WINDOW ?? READINESS_CONFIG_DEFAULTS.window,
      minCalls: values.ZOOM_BREAKER_MIN_CALLS ?? READINESS_CONFIG_DEFAULTS.minCalls,
      failurePercent: values.ZOOM_BREAKER_FAILURE_PERCENT ?? READINESS_CONFIG_DEFAULTS.failurePercent,
      openMs: values.ZOOM_BREAKER_OPEN_MS ?? READINESS_CONFIG_DEFAULTS.openMs,
    },
  };
  if (config.breaker.minCalls > config.breaker.window) {
    issues.push({
      variables: ['ZOOM_BREAKER_MIN_CALLS', 'ZOOM_BREAKER_WINDOW'],
      message: `ZOOM_BREAKER_MIN_CALLS (${config.breaker.minCalls}) is above ZOOM_BREAKER_WINDOW (${config.breaker.window}), so the breaker could never open. Example: ZOOM_BREAKER_WINDOW=20 ZOOM_BREAKER_MIN_CALLS=5`,
    });
  }
  return config;
}
