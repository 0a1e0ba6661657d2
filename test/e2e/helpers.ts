import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseConfig } from '../../src/config/index.ts';
import type { GatewayEvent } from '../../src/events/types.ts';
import { gatewayEnvFor, type Sandbox } from '../../src/sandbox/index.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { createMemoryPubSub, type MemoryPubSub } from '../../src/state/memory-pubsub.ts';

/** An admin API key for the gateway under test (its SHA-256 is configured as CALLER_API_KEYS). */
export const E2E_API_KEY = 'e2e-admin-key-0123456789abcdef';
const E2E_API_KEY_SHA256 = createHash('sha256').update(E2E_API_KEY).digest('hex');

/** The gateway as `npm start` runs it in sandbox mode, on ephemeral loopback ports, with a pub/sub the test can watch. */
export interface E2EGateway {
  started: StartedGateway;
  pubsub: MemoryPubSub<GatewayEvent>;
  graphqlUrl: string;
  close(): Promise<void>;
}

/** What every gateway under test runs with: test mode, no logs, an ephemeral port, the e2e admin key. */
const E2E_BASE_ENV = Object.freeze({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PORT: '0', CALLER_API_KEYS: `e2e:admin:${E2E_API_KEY_SHA256}` });

export async function startE2EGateway(env: Record<string, string> = {}): Promise<E2EGateway> {
  const config = parseConfig({ ...E2E_BASE_ENV, SANDBOX_RATE_LIMITS: 'unlimited', ...env });
  const pubsub = createMemoryPubSub<GatewayEvent>({ maxQueuedPerSubscriber: config.subscriptions.maxQueuedEvents });
  const started = await startGateway(config, { pubsub });
  return {
    started,
    pubsub,
    graphqlUrl: `${started.gateway.url}/graphql`,
    async close() {
      await started.gateway.close();
      await pubsub.close();
    },
  };
}

/** One gateway instance of several, pointed at a sandbox the test started (as at Zoom), on the state `REDIS_URL` names. */
export interface E2EInstance {
  gateway: Gateway;
  /** The gateway's own pub/sub (the shared state's: Redis-backed when `REDIS_URL` is set). */
  pubsub: MemoryPubSub<GatewayEvent>;
  graphqlUrl: string;
  webhookUrl: string;
  close(): Promise<void>;
}

/**
 * Starts a gateway as `npm start` does against Zoom, with `sandbox` as its Zoom (credentials, API and token URLs,
 * webhook secret) and the admin API key; `env` adds e.g. `REDIS_URL` and `REDIS_KEY_PREFIX`. `cold`: without the
 * scope check at start, so the instance holds no Zoom token until its first query.
 */
export async function startE2EInstance(sandbox: Sandbox, env: Record<string, string> = {}, options: { cold?: boolean } = {}): Promise<E2EInstance> {
  const config = parseConfig({ ...E2E_BASE_ENV, ZOOM_PLAN: 'unlimited', ...gatewayEnvFor(sandbox), ...env });
  const gateway = options.cold === true ? await createGateway(config) : (await startGateway(config)).gateway;
  return {
    gateway,
    pubsub: gateway.pubsub as MemoryPubSub<GatewayEvent>,
    graphqlUrl: `${gateway.url}/graphql`,
    webhookUrl: `${gateway.url}/webhooks/zoom`,
    close: () => gateway.close(),
  };
}

/** POSTs one GraphQL operation as the e2e admin caller. */
export async function postGraphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: { data?: T | null; errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, any> }> } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': E2E_API_KEY },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A graphql-ws client over `ws`, authenticated as the e2e admin caller (upgrade header and connection params). */
export function wsClient(graphqlUrl: string): Client {
  class AuthenticatedWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'x-api-key': E2E_API_KEY } });
    }
  }
  return createClient({
    url: graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: AuthenticatedWebSocket,
    connectionParams: { 'x-api-key': E2E_API_KEY },
    retryAttempts: 0,
    lazy: false,
  });
}

/** A running subscription whose results are collected in `received`. */
export interface Collector<T> {
  received: Array<{ data?: T | null; errors?: unknown }>;
  /** Ends the subscription. */
  stop(): void;
  /** Resolves when the subscription ended (by the server or by `stop`). */
  done: Promise<void>;
}

export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Collector<T> {
  const received: Collector<T>['received'] = [];
  let stop = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    stop = client.subscribe<T>(
      { query, ...(variables === undefined ? {} : { variables }) },
      {
        next: (result) => void received.push(result as never),
        error: (error) => {
          received.push({ errors: error });
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return { received, stop: () => stop(), done };
}

/**
 * Waits until `condition` holds, checking every few milliseconds, at most `attempts` times (bounded). Throws with
 * `what` when it never does: the test fails on a missing outcome, never on how long it took.
 */
export async function waitUntil(condition: () => boolean, what: string, attempts = 500): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting until ${what}`);
}
