import { ApolloServer } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { createGatewayContext, type GatewayContext, type GatewayContextDeps } from '../../src/graphql/context.ts';
import { formatError } from '../../src/graphql/errors.ts';
import { buildGatewaySchema } from '../../src/graphql/schema.ts';
import { startSandbox, type Sandbox, type SandboxOptions, type SandboxStats } from '../../src/sandbox/index.ts';
import { createZoomClient, type ZoomClientOptions, type ZoomRestClient } from '../../src/zoom/index.ts';

/** A manual clock shared by the sandbox, the Zoom client and the gateway: time moves only when a test says so. */
export interface TestClock {
  now(): number;
  advance(ms: number): void;
}

export function createTestClock(start: number = Date.UTC(2026, 0, 15, 9, 0, 0)): TestClock {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export interface TestGatewayOptions {
  /** Sandbox options; by default `small` data and no rate limits, on the shared clock. */
  sandbox?: SandboxOptions;
  /** Overrides of the Zoom client options (auth and URLs point at the sandbox). */
  client?: Partial<ZoomClientOptions>;
  /** Masks stack traces as in production. Default true. */
  isProduction?: boolean;
}

export interface OperationResult<TData> {
  data?: TData | null;
  errors?: readonly GraphQLFormattedError[];
}

/** An in-process gateway over the sandbox, for tests that count Zoom calls. */
export interface TestGateway {
  sandbox: Sandbox;
  stats: SandboxStats;
  zoom: ZoomRestClient;
  server: ApolloServer<GatewayContext>;
  clock: TestClock;
  /** The original errors `formatError` masked as INTERNAL_SERVER_ERROR, oldest first (for diagnosing tests). */
  maskedErrors: unknown[];
  /**
   * Runs one operation with a fresh context (fresh loaders), as the HTTP server does per request. `context`
   * overrides the context's dependencies (another Zoom client, a caller, ...); the shared clock is the default.
   */
  execute<TData = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    context?: Partial<GatewayContextDeps>,
  ): Promise<OperationResult<TData>>;
  /** Forgets sandbox counters, faults and data changes (the client keeps its token). */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the sandbox on a loopback ephemeral port, a Zoom client (S2S OAuth) against it and an ApolloServer with the
 * gateway schema and `formatError`. The client's retry waits advance the shared clock instead of sleeping.
 */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const clock = createTestClock();
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited', clock: clock.now, ...options.sandbox });
  const zoom = createZoomClient({
    auth: {
      type: 's2s',
      accountId: sandbox.credentials.accountId,
      clientId: sandbox.credentials.clientId,
      clientSecret: sandbox.credentials.clientSecret,
      oauthUrl: sandbox.oauthUrl,
    },
    apiUrl: sandbox.apiUrl,
    now: clock.now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      clock.advance(ms);
    },
    random: () => 0.5,
    ...options.client,
  });
  const isProduction = options.isProduction ?? true;
  const maskedErrors: unknown[] = [];
  const server = new ApolloServer<GatewayContext>({
    schema: buildGatewaySchema(),
    formatError: (formatted, error) => formatError(formatted, error, { isProduction, onMaskedError: (e) => maskedErrors.push(e) }),
    includeStacktraceInErrorResponses: !isProduction,
  });
  await server.start();

  return {
    sandbox,
    stats: sandbox.stats,
    zoom,
    server,
    clock,
    maskedErrors,
    async execute<TData>(
      query: string,
      variables?: Record<string, unknown>,
      context?: Partial<GatewayContextDeps>,
    ): Promise<OperationResult<TData>> {
      const response = await server.executeOperation<TData>(
        { query, variables },
        { contextValue: createGatewayContext({ zoom, now: clock.now, ...context }) },
      );
      if (response.body.kind !== 'single') throw new Error('Expected a single (non-incremental) GraphQL result.');
      const { data, errors } = response.body.singleResult;
      return { data, errors };
    },
    reset: () => sandbox.reset(),
    async close() {
      await server.stop();
      await zoom.close();
      await sandbox.close();
    },
  };
}
