/*
 * A process that runs one system under test (the gateway or the naive baseline), so that each is measured in a
 * process of its own: its memory figures are its own, its event loop is not shared with the sandbox or the load
 * generator, and its cold start includes loading its modules. bench/run.ts forks it and drives it over IPC
 * (bench/protocol.ts).
 */
import { PRODUCTION_ENV } from './production-env.ts';
import type { ChildMessage, MemorySample, ParentMessage, StartPhases, SystemKind, ZoomTarget } from './protocol.ts';

const bootedAtMs = performance.now();

interface Running {
  graphqlUrl: string;
  metricsUrl?: string;
  close(): Promise<void>;
}

let running: Running | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function start(system: SystemKind, zoom: ZoomTarget, apiKey: string, env: Record<string, string> = {}): Promise<{ running: Running; phases: StartPhases }> {
  if (system === 'naive') {
    const { startNaiveBaseline } = await import('./baselines/naive.ts');
    const importedAtMs = performance.now();
    const baseline = await startNaiveBaseline({ apiUrl: zoom.apiUrl, accessToken: zoom.accessToken });
    return {
      running: { graphqlUrl: baseline.url, close: () => baseline.close() },
      phases: { bootedAtMs, importedAtMs, listeningAtMs: performance.now() },
    };
  }
  // The OpenTelemetry SDK reads OTEL_* from process.env itself, not from the gateway's config.
  Object.assign(process.env, env);
  const [{ parseConfig }, { startGateway }, { GRAPHQL_PATH }, { createLogger }, { hashApiKey }] = await Promise.all([
    import('../src/config/index.ts'),
    import('../src/server/start.ts'),
    import('../src/server/app.ts'),
    import('../src/logger.ts'),
    import('../src/auth/api-key-matcher.ts'),
  ]);
  const importedAtMs = performance.now();
  // Configured as an operator would deploy it: production, real Zoom credentials (the sandbox's), caller API keys.
  const config = parseConfig({
    ...PRODUCTION_ENV,
    ZOOM_ACCOUNT_ID: zoom.accountId,
    ZOOM_CLIENT_ID: zoom.clientId,
    ZOOM_CLIENT_SECRET: zoom.clientSecret,
    ZOOM_API_URL: zoom.apiUrl,
    ZOOM_OAUTH_URL: zoom.oauthUrl,
    CALLER_API_KEYS: `bench:admin:${hashApiKey(apiKey)}`,
    // The sandbox here enforces no rate limits; the shaper's own figures are bench/shaper.ts's.
    ZOOM_PLAN: 'unlimited',
    // Each query runs many times against the naive baseline: measured uncached, as the first load of each. The
    // cache's own figures are bench/cache.ts's.
    CACHE_ENABLED: 'false',
    // A bench that measures one of the settings above (the cache's, the pool's) says so.
    ...env,
  });
  const started = await startGateway(config, { logger: createLogger({ level: 'silent' }) });
  return {
    running: {
      graphqlUrl: `${started.gateway.url}${GRAPHQL_PATH}`,
      ...(started.gateway.metricsUrl === undefined ? {} : { metricsUrl: started.gateway.metricsUrl }),
      close: () => started.gateway.close(),
    },
    phases: { bootedAtMs, importedAtMs, listeningAtMs: performance.now() },
  };
}

function memory(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const usage = process.memoryUsage();
  // resourceUsage().maxRSS is in kilobytes.
  return {
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    maxRss: process.resourceUsage().maxRSS * 1024,
    afterGc: gc !== undefined,
  };
}

async function stop(code: number): Promise<never> {
  try {
    await running?.close();
  } finally {
    process.exit(code);
  }
}

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'start':
      start(message.system, message.zoom, message.apiKey, message.env).then(
        (result) => {
          running = result.running;
          const { graphqlUrl, metricsUrl } = result.running;
          send({ type: 'listening', graphqlUrl, phases: result.phases, ...(metricsUrl === undefined ? {} : { metricsUrl }) });
        },
        (error: unknown) => {
          send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
          void stop(1);
        },
      );
      break;
    case 'memory':
      send({ type: 'memory', memory: memory() });
      break;
    case 'cpu': {
      const usage = process.cpuUsage();
      send({ type: 'cpu', micros: usage.user + usage.system });
      break;
    }
    case 'stop':
      void stop(0);
      break;
  }
});
// The parent went away (crashed or was interrupted): do not linger.
process.on('disconnect', () => void stop(0));

send({ type: 'hello', bootedAtMs });
