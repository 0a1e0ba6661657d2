import type { Readiness, ReadinessState } from '../server/health.ts';
import type { SharedState } from './index.ts';

/**
 * `/readyz` with the shared state's health folded in, around whatever probe the gateway has (the Zoom token check):
 * - Redis never reached since start: not ready, reason `REDIS_UNAVAILABLE`, without running the inner probe. An
 *   instance that shares nothing yet would hand out its own token and replay memory, so the balancer should wait.
 * - Redis lost while running: the inner probe decides (queries are answered from this process's state), and
 *   `details.sharedState` says the instance is degraded, so monitoring sees it while traffic keeps flowing.
 * - Otherwise, with Redis, `details.sharedState` says it is shared; in memory (one instance) nothing is added.
 * Reading the health costs nothing (the Redis client's own connection status), so every probe sees it fresh,
 * never behind the inner probe's success cache.
 */
export function withSharedStateReadiness(inner: Readiness, state: Pick<SharedState, 'kind' | 'health'>): Readiness {
  if (state.kind === 'memory') return inner;
  return {
    async probe(): Promise<ReadinessState> {
      const health = state.health();
      if (health.status === 'unavailable') {
        return { ready: false, reason: health.reason, message: health.message, details: { sharedState: { kind: state.kind, ...health } } };
      }
      const answer = await inner.probe();
      return { ...answer, details: { ...answer.details, sharedState: { kind: state.kind, ...health } } };
    },
  };
}
