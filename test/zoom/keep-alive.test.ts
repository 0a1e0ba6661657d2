import { connect, createServer, type Server, type Socket } from 'node:net';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createZoomClient, type ZoomAuthOptions, type ZoomClientOptions, type ZoomRestClient } from '../../src/zoom/client.ts';

// Issue 3: "Keep-alive connections; no per-call TLS or DNS setup beyond what the runtime pools." The sandbox does not
// expose its server, so a TCP relay on loopback sits in front of it and counts the connections the client opens:
// one client connection is one relayed connection, so keep-alive (or its absence) passes through unchanged.

interface ConnectionCounter {
  /** `http://127.0.0.1:<port>`: the relay's origin, standing in for the sandbox's. */
  readonly url: string;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

async function startConnectionCounter(target: URL): Promise<ConnectionCounter> {
  let accepted = 0;
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    // One side failing ends the pair; the client sees a reset, as it would from a real peer.
    socket.on('error', () => undefined);
  };
  const server: Server = createServer((client) => {
    accepted += 1;
    const upstream = connect(Number(target.port), target.hostname);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}`,
    connections: () => accepted,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of open) socket.destroy();
      await closed;
    },
  };
}

let sandbox: Sandbox;
let counter: ConnectionCounter;
let clients: ZoomRestClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited' });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
  await counter.close();
  sandbox.reset();
});

/** A client whose API and token URLs both point at the relay, so every connection it opens is counted. */
async function relayedClient(kind: 'jwt' | 's2s', overrides: Partial<ZoomClientOptions> = {}): Promise<ZoomRestClient> {
  counter = await startConnectionCounter(new URL(sandbox.url));
  const auth: ZoomAuthOptions =
    kind === 'jwt'
      ? { type: 'jwt', apiKey: sandbox.credentials.apiKey, apiSecret: sandbox.credentials.apiSecret }
      : { type: 's2s', ...sandbox.credentials, oauthUrl: `${counter.url}/oauth/token` };
  const created = createZoomClient({ apiUrl: `${counter.url}/v2`, auth, ...overrides });
  clients.push(created);
  return created;
}

const CALLS = 20;

/**
 * Most connections `CALLS` sequential calls may use. Not 1: undici frees a connection for the next request a tick
 * after the caller has read the response, so a call made at once may find it still busy and open a second one;
 * from then on the pool alternates between the two (seen on every run). Without keep-alive it would be `CALLS`.
 */
const MAX_CONNECTIONS = 2;

async function callSequentially(client: ZoomRestClient): Promise<void> {
  for (let i = 0; i < CALLS; i++) {
    const me = await client.call('user', { path: { userId: 'me' } });
    expect(me.email).toMatch(/@/);
  }
}

describe('the Zoom client keeps connections alive', () => {
  it(`makes ${CALLS} sequential calls over at most ${MAX_CONNECTIONS} connections (legacy JWT: no token request)`, async () => {
    const client = await relayedClient('jwt');
    await callSequentially(client);
    expect(sandbox.stats.apiCalls()).toBe(CALLS);
    expect(counter.connections()).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });

  it('shares those connections with the token request when both are on one origin (S2S OAuth)', async () => {
    const client = await relayedClient('s2s');
    await callSequentially(client);
    expect(sandbox.stats.tokenRequests()).toBe(1);
    expect(sandbox.stats.apiCalls()).toBe(CALLS);
    expect(counter.connections()).toBeLessThanOrEqual(MAX_CONNECTIONS);
  });

  it('the relay does count one connection per call when the dispatcher does not keep them alive', async () => {
    // Control: shows the count above measures keep-alive, not a relay that merges connections.
    // undici: `pipelining: 0` turns keep-alive off.
    const dispatcher = new Agent({ pipelining: 0 });
    try {
      const client = await relayedClient('jwt', { dispatcher });
      await callSequentially(client);
      expect(sandbox.stats.apiCalls()).toBe(CALLS);
      expect(counter.connections()).toBe(CALLS);
    } finally {
      await dispatcher.close();
    }
  });
});
