import type { CostEvent } from '../cost/cost-tally.ts';
import { NotReadyError, type ReadinessCheck } from '../server/health.ts';
import { isZoomError } from '../zoom/errors.ts';
import { createCircuitBreaker, type BreakerOutcome, type CircuitBreakerOptions } from './breaker.ts';

/**
 * How one Zoom attempt counts for Zoom's availability: a 5xx or a transport failure (refused, reset, timed out) is
 * a failure; any other answer, a 4xx included, shows Zoom up. A 429 is Zoom answering about our budget, not an
 * outage, and an attempt its caller aborted says nothing: neither counts.
 */
export function zoomOutcomeOf(event: Pick<CostEvent, 'status' | 'failure'>): BreakerOutcome | undefined {
  if (event.failure !== undefined) return event.failure === 'aborted' ? undefined : 'failure';
  if (event.status === undefined || event.status === 429) return undefined;
  return event.status >= 500 ? 'failure' : 'success';
}

/** The Zoom breaker's readiness check and the observer that feeds it. */
export interface ZoomAvailability {
  /** Feed every Zoom attempt here (the cost tracker's `observe`). */
  observe(event: CostEvent): void;
  readonly check: ReadinessCheck;
}

/**
 * `/readyz`'s view of Zoom's recent answers: a circuit breaker over the last calls (./breaker.ts). Open: not ready,
 * `ZOOM_UNAVAILABLE`, with the counts and the last failure in `details.zoom`. Half-open (open for `openMs`): the
 * check makes `probe`, one cheap Zoom call, whose outcome decides, so an instance taken out of rotation (and so
 * without traffic) still finds out that Zoom is back. Closed: ready.
 */
export function createZoomAvailability(
  options: CircuitBreakerOptions & { readonly probe: (signal: AbortSignal) => Promise<unknown> },
): ZoomAvailability {
  const breaker = createCircuitBreaker(options);
  let lastFailure: { readonly what: string; readonly at: string } | undefined;
  const details = () => ({ zoom: { ...breaker.snapshot(), ...(lastFailure === undefined ? {} : { lastFailure }) } });

  return {
    observe(event) {
      const outcome = zoomOutcomeOf(event);
      if (outcome === undefined) return;
      if (outcome === 'failure') lastFailure = { what: event.failure ?? `HTTP ${event.status}`, at: new Date(options.now?.() ?? Date.now()).toISOString() };
      breaker.record(outcome);
    },
    check: {
      name: 'zoomAvailability',
      async run(signal) {
        if (breaker.state === 'half-open') {
          // Its outcome reaches `observe` through the client's onCall; a refusal is judged by that, not thrown.
          await options.probe(signal).catch(() => undefined);
        }
        if (breaker.state === 'closed') return details();
        const facts = details();
        throw new NotReadyError(
          'ZOOM_UNAVAILABLE',
          `${facts.zoom.failures} of the last ${facts.zoom.calls} Zoom calls failed${lastFailure === undefined ? '' : ` (last: ${lastFailure.what})`}; no call has succeeded since`,
          facts,
        );
      },
    },
  };
}

/**
 * A Zoom access token can be had (one is cached, or the token endpoint gives one). When not: `ZOOM_TOKEN_UNAVAILABLE`
 * with the client's error code (e.g. `UNAUTHORIZED` for refused credentials, `NETWORK`) and Zoom's code in
 * `details.token`. `afterToken` runs once a token is there (the scope comparison, which costs no call).
 */
export function zoomTokenCheck(
  checkToken: (signal: AbortSignal) => Promise<void>,
  afterToken?: (signal: AbortSignal) => Promise<unknown>,
): ReadinessCheck {
  return {
    name: 'zoomToken',
    async run(signal) {
      try {
        await checkToken(signal);
      } catch (error) {
        if (!isZoomError(error)) throw error;
        // ZoomError messages never carry a token or secret (src/zoom/errors.ts), so they can be shown.
        throw new NotReadyError('ZOOM_TOKEN_UNAVAILABLE', `no Zoom access token: ${error.message}${error.zoomCode === undefined ? '' : ` (Zoom code ${error.zoomCode})`}`, {
          token: { code: error.code, ...(error.status === undefined ? {} : { status: error.status }), ...(error.zoomCode === undefined ? {} : { zoomCode: error.zoomCode }) },
        });
      }
      await afterToken?.(signal);
    },
  };
}
