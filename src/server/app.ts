import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { applyFieldAccess } from '../auth/apply-field-access.ts';
import { createGatewayAuthenticator } from '../auth/create-gateway-authenticator.ts';
import { GATEWAY_FIELD_RULES } from '../auth/gateway-field-rules.ts';
import { createHttpCallerAuth } from '../auth/http-caller-auth.ts';
import { createSubscriptionAuthenticator } from '../auth/subscription-caller-auth.ts';
import { SSE_PATH } from '../sse/create-sse-handler.ts';
import type { GatewayConfig } from '../config/index.ts';
import { useCompression } from '../compression/index.ts';
import { useCors } from '../cors/index.ts';
import { DEV_TOKEN_PATH, registerDevTokenRoute } from '../devtoken/index.ts';
import { CONNECTIONS_CHECKING_INTERVAL_MS, useConnectionLimits } from '../connections/use-connection-limits.ts';
import { accessLogServerOptions, useAccessLog } from '../access-log/index.ts';
import { cacheMetricOf, useZoomCache, wantsFreshRead } from '../cache/index.ts';
import { createCostTally } from '../cost/cost-tally.ts';
import { createCostTracker } from '../cost/cost-tracker.ts';
import { GATEWAY_COST_MAP } from '../cost/gateway-cost-map.ts';
import { createQueryCostCheck } from '../cost/query-cost-check.ts';
import { useQueryCost } from '../cost/use-query-cost.ts';
import { createHardening } from '../security/create-hardening.ts';
import { toHttpRequestErrorResponse } from '../security/http-request-errors.ts';
import { createGatewayContext, type GatewayContext, type GatewayContextDeps } from '../graphql/context.ts';
import { createCursorKey } from '../graphql/cursor.ts';
import { formatError } from '../graphql/errors.ts';
import { useRetryAfter } from '../graphql/retry-after.ts';
import { useSubscriptionTransportCheck } from '../graphql/subscription-transport.ts';
import { buildGatewaySchema } from '../graphql/schema.ts';
import { createLogger, redactFromLogs } from '../logger.ts';
import { createRateShaper } from '../shaper/index.ts';
import { createSharedState } from '../store/index.ts';
import { withSharedStateReadiness } from '../store/readiness.ts';
import { GRAPHIQL_EXAMPLES } from './examples.ts';
import { registerGraphiql, wantsGraphiql } from './graphiql.ts';
import { registerSchemaSdl } from './schema-sdl.ts';
import { createPlayableLinks, registerRecordingRoute } from '../recordings/index.ts';
import { createScopeCheck } from '../scopes/index.ts';
import { createRequestIds, createTelemetry } from '../telemetry/index.ts';
import { useHostCheck } from '../hosts/index.ts';
import { createGatewayReadiness } from '../readiness/index.ts';
import { registerHealthRoutes } from './health.ts';
import { createSubscriptionServer, websocketPluginOptions } from './subscriptions.ts';
import { registerGatewayWebhooks } from './webhooks.ts';
import { createZoomClientFromConfig } from './zoom-client.ts';
import { GRAPHQL_PATH, type Gateway, type GatewayDeps } from './gateway-types.ts';
import { drainFastify, logNotVisible, configuredSecrets, abortOnDisconnect, listen, closeAll, baseUrl } from './lifecycle.ts';

// The gateway's public types live in gateway-types.ts; importers of app.ts keep finding them here.
export { GRAPHQL_PATH, GatewayListenError, type Gateway, type GatewayDeps } from './gateway-types.ts';

/**
 * Builds and starts the gateway: fastify with `/graphql` (Apollo Server 5 through `@as-integrations/fastify`),
 * GraphiQL for browsers at `GET /graphql` when `config.server.graphiql`, `/healthz` and `/readyz`; then listens
 * on `config.server.host`:`config.server.port`.
 * @throws GatewayListenError when the address cannot be bound (everything started is closed first).
 */
export async function createGateway(config: GatewayConfig, deps: GatewayDeps = {}): Promise<Gateway> {
  const logger = deps.logger ?? createLogger({ level: config.log.level });
  // Redis when REDIS_URL is set (src/store): waits briefly for a first connection but never fails on it.
  const sharedState = deps.sharedState ?? await createSharedState(config.store, {
    logger,
    maxQueuedPerSubscriber: config.subscriptions.maxQueuedEvents,
  });
  const ownedSharedState = deps.sharedState === undefined ? [sharedState] : [];
  const store = deps.store ?? sharedState.store;
  const costTracker = deps.costTracker ?? createCostTracker();
  // Metrics on METRICS_PORT, traces per OTEL_* (src/telemetry): every part below reports to its observers.
  const telemetry = await createTelemetry(config.telemetry, {
    costTracker,
    ...(deps.tracerProvider === undefined ? {} : { tracerProvider: deps.tracerProvider }),
  });
  const shaper = deps.shaper ?? createRateShaper({
    ...config.shaper,
    store,
    logger: logger.child({ component: 'shaper' }),
    onShaperEvent: telemetry.onShaperEvent,
  });
  const zoom = deps.zoom ?? createZoomClientFromConfig(config.zoom, {
    logger,
    onCall: (event) => {
      costTracker.onCall(event);
      telemetry.onZoomCall(event);
    },
    onToken: telemetry.onToken,
    ...(telemetry.tracer === undefined ? {} : { tracer: telemetry.tracer }),
    rateLimiter: shaper,
    tokenStore: store,
  });
  // Zoom's answers shared by every request and caller (src/cache): operations read through it, writes invalidate it.
  const caching = useZoomCache(config.cache, {
    zoom,
    store,
    // Answers go to the store only when it is Redis; in memory they stay in the cache's own LRU, bounded by bytes.
    isShared: sharedState.kind === 'redis',
    costTracker,
    onCacheEvent(event) {
      const metric = cacheMetricOf(event);
      if (metric !== undefined) telemetry.onCacheEvent(metric);
      deps.onCacheEvent?.(event);
    },
  });
  const grantedScopes = zoom.grantedScopes?.bind(zoom);
  const scopeCheck = grantedScopes === undefined ? undefined : createScopeCheck({ grantedScopes, logger: logger.child({ component: 'scopes' }) });
  const recordingLinks = createPlayableLinks({ ttlMinutes: config.recordingLinks.ttlMinutes, secret: config.recordingLinks.secret });
  // Structured redaction covers known log fields; these values are scrubbed from every line wherever they appear.
  redactFromLogs(logger, ...configuredSecrets(config));
  // Every field of the gateway's own schema has an access rule (src/auth/gateway-field-rules.ts); test schemas
  // passed in `deps.schema` are served as they are, behind the same caller authentication.
  const schema = deps.schema ?? telemetry.traceResolvers(applyFieldAccess(buildGatewaySchema(), GATEWAY_FIELD_RULES), GATEWAY_COST_MAP);
  const { authenticator, developmentApiKey, devTokens } = createGatewayAuthenticator(config);
  redactFromLogs(logger, developmentApiKey);
  const hardening = createHardening<GatewayContext>({
    isProduction: config.isProduction,
    limits: {
      maxDepth: config.limits.maxDepth,
      maxAliases: config.limits.maxAliases,
      maxTokens: config.limits.maxTokens,
      maxDirectives: config.limits.maxDirectives,
      maxBodyBytes: config.limits.maxBodyBytes,
    },
  });
  // One cost policy for HTTP (useQueryCost) and subscriptions (each event's selection). The cost map describes the
  // gateway's own schema; test schemas (`deps.schema`) make no Zoom calls.
  const costPolicy = deps.schema === undefined ? { costMap: GATEWAY_COST_MAP, budget: config.limits.costBudget } : undefined;
  // An email-bound member's Zoom user id is looked up once per operation for ownership checks (src/auth/apply-field-access.ts).
  const costBaseline = ({ caller }: Pick<GatewayContextDeps, 'caller'>) =>
    caller?.role === 'member' && caller.zoomUserId === undefined ? { light: 1 } : {};
  const pubsub = deps.pubsub ?? sharedState.pubsub;
  const invalidate = deps.invalidate ?? caching.invalidator('write');
  // Cursors are signed (src/graphql/cursor.ts): with CURSOR_SECRET every instance sharing it accepts them.
  const cursorKey = createCursorKey(config.cursors.secret ?? undefined);
  // x-request-id in and out, both ids in every log line of a request, extensions.requestId in its errors.
  // ACCESS_LOG: fastify's two lines per request, or one line of our own (src/access-log), or none.
  const requestIds = createRequestIds({
    ...accessLogServerOptions(config.accessLog.mode),
    ...(telemetry.requestSpans === undefined ? {} : { spans: telemetry.requestSpans }),
  });

  const app = Fastify({
    ...requestIds.serverOptions,
    loggerInstance: logger,
    // Above typical load balancer idle timeouts (60 s), so the balancer, not us, closes idle connections.
    keepAliveTimeout: config.server.keepAliveTimeoutMs,
    // During shutdown: new requests on kept-alive connections get 503 and idle connections close at once.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    // Ids come from createRequestIds, which checks the client's x-request-id before trusting it.
    requestIdHeader: false,
    // Bigger bodies get 413 PAYLOAD_TOO_LARGE before they are read (see the error handler below).
    bodyLimit: hardening.bodyLimitBytes,
    // The header and request timeouts are checked this often (Node's default, 30 s, would outlast them).
    http: { connectionsCheckingInterval: CONNECTIONS_CHECKING_INTERVAL_MS },
  }) as unknown as FastifyInstance;
  requestIds.register(app);
  useAccessLog(app, config.accessLog.mode);
  // First of all hooks: only this gateway's Host names are answered (DNS rebinding, src/hosts), WebSocket upgrades too.
  useHostCheck(app, config.hosts, config.server.host, (host) => logger.warn({ host: host?.slice(0, 100) }, 'request refused: Host not allowed'));
  // Body-parser refusals (invalid JSON, too large, wrong media type) answer GraphQL-shaped errors with stable codes
  // and never echo the body; anything else keeps fastify's own handling.
  app.setErrorHandler((error, _request, reply) => {
    const refusal = toHttpRequestErrorResponse(error);
    if (refusal !== undefined) return reply.code(refusal.statusCode).send(refusal.body);
    return reply.send(error);
  });
  // Header and request timeouts, total and per-address connection caps (issue 12: slow headers held sockets).
  useConnectionLimits(app.server, config.connections, (event) => logger.warn(event, 'connection refused'));
  // While draining, answers to in-flight requests close their connection, so a client's idle keep-alive socket does
  // not hold the shutdown open until SHUTDOWN_TIMEOUT_MS.
  const draining = { value: false };
  app.addHook('onSend', async (_request, reply) => {
    if (draining.value) void reply.header('connection', 'close');
  });

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    // Limits, batching off, CSRF prevention, no stack traces, no schema hints in production (src/security).
    ...hardening.apolloOptions,
    // config.server.introspection: off in production unless INTROSPECTION=true is chosen.
    introspection: config.server.introspection,
    validationRules: hardening.validationRules,
    formatError: (formatted, error) => {
      logNotVisible(logger, formatted, error);
      return formatError(formatted, error, {
        isProduction: config.isProduction,
        onMaskedError: (masked) => logger.error({ err: masked }, 'unexpected error in a GraphQL operation'),
      });
    },
    // We serve GraphiQL ourselves, offline; Apollo's landing page would load Apollo Sandbox from a CDN.
    plugins: [
      drainFastify(app, config.server.shutdownTimeoutMs, draining),
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints here: the shared cache of Zoom's answers (src/cache) is the gateway's caching. Apollo's
      // default cache-control plugin would still wrap every field's resolver to collect hints: a fifth of the CPU of
      // a warm 2,100-field answer.
      ApolloServerPluginCacheControlDisabled(),
      ...hardening.plugins,
      // Retry-After on answers refused for rate (RATE_LIMITED), from their extensions.retryAt.
      useRetryAfter(),
      ...(costPolicy === undefined
        ? []
        : [useQueryCost<GatewayContext>({ ...costPolicy, tally: (context) => context.costTally, baseline: costBaseline })]),
      // A subscription sent as a plain HTTP request: 400 naming the transport to use (src/graphql/subscription-transport.ts).
      // After useQueryCost, so a document graphql-ws would refuse (a bad `first`, over budget) gets the same refusal here.
      useSubscriptionTransportCheck(),
      // After useQueryCost: reads the estimate it wrote.
      ...telemetry.apolloPlugins<GatewayContext>(),
    ],
    // Signals are handled once, for the whole process, by src/server/shutdown.ts.
    stopOnTerminationSignals: false,
    logger: logger.child({ component: 'apollo' }),
  });

  // The shared state closes its own pub/sub; it goes after the Zoom client, whose last calls may still use the store.
  const closeAfter = [{ close: async () => shaper.close() }, ...ownedSharedState, telemetry, ...(deps.closeAfter ?? [])];
  let apolloStarted = false;
  try {
    await apollo.start();
    apolloStarted = true;
    // Browser apps on other origins (CORS_ORIGINS), and the same allowlist for WebSocket upgrades (src/cors).
    await useCors(app, config.cors, logger.child({ component: 'cors' }));
    // br/gzip for answers above a kilobyte (src/compression).
    await useCompression(app);
    const graphiql = config.server.graphiql
      ? registerGraphiql(app, {
          endpoint: GRAPHQL_PATH,
          examples: deps.examples ?? GRAPHIQL_EXAMPLES,
          // Only the sandbox's development key goes into this page: the page needs no credentials, so a key in it
          // is a key for whoever can load it (only through a loopback Host name: src/hosts). Against real Zoom the
          // key is admin on a real account, and only the operator's terminal gets it (src/server/start.ts). With
          // callers configured there is no development key: the page carries none, and callers bring their own.
          ...(developmentApiKey === undefined || config.mode !== 'sandbox' ? {} : { defaultHeaders: { 'x-api-key': developmentApiKey } }),
        })
      : undefined;
    // Sandbox mode with no callers configured: POST /dev/token issues development JWTs to loopback callers (src/devtoken).
    if (devTokens !== undefined) registerDevTokenRoute(app, devTokens, logger.child({ component: 'dev-token' }));
    const callerAuth = createHttpCallerAuth(authenticator, {
      logger,
      // The playground page is public (it holds no data); WebSocket upgrades authenticate at connection_init.
      // `request.ws` is set by @fastify/websocket only for a real upgrade: an `Upgrade` header alone on a plain
      // HTTP request must not skip authentication.
      skip: (request) => (graphiql !== undefined && wantsGraphiql(request)) || request.ws,
    });
    // The schema as one SDL file for frontend codegen, where introspection is allowed (src/server/schema-sdl.ts).
    if (config.server.introspection) registerSchemaSdl(app, schema, callerAuth.onRequest);
    const graphqlHandler = fastifyApolloHandler<GatewayContext>(apollo, {
      context: async (request, reply) => {
        const caller = callerAuth.callerOf(request);
        return createGatewayContext({
          // Every Zoom call of the operation is queued as this caller's (fair share, src/shaper), through the shared
          // cache unless the request asks for a fresh read (`Cache-Control: no-cache`), charged to the caller.
          zoom: shaper.callers.bind(caching.clientFor(wantsFreshRead(request.headers)), caller),
          invalidate,
          cursorKey,
          signal: abortOnDisconnect(request, reply),
          caller,
          costTally: costTracker.current(),
          log: request.log as Logger,
          recordingLinks,
        });
      },
    });

    // graphql-ws subscriptions share the GET route: @fastify/websocket hands upgrade requests to `wsHandler`.
    await app.register(fastifyWebsocket, websocketPluginOptions(config.subscriptions.maxMessageBytes));
    const subscriptions = createSubscriptionServer({
      ...deps.subscriptions,
      // Subscriptions need credentials too: connectionParams { authorization } or { apiKey } (src/auth).
      authenticateConnection: deps.subscriptions?.authenticateConnection ?? createSubscriptionAuthenticator(authenticator, logger),
      validationRules: [...hardening.validationRules, ...(deps.subscriptions?.validationRules ?? [])],
      // What Apollo's options and plugins do for HTTP: the token limit, no suggestions in production, the cost check.
      parseOptions: hardening.apolloOptions.parseOptions,
      isProduction: config.isProduction,
      ...(costPolicy === undefined ? {} : { costCheck: createQueryCostCheck(costPolicy), costBaseline }),
      schema,
      createContext: (connection) =>
        createGatewayContext({ ...connection, zoom: shaper.callers.bind(caching.clientFor(false), connection.caller), invalidate, pubsub, cursorKey, recordingLinks }),
      formatError: (error) => {
        logNotVisible(logger, error, error);
        return formatError(error.toJSON(), error, {
          isProduction: config.isProduction,
          onMaskedError: (masked) => logger.error({ err: masked }, 'unexpected error in a GraphQL subscription'),
        });
      },
      // Sockets count against SUBSCRIPTION_MAX_CONNECTIONS only once authenticated (issue 12 item 1).
      limits: { maxConnections: config.subscriptions.maxConnections, ...config.subscriptionLimits },
      // SUBSCRIPTION_MAX_PER_CALLER counted in the shared store: over every instance with Redis.
      store,
      onSubscriptionEvent: telemetry.onSubscriptionEvent,
      // Each event's execution is an operation of its own: a span linked to its webhook, the operation metrics.
      subscribe: telemetry.subscribe,
      connectionInitWaitTimeoutMs: config.subscriptionLimits.initTimeoutMs,
      logger: logger.child({ component: 'subscriptions' }),
    });
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: GRAPHQL_PATH,
        onRequest: callerAuth.onRequest,
        handler(request, reply) {
          if (graphiql !== undefined && wantsGraphiql(request)) return graphiql.sendPage(request, reply);
          // Every Zoom call made while this request runs (resolvers, loaders) is counted in its own tally.
          return costTracker.run(createCostTally(), () => graphqlHandler.call(this, request as never, reply as never));
        },
        ...(method === 'GET' ? { wsHandler: subscriptions.wsHandler, preValidation: subscriptions.preValidation } : {}),
      });
    }

    // The same subscriptions over Server-Sent Events (graphql-sse), authenticated from the HTTP headers like /graphql.
    app.route({
      method: ['GET', 'POST'],
      url: SSE_PATH,
      onRequest: callerAuth.onRequest,
      handler: (request, reply) => subscriptions.sse.handle(request, reply, callerAuth.callerOf(request)),
    });
    // An open stream is an in-flight request: end them all, or closing would wait for every client to leave.
    app.addHook('preClose', (done) => {
      subscriptions.sse.endAll();
      subscriptions.close();
      done();
    });

    if (config.webhooks.secretTokens.length > 0) {
      await registerGatewayWebhooks(app, {
        secrets: config.webhooks.secretTokens,
        pubsub,
        invalidate: deps.invalidate ?? caching.invalidator('webhook'),
        zoom,
        logger,
        // Deliveries accepted by any instance sharing the state are replays for all of them.
        receiver: { replayStore: sharedState.replayStore, onDelivery: telemetry.onWebhookDelivery, ...deps.webhooks },
      });
    }
    if (graphiql !== undefined) {
      app.get('/', (_request, reply) => reply.redirect(GRAPHQL_PATH));
    }

    // The Zoom token and a breaker over Zoom's recent answers, at most once per READINESS_INTERVAL_MS (src/readiness),
    // with the shared state's health folded in (src/store/readiness.ts).
    const readiness = withSharedStateReadiness(createGatewayReadiness({
      config: config.readiness,
      zoom,
      calls: costTracker,
      ...(scopeCheck === undefined ? {} : { scopeCheck }),
      logger,
      ...(deps.readiness === undefined ? {} : { overrides: deps.readiness }),
    }), sharedState);
    registerHealthRoutes(app, readiness);
    const download = zoom.download?.bind(zoom);
    if (download !== undefined) registerRecordingRoute(app, { links: recordingLinks, zoom: { download } });

    await listen(app, config.server.host, config.server.port);
    await telemetry.start({
      subscriptionConnections: () => subscriptions.connectionCount,
      httpConnections: () => new Promise((resolve) => app.server.getConnections((error, count) => resolve(error ? 0 : count))),
      shaperBuckets: () => shaper.snapshot(),
    });
  } catch (error) {
    // Once started, stopping Apollo closes fastify through the drain hook.
    await (apolloStarted ? apollo.stop() : app.close()).catch(() => undefined);
    await closeAll([zoom, ...closeAfter], logger);
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    app,
    url: baseUrl(app.server.address() as AddressInfo),
    ...(telemetry.metricsUrl === undefined ? {} : { metricsUrl: telemetry.metricsUrl }),
    pubsub,
    sharedState,
    ...(developmentApiKey === undefined ? {} : { developmentApiKey }),
    ...(devTokens === undefined ? {} : { devTokenUrl: `${baseUrl(app.server.address() as AddressInfo)}${DEV_TOKEN_PATH}` }),
    recordingLinks,
    async checkScopes() {
      return scopeCheck === undefined ? { status: 'unknown', reason: 'NOT_REPORTED' } : scopeCheck.run();
    },
    close() {
      closing ??= (async () => {
        logger.info('shutting down: draining in-flight requests');
        try {
          // Apollo's drain hook (below) closes fastify, waiting for in-flight requests, then Apollo stops.
          await apollo.stop();
        } finally {
          await closeAll([zoom, ...closeAfter], logger);
        }
        logger.info('shut down');
      })();
      return closing;
    },
  };
}
