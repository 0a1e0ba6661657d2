import { isIP } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { HostsConfig } from './settings.ts';

/** Paths answered whatever the Host: probes (a kubelet sends the pod's address) that carry no data and no key. */
const UNCHECKED_PATHS = new Set(['/healthz', '/readyz']);

/**
 * Whether a `Host` header names this gateway: a loopback name (`localhost` and its subdomains, 127.0.0.0/8, `[::1]`),
 * the address it listens on when that is a specific one, or a configured name. The port is not compared.
 */
export function createHostPolicy(config: HostsConfig, listenHost: string): (host: string | undefined) => boolean {
  const allowed = new Set(config.allowed);
  const listen = listenHost.toLowerCase();
  if (isIP(listen) !== 0 && listen !== '0.0.0.0' && listen !== '::') allowed.add(isIP(listen) === 6 ? `[${listen}]` : listen);
  return (host) => {
    if (host === undefined) return false;
    const name = hostNameOf(host);
    if (name === undefined) return false;
    if (name === 'localhost' || name.endsWith('.localhost') || name === '[::1]') return true;
    if (isIP(name) === 4 && name.startsWith('127.')) return true;
    return allowed.has(name);
  };
}

/** `host[:port]` or `[v6][:port]`, lower case without the port and a trailing dot; `undefined` when malformed. */
function hostNameOf(header: string): string | undefined {
  const value = header.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(value);
  return match?.[1]?.replace(/\.$/, '');
}

/** The refusal's body, GraphQL-over-HTTP shaped like the gateway's other HTTP refusals. */
export const HOST_NOT_ALLOWED_BODY = Object.freeze({
  errors: [
    {
      message: 'This gateway does not answer to this host name. Use localhost or 127.0.0.1, or add the name to ALLOWED_HOSTS.',
      extensions: { code: 'HOST_NOT_ALLOWED' },
    },
  ],
});

/**
 * Refuses requests whose `Host` is not one of this gateway's (issue 12 item 9): a page on another site can make a
 * browser reach a gateway on loopback by pointing its own name at 127.0.0.1 (DNS rebinding), and would then read the
 * playground and call the API as its own origin; but the browser still sends the attacker's name as `Host`. The
 * check runs first on every request, WebSocket upgrades included, and answers 421 `HOST_NOT_ALLOWED` before any
 * other work. Off when `config.enabled` is false (production without `ALLOWED_HOSTS`).
 */
export function useHostCheck(
  app: FastifyInstance,
  config: HostsConfig,
  listenHost: string,
  onRefused?: (host: string | undefined) => void,
): void {
  if (!config.enabled) return;
  const allows = createHostPolicy(config, listenHost);
  app.addHook('onRequest', async (request, reply) => {
    if (allows(request.headers.host) || UNCHECKED_PATHS.has(request.url.split('?')[0]!)) return;
    onRefused?.(request.headers.host);
    // A refused WebSocket upgrade's socket is no HTTP connection Node would close after the answer: close it here.
    if (request.headers.upgrade !== undefined) reply.raw.once('finish', () => request.raw.socket.destroy());
    await reply.code(421).header('connection', 'close').send(HOST_NOT_ALLOWED_BODY);
  });
}
