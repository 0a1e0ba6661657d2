/** One call's outcome as the breaker counts it. */
export type BreakerOutcome = 'success' | 'failure';

/**
 * `closed`: calls mostly succeed. `open`: too many of the last calls failed. `half-open`: open for `openMs`, so the
 * next outcome decides: a success closes it (and forgets the failures), a failure opens it again.
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** How many of the last outcomes are counted. */
  readonly window: number;
  /** Fewest outcomes in the window before it may open: two failed calls out of two prove little. */
  readonly minCalls: number;
  /** Share of failures in the window, 0 < ratio <= 1, at or above which it opens. */
  readonly failureRatio: number;
  /** How long it stays open, in milliseconds, before the next outcome decides (half-open). */
  readonly openMs: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  readonly now?: () => number;
}

/** What the breaker knows, safe to show in `/readyz`. */
export interface BreakerSnapshot {
  readonly state: BreakerState;
  /** Outcomes in the window, and how many of them failed. */
  readonly calls: number;
  readonly failures: number;
  /** When it last opened (ISO 8601), while open or half-open. */
  readonly openedAt?: string;
}

export interface CircuitBreaker {
  record(outcome: BreakerOutcome): void;
  readonly state: BreakerState;
  snapshot(): BreakerSnapshot;
}

/**
 * A count-based circuit breaker over the last `window` outcomes, fed from outside (it wraps no call): the gateway
 * reports every Zoom attempt to it, and `/readyz` reads its state (issue 12 item 7: /readyz said ready through a
 * 503 storm and with Zoom unreachable). Libraries such as opossum wrap the protected function and count only the
 * calls made through them; here the calls are made by the Zoom client, so the breaker is a counter it reports to.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { window, minCalls, failureRatio, openMs } = options;
  if (!Number.isInteger(window) || window < 1 || !Number.isInteger(minCalls) || minCalls < 1 || minCalls > window) {
    throw new TypeError(`createCircuitBreaker: need whole numbers 1 <= minCalls (${minCalls}) <= window (${window})`);
  }
  if (!(failureRatio > 0 && failureRatio <= 1) || !(openMs >= 0)) {
    throw new TypeError(`createCircuitBreaker: need 0 < failureRatio <= 1 and openMs >= 0, got ${failureRatio} and ${openMs}`);
  }
  const now = options.now ?? Date.now;
  // A ring of the last `window` outcomes: true for a failure.
  const ring: boolean[] = [];
  let next = 0;
  let failures = 0;
  let openedAt: number | undefined;

  const state = (): BreakerState => (openedAt === undefined ? 'closed' : now() - openedAt >= openMs ? 'half-open' : 'open');
  const clear = (): void => {
    ring.length = 0;
    next = 0;
    failures = 0;
  };

  return {
    record(outcome) {
      const failed = outcome === 'failure';
      const current = state();
      if (current === 'half-open') {
        if (failed) {
          openedAt = now();
        } else {
          openedAt = undefined;
          clear();
        }
        return;
      }
      if (ring.length < window) ring.push(failed);
      else {
        if (ring[next]) failures -= 1;
        ring[next] = failed;
      }
      next = (next + 1) % window;
      if (failed) failures += 1;
      if (current === 'closed' && ring.length >= minCalls && failures / ring.length >= failureRatio) openedAt = now();
    },
    get state() {
      return state();
    },
    snapshot() {
      return {
        state: state(),
        calls: ring.length,
        failures,
        ...(openedAt === undefined ? {} : { openedAt: new Date(openedAt).toISOString() }),
      };
    },
  };
}
