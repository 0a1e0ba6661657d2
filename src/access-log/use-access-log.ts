import type { FastifyInstance } from 'fastify';
import type { AccessLogMode } from './settings.ts';

/** Fastify's request logging for `mode` (its log controller's option): on only in `full` mode. */
export function accessLogServerOptions(mode: AccessLogMode): { disableRequestLogging: boolean } {
  return { disableRequestLogging: mode !== 'full' };
}

/**
 * Logs one line per answered request in `completed` mode, per failed one (status 500 or more) in `errors` mode,
 * through the request's own logger (so with its request and trace ids). `full` and `off` add nothing here.
 */
export function useAccessLog(app: FastifyInstance, mode: AccessLogMode): void {
  if (mode !== 'completed' && mode !== 'errors') return;
  app.addHook('onResponse', async (request, reply) => {
    if (mode === 'errors' && reply.statusCode < 500) return;
    const line = { method: request.method, url: request.url, statusCode: reply.statusCode, responseTime: reply.elapsedTime };
    if (reply.statusCode >= 500) request.log.warn(line, 'request completed');
    else request.log.info(line, 'request completed');
  });
}
