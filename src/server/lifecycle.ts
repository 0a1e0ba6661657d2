import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { notVisibleReasonOf } from '../auth/not-visible.ts';
import type { GatewayConfig } from '../config/index.ts';
import type { GatewayContext } from '../graphql/context.ts';
import { redactFromLogs } from '../logger.ts';
import { redisPassword } from '../store/settings.ts';
import { GatewayListenError } from './gateway-types.ts';

// What createGateway needs around its servers: draining, listening, closing, log and abort plumbing (split out of
// app.ts so the composition root lists capabilities and little else).

/**
 * Apollo's drain hook: close fastify, which stops accepting, waits for in-flight requests and closes idle
 * connections; connections still open after `timeoutMs` are cut. `fastifyApolloDrainPlugin` does the same with
 * a fixed 10 s, which would override `SHUTDOWN_TIMEOUT_MS`.
 */
export function drainFastify(app: FastifyInstance, timeoutMs: number, draining: { value: boolean }): ApolloServerPlugin<GatewayContext> {
  return {
    async serverWillStart() {
      return {
        async drainServer() {
          draining.value = true;
          const timer = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
          timer.unref();
          try {
            await app.close();
          } finally {
            clearTimeout(timer);
          }
        },
      };
    },
  };
}

/** A member's uniform "not found" is logged with its real reason (not the member's, or not there), which only the log sees. */
export function logNotVisible(logger: Logger, formatted: { readonly path?: ReadonlyArray<string | number> }, error: unknown): void {
  const reason = notVisibleReasonOf(error);
  if (reason !== undefined) logger.info({ reason, path: formatted.path?.join('.') }, 'member answered NOT_FOUND');
}

/** Every secret value the configuration holds, for {@link redactFromLogs}. */
export function configuredSecrets(config: GatewayConfig): Array<string | undefined> {
  const auth = config.zoom.auth;
  const jwtSecret = config.callers.jwt?.secret;
  return [
    auth?.kind === 's2s' ? auth.clientSecret : undefined,
    auth?.kind === 'jwt' ? auth.apiSecret : undefined,
    typeof jwtSecret === 'string' ? jwtSecret : undefined,
    config.recordingLinks.secret ?? undefined,
    ...config.webhooks.secretTokens,
    config.cursors.secret ?? undefined,
    redisPassword(config.store),
  ];
}

/** An AbortSignal that fires when the client goes away before its answer is written, cancelling Zoom calls. */
export function abortOnDisconnect(_request: FastifyRequest, reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  // One operation fans out into many concurrent Zoom calls (300 for 30 users x 10 meetings), each listening on
  // this signal until it settles: that is by design, not a leak, so Node's 10-listener warning is off for it.
  setMaxListeners(0, controller.signal);
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('client disconnected'));
  });
  return controller.signal;
}

export async function listen(app: FastifyInstance, host: string, port: number): Promise<void> {
  try {
    await app.listen({ host, port });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'LISTEN_FAILED';
    const hint =
      code === 'EADDRINUSE'
        ? `port ${port} is already in use on ${host}: stop the other process or set PORT to a free port`
        : code === 'EADDRNOTAVAIL'
          ? `${host} is not an address of this machine: set HOST to one (127.0.0.1, 0.0.0.0)`
          : code === 'EACCES'
            ? `no permission to listen on port ${port}: use a port above 1023`
            : `cannot listen on ${host}:${port}`;
    throw new GatewayListenError(code, `${hint} (${code})`, error);
  }
}

export async function closeAll(resources: ReadonlyArray<{ close(): Promise<void> }>, logger: Logger): Promise<void> {
  for (const resource of resources) {
    try {
      await resource.close();
    } catch (error) {
      logger.error({ err: error }, 'error while closing a resource during shutdown');
    }
  }
}

export function baseUrl(address: AddressInfo): string {
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '[::1]' : address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
