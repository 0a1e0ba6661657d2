import { Writable } from 'node:stream';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { pino, type Logger } from 'pino';
import { hashApiKey } from '../../src/auth/api-key-matcher.ts';
import { parseConfig, type GatewayConfig } from '../../src/config/index.ts';

/** The admin API key every `testConfig()` gateway accepts; `postGraphql` sends it unless told otherwise. */
export const TEST_API_KEY = 'test-server-admin-key';
import type { GatewayZoomClient } from '../../src/server/zoom-client.ts';

/** A config for a gateway on an ephemeral loopback port, talking to "Zoom" at an address nothing uses. */
export function testConfig(env: Record<string, string> = {}): GatewayConfig {
  return parseConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    PORT: '0',
    ZOOM_ACCOUNT_ID: 'acct',
    ZOOM_CLIENT_ID: 'client',
    ZOOM_CLIENT_SECRET: 'test-client-secret',
    ZOOM_API_URL: 'http://127.0.0.1:9/v2',
    ZOOM_OAUTH_URL: 'http://127.0.0.1:9/oauth/token',
    CALLER_API_KEYS: `tests:admin:${hashApiKey(TEST_API_KEY)}`,
    ...env,
  });
}

/** A Zoom client double: counts token checks and closes; `checkToken` does what the test says. */
export function fakeZoom(checkToken: () => Promise<void> = async () => undefined) {
  const counts = { checkToken: 0, close: 0 };
  const client: GatewayZoomClient = {
    call: async () => {
      throw new Error('fake Zoom: no calls expected');
    },
    paginate: () => {
      throw new Error('fake Zoom: no calls expected');
    },
    checkToken: async () => {
      counts.checkToken += 1;
      await checkToken();
    },
    close: async () => {
      counts.close += 1;
    },
  };
  return { client, counts };
}

/** A deferred promise, for holding a resolver open. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A tiny schema with a resolver the test holds open: `slow` waits for `release`, after signalling `entered`. */
export function slowSchema(): { schema: GraphQLSchema; entered: Promise<void>; release: () => void } {
  const entered = deferred();
  const gate = deferred<string>();
  const schema = makeExecutableSchema({
    typeDefs: 'type Query { hello: String! slow: String! boom: String }',
    resolvers: {
      Query: {
        hello: () => 'world',
        slow: async () => {
          entered.resolve();
          return gate.promise;
        },
        boom: () => {
          throw new Error('secret internals');
        },
      },
    },
  });
  return { schema, entered: entered.promise, release: () => gate.resolve('done') };
}

/** A pino logger whose JSON lines are kept in `lines`. */
export function memoryLogger(level = 'info'): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      callback();
    },
  });
  return { logger: pino({ level }, stream), lines };
}

/** POSTs a GraphQL operation and returns status and parsed body. */
export async function postGraphql(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(headers.authorization === undefined ? { 'x-api-key': TEST_API_KEY } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
}
