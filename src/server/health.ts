import type { FastifyInstance } from 'fastify';
import { isZoomError } from '../zoom/errors.ts';

/** Defaults of {@link ReadinessOptions}. */
export const READINESS_DEFAULTS = Object.freeze({
  /** A successful check is reused for this long, in milliseconds, so frequent probes cost no token calls. */
  successTtlMs: 5_000,
  /** A check that takes longer than this, in milliseconds, counts as not ready. */
  timeoutMs: 5_000,
});

export interface ReadinessOptions {
  /**
   * Resolves when the gateway can reach Zoom (a token can be had); rejects with the reason otherwise.
   * `signal` aborts when the check has taken longer than `timeoutMs`.
   */
  check: (signal: AbortSignal) => Promise<unknown>;
  /** Default {@link READINESS_DEFAULTS.successTtlMs}. */
  successTtlMs?: number;
  /** Default {@link READINESS_DEFAULTS.timeoutMs}. */
  timeoutMs?: number;
  /** Clock in epoch milliseconds; default `Date.now`. */
  now?: () => number;
  /** Named facts added to every answer as `details` (e.g. `scopes`, the token's scope check); none by default. */
  details?: () => Record<string, unknown> | undefined;
}

/** The answer of `/readyz`. `reason` is a stable code; `message` is safe to show (never a credential). */
export type ReadinessState = ({ ready: true } | { ready: false; reason: string; message: string }) & { details?: Record<string, unknown> };

/** A readiness probe: caches success briefly, never caches failure, and runs at most one check at a time. */
export interface Readiness {
  probe(): Promise<ReadinessState>;
}

/** Creates the probe behind `/readyz`. */
export function createReadiness(options: ReadinessOptions): Readiness {
  const successTtlMs = options.successTtlMs ?? READINESS_DEFAULTS.successTtlMs;
  const timeoutMs = options.timeoutMs ?? READINESS_DEFAULTS.timeoutMs;
  const now = options.now ?? Date.now;
  let readyUntil = -Infinity;
  let inflight: Promise<ReadinessState> | undefined;

  async function run(): Promise<ReadinessState> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const error = new ReadinessTimeout(timeoutMs);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
      timer.unref();
    });
    try {
      await Promise.race([options.check(controller.signal), timeout]);
      readyUntil = now() + successTtlMs;
      return { ready: true };
    } catch (error) {
      return notReady(error);
    } finally {
      clearTimeout(timer);
    }
  }

  const withDetails = (state: ReadinessState): ReadinessState => {
    const details = options.details?.();
    return details === undefined ? state : { ...state, details };
  };

  return {
    probe() {
      if (now() < readyUntil) return Promise.resolve(withDetails({ ready: true }));
      inflight ??= run().finally(() => {
        inflight = undefined;
      });
      return inflight.then(withDetails);
    },
  };
}

class ReadinessTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no Zoom access token within ${timeoutMs} ms`);
  }
}

function notReady(error: unknown): ReadinessState {
  if (error instanceof ReadinessTimeout) return { ready: false, reason: 'TIMEOUT', message: error.message };
  if (isZoomError(error)) {
    // ZoomError messages never carry a token or secret (src/zoom/errors.ts), so they can be shown.
    const zoomCode = error.zoomCode === undefined ? '' : ` (Zoom code ${error.zoomCode})`;
    return { ready: false, reason: `ZOOM_${error.code}`, message: `${error.message}${zoomCode}` };
  }
  // Anything else is unexpected: say so without echoing a message that could carry internals.
  return { ready: false, reason: 'UNKNOWN', message: 'the Zoom token check failed unexpectedly; see the logs' };
}

/**
 * Registers `GET /healthz` (the process is up and serving: always 200) and `GET /readyz` (200 when a Zoom token
 * can be had, 503 with `{ status, reason, message }` otherwise). Both are JSON and never cached.
 */
export function registerHealthRoutes(app: FastifyInstance, readiness: Readiness): void {
  app.get('/healthz', { logLevel: 'warn' }, (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return reply.send({ status: 'ok' });
  });

  app.get('/readyz', { logLevel: 'warn' }, async (request, reply) => {
    void reply.header('cache-control', 'no-store');
    const state = await readiness.probe();
    const details = state.details === undefined ? {} : { details: state.details };
    if (state.ready) return reply.send({ status: 'ready', ...details });
    request.log.warn({ reason: state.reason, detail: state.message }, 'not ready');
    return reply.code(503).send({ status: 'unavailable', reason: state.reason, message: state.message, ...details });
  });
}
