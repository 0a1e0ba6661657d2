import type { FastifyInstance } from 'fastify';
import { isZoomError } from '../zoom/errors.ts';

/** Defaults of {@link ReadinessOptions}. */
export const READINESS_DEFAULTS = Object.freeze({
  /**
   * An answer, ready or not, is reused for this long, in milliseconds: however often `/readyz` is asked (by anyone:
   * it is unauthenticated), its checks run at most once per interval, so probes cannot multiply token requests.
   */
  intervalMs: 5_000,
  /** Checks that take longer than this, in milliseconds, count as not ready. */
  timeoutMs: 5_000,
});

/**
 * One thing `/readyz` checks (the Zoom token, the Zoom breaker, Redis...). `run` resolves when that part is ready,
 * optionally with named facts for the answer's `details`; it rejects with a {@link NotReadyError} saying why
 * (any other error is reported without its message). `signal` aborts when the checks have taken `timeoutMs`.
 */
export interface ReadinessCheck {
  /** Short and stable, e.g. `zoomToken`; names the check in logs. */
  readonly name: string;
  run(signal: AbortSignal): Promise<Record<string, unknown> | void>;
}

/** A check's "not ready": `reason` is a stable code, `message` safe to show, `details` named facts. */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  constructor(
    readonly reason: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ReadinessOptions {
  /** Run in order; the first that fails decides the answer, and the ones after it do not run. */
  checks: ReadonlyArray<ReadinessCheck>;
  /** Default {@link READINESS_DEFAULTS.intervalMs}. */
  intervalMs?: number;
  /** Default {@link READINESS_DEFAULTS.timeoutMs}. */
  timeoutMs?: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Named facts added to every answer as `details`, read fresh each time (e.g. `scopes`); none by default. */
  details?: () => Record<string, unknown> | undefined;
  /**
   * Called when a run of the checks comes to another verdict than the run before (ready, or not ready for another
   * reason), and after the first run: where a transition is logged once, not on every probe's answer.
   */
  onChange?: (state: ReadinessState, previous: ReadinessState | undefined) => void;
}

/** The answer of `/readyz`. `reason` is a stable code; `message` is safe to show (never a credential). */
export type ReadinessState = ({ ready: true } | { ready: false; reason: string; message: string }) & { details?: Record<string, unknown> };

/** A readiness probe: one answer per interval, computed by one run of the checks at a time. */
export interface Readiness {
  probe(): Promise<ReadinessState>;
}

/** Creates the probe behind `/readyz`. */
export function createReadiness(options: ReadinessOptions): Readiness {
  const intervalMs = options.intervalMs ?? READINESS_DEFAULTS.intervalMs;
  const timeoutMs = options.timeoutMs ?? READINESS_DEFAULTS.timeoutMs;
  const now = options.now ?? Date.now;
  let cached: { state: ReadinessState; until: number } | undefined;
  let inflight: Promise<ReadinessState> | undefined;
  let verdict: ReadinessState | undefined;

  async function runChecks(signal: AbortSignal): Promise<ReadinessState> {
    let details: Record<string, unknown> = {};
    for (const check of options.checks) {
      try {
        details = { ...details, ...(await check.run(signal)) };
      } catch (error) {
        const state = notReady(error);
        return { ...state, details: { ...details, ...state.details } };
      }
    }
    return { ready: true, details };
  }

  async function run(): Promise<ReadinessState> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ReadinessState>((resolve) => {
      timer = setTimeout(() => {
        const message = `the readiness checks did not finish within ${timeoutMs} ms`;
        controller.abort(new Error(message));
        resolve({ ready: false, reason: 'TIMEOUT', message });
      }, timeoutMs);
      timer.unref();
    });
    try {
      return await Promise.race([runChecks(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  const withDetails = (state: ReadinessState): ReadinessState => {
    const details = { ...state.details, ...options.details?.() };
    const { details: _dropped, ...rest } = state;
    return Object.keys(details).length === 0 ? rest : { ...rest, details };
  };

  return {
    probe() {
      if (cached !== undefined && now() < cached.until) return Promise.resolve(withDetails(cached.state));
      inflight ??= run()
        .then((state) => {
          cached = { state, until: now() + intervalMs };
          const previous = verdict;
          verdict = state;
          if (previous === undefined || previous.ready !== state.ready || reasonOf(previous) !== reasonOf(state)) {
            try {
              options.onChange?.(state, previous);
            } catch {
              // A logging observer must not fail the probe.
            }
          }
          return state;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight.then(withDetails);
    },
  };
}

function reasonOf(state: ReadinessState): string | undefined {
  return state.ready ? undefined : state.reason;
}

function notReady(error: unknown): ReadinessState {
  if (error instanceof NotReadyError) {
    return { ready: false, reason: error.reason, message: error.message, ...(Object.keys(error.details).length === 0 ? {} : { details: error.details }) };
  }
  if (isZoomError(error)) {
    // ZoomError messages never carry a token or secret (src/zoom/errors.ts), so they can be shown.
    const zoomCode = error.zoomCode === undefined ? '' : ` (Zoom code ${error.zoomCode})`;
    return { ready: false, reason: `ZOOM_${error.code}`, message: `${error.message}${zoomCode}` };
  }
  // Anything else is unexpected: say so without echoing a message that could carry internals.
  return { ready: false, reason: 'UNKNOWN', message: 'a readiness check failed unexpectedly; see the logs' };
}

/**
 * Registers `GET /healthz` (the process is up and serving: always 200) and `GET /readyz` (200 when every readiness
 * check passes, 503 with `{ status, reason, message, details }` otherwise). Both are JSON and never cached.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', { logLevel: 'warn' }, (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return reply.send({ status: 'ok' });
  });

  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    const state = await readiness.probe();
    const details = state.details === undefined ? {} : { details: state.details };
    if (state.ready) return reply.send({ status: 'ready', ...details });
    // Not logged here: an unauthenticated probe every second would write a line each; the readiness logs changes.
    return reply.code(503).send({ status: 'unavailable', reason: state.reason, message: state.message, ...details });
  });
}
