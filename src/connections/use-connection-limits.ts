import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionLimitsConfig } from './settings.ts';
import { createKeyedLimit } from './keyed-limit.ts';

/**
 * How often, in milliseconds, Node checks the header and request timeouts of open connections: its default, 30 s,
 * would let a slow-headers socket live for up to 30 s past a 5 s timeout. Pass as `http.createServer`'s
 * `connectionsCheckingInterval` (fastify's `http` option).
 */
export const CONNECTIONS_CHECKING_INTERVAL_MS = 1_000;

/** What `useConnectionLimits` reports, for logs. */
export interface ConnectionLimitEvent {
  readonly kind: 'refused';
  readonly reason: 'PER_ADDRESS';
}

/**
 * Applies the socket timeouts and caps to a Node HTTP server (issue 12: 200 sockets sending one header line every
 * 5 s were all still open after 45 s): Node's `headersTimeout` and `requestTimeout` (checked every second by the
 * server) answer 408 and close; `maxConnections` closes connections past the total as they arrive, and the
 * per-address cap does the same for one remote address. Returns the per-address counts (for tests and metrics).
 */
export function useConnectionLimits(
  server: Server,
  limits: ConnectionLimitsConfig,
  onEvent?: (event: ConnectionLimitEvent) => void,
): { perAddress: ReturnType<typeof createKeyedLimit> } {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const perAddress = createKeyedLimit(limits.maxConnectionsPerAddress === 0 ? Infinity : limits.maxConnectionsPerAddress);
  server.on('connection', (socket: Socket) => {
    const release = perAddress.acquire(socket.remoteAddress ?? 'unknown');
    if (release === undefined) {
      onEvent?.({ kind: 'refused', reason: 'PER_ADDRESS' });
      socket.destroy();
      return;
    }
    socket.once('close', release);
  });
  return { perAddress };
}
