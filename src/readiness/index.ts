import type { Logger } from 'pino';
import type { CostTracker } from '../cost/cost-tracker.ts';
import type { ScopeCheck } from '../scopes/index.ts';
import { createReadiness, type Readiness, type ReadinessOptions } from '../server/health.ts';
import type { GatewayZoomClient } from '../server/zoom-client.ts';
import type { ReadinessConfig } from './settings.ts';
import { createZoomAvailability, zoomTokenCheck } from './zoom-checks.ts';

export { createCircuitBreaker, type BreakerSnapshot, type BreakerState, type CircuitBreaker } from './breaker.ts';
export { createZoomAvailability, zoomOutcomeOf, zoomTokenCheck } from './zoom-checks.ts';
export { READINESS_CONFIG_DEFAULTS, READINESS_SETTINGS, resolveReadinessConfig, ZOOM_BREAKER_SETTINGS, type ReadinessConfig } from './settings.ts';

export interface GatewayReadinessOptions {
  readonly config: ReadinessConfig;
  readonly zoom: Pick<GatewayZoomClient, 'call' | 'checkToken'>;
  /** Where every Zoom attempt is reported (the Zoom client's `onCall` goes to the cost tracker). */
  readonly calls: Pick<CostTracker, 'observe'>;
  /** Compared once a token is there; its last report joins every answer as `details.scopes`. */
  readonly scopeCheck?: ScopeCheck;
  readonly logger: Logger;
  /** Tests: other checks, clock, interval, timeout. */
  readonly overrides?: Partial<ReadinessOptions>;
}

/**
 * The gateway's `/readyz` (issue 12 item 7): ready when a Zoom token can be had and Zoom's recent answers are mostly
 * answers (the breaker over the last calls), computed at most once per `READINESS_INTERVAL_MS` by one run at a time,
 * each refusal naming its reason (`ZOOM_TOKEN_UNAVAILABLE`, `ZOOM_UNAVAILABLE`, `TIMEOUT`) with details. Other parts
 * (Redis) wrap the returned probe or add checks to the list.
 */
export function createGatewayReadiness(options: GatewayReadinessOptions): Readiness {
  const { config, zoom, scopeCheck, logger, overrides } = options;
  const availability = createZoomAvailability({
    window: config.breaker.window,
    minCalls: config.breaker.minCalls,
    failureRatio: config.breaker.failurePercent / 100,
    openMs: config.breaker.openMs,
    ...(overrides?.now === undefined ? {} : { now: overrides.now }),
    // The cheapest call every S2S app may make (Light): the app owner's own user.
    probe: (signal) => zoom.call('user', { path: { userId: 'me' }, signal }),
  });
  options.calls.observe((event) => availability.observe(event));
  const token = zoomTokenCheck(
    (signal) => zoom.checkToken(signal),
    // The token is cached now: comparing its scopes costs no call. Missing scopes warn, they do not unready.
    scopeCheck === undefined ? undefined : (signal) => scopeCheck.run(signal),
  );
  return createReadiness({
    intervalMs: config.intervalMs,
    ...overrides,
    checks: overrides?.checks ?? [token, availability.check],
    ...(scopeCheck === undefined ? {} : { details: () => (scopeCheck.last === undefined ? undefined : { scopes: scopeCheck.last }) }),
    // One line per change of verdict, however often /readyz is asked: a probe loop must not flood the logs.
    onChange(state, previous) {
      if (!state.ready) logger.warn({ reason: state.reason, detail: state.message, details: state.details }, 'not ready');
      else if (previous !== undefined) logger.info({ after: previous.ready ? undefined : previous.reason }, 'ready again');
    },
  });
}
