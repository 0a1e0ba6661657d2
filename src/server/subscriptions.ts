import type { WebSocket, WebsocketPluginOptions } from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLFormattedError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { CloseCode, handleProtocols, makeServer } from 'graphql-ws';
import type { Logger } from 'pino';
import {
  createSubscriptionLimits,
  TOO_MANY_CONNECTIONS_REASON,
  type ConnectionLimits,
  type SubscriptionLimitsOptions,
} from '../connections/subscription-limits.ts';
import { CREDENTIAL_EXPIRED, onCredentialExpiry } from '../auth/credential-expiry.ts';
import { currentLogBindings, runWithLogBindings } from '../logger.ts';
import type { CostCounts } from '../cost/cost-tally.ts';
import type { QueryCostCheck } from '../cost/query-cost-check.ts';
import type { GatewayContext, GatewayContextDeps } from '../graphql/context.ts';
import { applyErrorHygiene } from '../security/use-error-hygiene.ts';
import { createSseHandler, type SseHandler } from '../sse/create-sse-handler.ts';
import type { SharedStore } from '../state/store.ts';
import { PubSubError } from '../state/pubsub.ts';
import type { SubscribeFunction } from '../telemetry/index.ts';
import { createSubscriptionOperation } from './subscription-operation.ts';

/** Default most bytes queued on one socket for a client that is not reading before it is dropped: 1 MiB. */
export const DEFAULT_MAX_BUFFERED_BYTES = 1024 * 1024;
/** Default interval of WebSocket pings, in milliseconds; a client that misses a pong for as long is dropped. */
export const DEFAULT_KEEP_ALIVE_MS = 12_000;

/**
 * WebSocket close codes the gateway uses beyond graphql-ws's own (RFC 6455 section 7.4.1):
 * `TRY_AGAIN_LATER` (1013) when a connection limit is reached (the close reason says which) or an unauthenticated
 * socket is evicted by a newer one, `POLICY_VIOLATION` (1008) for a client that fell too far behind. A client should
 * reconnect (with back-off) after either.
 */
export const SUBSCRIPTION_CLOSE_CODES = Object.freeze({ TRY_AGAIN_LATER: 1013, POLICY_VIOLATION: 1008 });

/** One graphql-ws connection, as `authenticateConnection` sees it at `connection_init`. */
export interface SubscriptionConnection {
  /** The HTTP upgrade request (its headers, e.g. a cookie or an Authorization header set by a non-browser client). */
  readonly request: FastifyRequest;
  /** The `connection_init` payload: browsers cannot set WebSocket headers, so credentials usually travel here. */
  readonly connectionParams: Readonly<Record<string, unknown>>;
}

/**
 * Authenticates a graphql-ws connection once, at `connection_init`. Resolves with the context dependencies every
 * operation on the connection gets (e.g. `{ caller }`); throwing refuses the connection (closed 4403 Forbidden).
 * The thrown error's `code` (or name) is logged, never its message.
 */
export type ConnectionAuthenticator = (
  connection: SubscriptionConnection,
) => Partial<GatewayContextDeps> | Promise<Partial<GatewayContextDeps>>;

export interface SubscriptionServerOptions {
  schema: GraphQLSchema;
  /** Builds the context of one subscription operation: called per `subscribe` message, so loaders are fresh. */
  createContext: (deps: Partial<GatewayContextDeps> & { signal: AbortSignal }) => GatewayContext;
  /** See `ConnectionAuthenticator`. Default: every connection is accepted with no extra context. */
  authenticateConnection?: ConnectionAuthenticator;
  /** Extra validation rules for subscription documents (depth and alias limits), after GraphQL's own. */
  validationRules?: readonly ValidationRule[];
  /**
   * graphql-js parse options, as the HTTP path's (`hardening.apolloOptions.parseOptions`): `maxTokens` stops the
   * lexer at that many tokens, before validation. Default: no limit.
   */
  parseOptions?: { readonly maxTokens?: number };
  /**
   * Production: "Did you mean ...?" suggestions and limit numbers are removed from every error sent, as
   * `useErrorHygiene` does for HTTP (`applyErrorHygiene`). Default false.
   */
  isProduction?: boolean;
  /**
   * The cost check the HTTP path applies through `useQueryCost` (src/cost): each subscription is estimated before it
   * starts, and refused for a bad `first` (`BAD_USER_INPUT`) or an estimate over budget (`COST_LIMIT_EXCEEDED`).
   * Default: none (for schemas whose fields make no Zoom calls).
   */
  costCheck?: QueryCostCheck;
  /**
   * Calls an operation may make outside any field, from its connection's context dependencies (e.g. looking up an
   * email-bound member's id); added to every estimate, as `useQueryCost`'s `baseline`. Default none.
   */
  costBaseline?: (deps: Partial<GatewayContextDeps>) => Partial<CostCounts>;
  /** Formats each error sent to a client (masking, as for HTTP). */
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  /**
   * Places of connections and subscriptions (src/connections): authenticated connections in all (past it upgrades
   * are refused with 503) and per caller, sockets not yet authenticated per address and in all, live subscriptions
   * per connection and per caller.
   */
  limits: SubscriptionLimitsOptions;
  /** Where a caller's subscriptions are counted over every instance (the shared state's store); per instance without. */
  store?: SharedStore;
  /** Most bytes queued on one socket before its (non-reading) client is dropped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Ping interval in milliseconds; 0 turns pings off. Default 12,000. */
  keepAliveMs?: number;
  /** How long a client may take to send `connection_init`, in milliseconds. Default 3,000. */
  connectionInitWaitTimeoutMs?: number;
  logger: Logger;
  /** Called when a subscription starts or completes, and for each event delivered or subscriber dropped (metrics). */
  onSubscriptionEvent?: (event: 'started' | 'completed' | 'delivered' | 'dropped') => void;
  /** Runs each subscription, on both transports (telemetry's, which records each event). Default graphql-js's `subscribe`. */
  subscribe?: SubscribeFunction;
}

/** What `createGateway` puts on the `/graphql` GET route. */
export interface SubscriptionServer {
  /** `@fastify/websocket`'s `wsHandler` for the route. */
  wsHandler(this: FastifyInstance, socket: WebSocket, request: FastifyRequest): void;
  /** Route hook: refuses an upgrade with 503 once every authenticated place is taken. */
  preValidation(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  /** Open graphql-ws connections and SSE streams, authenticated or not yet. */
  readonly connectionCount: number;
  /** The same subscriptions over Server-Sent Events (src/sse), with the same checks and shared caps. */
  readonly sse: SseHandler;
  /** Stops counting this instance's subscriptions in the shared store (at shutdown, once the connections are ending). */
  close(): void;
}

/**
 * Options for `@fastify/websocket`: `maxMessageBytes` caps what a client may send (a larger frame closes the
 * connection with 1009), and graphql-ws's sub-protocol is negotiated from the first upgrade on.
 */
export function websocketPluginOptions(maxMessageBytes: number): WebsocketPluginOptions {
  return { options: { maxPayload: maxMessageBytes, handleProtocols } };
}

interface ConnectionState {
  readonly abort: AbortController;
  /** Its places: as a connection, then for each subscription (src/connections/subscription-limits.ts). */
  readonly limits: ConnectionLimits;
  deps: Partial<GatewayContextDeps>;
  /** Cancels the close at the caller's credential expiry (set once admitted). */
  cancelExpiry: () => void;
}

type Extra = { readonly socket: WebSocket; readonly request: FastifyRequest };

/**
 * The graphql-ws server on `/graphql` (protocol `graphql-transport-ws`), adapted from graphql-ws's
 * `use/@fastify/websocket` handler with the gateway's bounds:
 * - only subscriptions are served over WebSocket (queries and mutations go through HTTP and its plugins);
 * - a client that stops reading is dropped, never buffered without limit. Each subscription has at most one message
 *   in flight (graphql-ws awaits every send), so a stalled reader holds one message plus its bounded pub/sub queue,
 *   which is freed on overflow (`SUBSCRIBER_OVERFLOW`); the connection is terminated when that overflow reaches the
 *   server, when the socket holds more than `maxBufferedBytes` at a send, or when a ping goes unanswered for
 *   `keepAliveMs` (a client that reads nothing never answers one);
 * - a socket counts against the connection limit only once authenticated; before, it holds one of a small anonymous
 *   allowance for at most the init timeout, and the newest evicts the oldest (src/connections/subscription-limits.ts);
 *   authenticated connections are capped in all and per caller, live subscriptions per connection and per caller;
 * - messages capped by `websocketPluginOptions`;
 * - each operation gets a fresh context, and all of a connection's Zoom calls abort when it closes;
 * - a subscription is refused before it starts as HTTP refuses an operation (Apollo's plugins do not run here): the
 *   token limit, Apollo's error codes for parse, validation and variable errors (`GRAPHQL_PARSE_FAILED`,
 *   `GRAPHQL_VALIDATION_FAILED`, `BAD_USER_INPUT`), the `first` check and the cost budget (`costCheck`), and in
 *   production no schema suggestions in any error.
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 */
export function createSubscriptionServer(options: SubscriptionServerOptions): SubscriptionServer {
  const { logger } = options;
  const hygiene = { isProduction: options.isProduction ?? false };
  const formatError = (error: GraphQLError): GraphQLFormattedError => {
    applyErrorHygiene(error, hygiene);
    return options.formatError(error);
  };
  /** A graphql-ws error as the client sees it, with the id of the upgrade request that opened its connection to quote. */
  const formatSocketError = (error: GraphQLError, requestId: string): GraphQLFormattedError => {
    const formatted = formatError(error);
    return { ...formatted, extensions: { ...formatted.extensions, requestId } };
  };
  const maxBufferedBytes = options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
  const keepAliveMs = options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS;
  const limits = createSubscriptionLimits(options.limits, logger, options.store);
  const operationOf = createSubscriptionOperation(options);
  const states = new WeakMap<WebSocket, ConnectionState>();

  const drop = (socket: WebSocket, why: string): void => {
    logger.warn({ reason: why }, 'subscription client dropped');
    socket.terminate();
  };

  const server = makeServer<Record<string, unknown>, Extra>({
    schema: options.schema,
    ...(options.subscribe === undefined ? {} : { subscribe: options.subscribe }),
    connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3_000,
    onConnect: async (ctx) => {
      const state = states.get(ctx.extra.socket);
      if (state === undefined) return false;
      try {
        if (options.authenticateConnection !== undefined) {
          state.deps = await options.authenticateConnection({ request: ctx.extra.request, connectionParams: ctx.connectionParams ?? {} });
        }
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        logger.info({ reason: typeof code === 'string' ? code : (error as Error).name }, 'subscription connection refused');
        return false;
      }
      // Only now does the connection take one of SUBSCRIPTION_MAX_CONNECTIONS (and of its caller's share). A refused
      // one is closed with 1013 and its reason; graphql-ws's 4403 that follows finds the socket closing.
      if (!(await state.limits.admit(state.deps.caller))) return false;
      // A subscription must not outlive the JWT that opened it: at its expiry the connection closes with 4401
      // CREDENTIAL_EXPIRED, ending every subscription on it (graphql-ws's client does not retry a 4401).
      const socket = ctx.extra.socket;
      if (socket.readyState !== socket.OPEN) return false;
      state.cancelExpiry = onCredentialExpiry(state.deps.caller, () => {
        logger.info({ reason: CREDENTIAL_EXPIRED.reason }, 'subscription connection closed');
        socket.close(CREDENTIAL_EXPIRED.closeCode, CREDENTIAL_EXPIRED.reason);
      });
      return true;
    },
    onSubscribe: async (ctx, id, payload) => {
      const deps = states.get(ctx.extra.socket)?.deps ?? {};
      const args = operationOf(payload, deps, 'WebSocket');
      if (!('document' in args)) return [...args];
      // Last, so a place is only taken by a subscription that starts; given back in onComplete or at close.
      const capped = await states.get(ctx.extra.socket)?.limits.take(id);
      if (capped !== undefined) return [capped];
      options.onSubscriptionEvent?.('started');
      return args;
    },
    context: (ctx) => {
      const state = states.get(ctx.extra.socket);
      const signal = state?.abort.signal ?? AbortSignal.abort();
      return options.createContext({ ...state?.deps, signal });
    },
    onNext: (ctx, _id, _payload, _args, result) => {
      options.onSubscriptionEvent?.('delivered');
      return result.errors === undefined ? undefined : { ...result, errors: result.errors.map((error) => formatSocketError(error, ctx.extra.request.id)) };
    },
    onError: (ctx, _id, _payload, errors) => {
      if (errors.some(isSubscriberOverflow)) {
        options.onSubscriptionEvent?.('dropped');
        drop(ctx.extra.socket, 'SUBSCRIBER_OVERFLOW');
      }
      return errors.map((error) => formatSocketError(error, ctx.extra.request.id));
    },
    // graphql-ws calls it when a started subscription ends, whether completed by the client, ended or failed.
    onComplete: (ctx, id) => {
      options.onSubscriptionEvent?.('completed');
      states.get(ctx.extra.socket)?.limits.release(id);
    },
  });

  const sse = createSseHandler({
    operationOf,
    limits,
    createContext: options.createContext,
    formatError,
    logger,
    ...(options.onSubscriptionEvent === undefined ? {} : { onSubscriptionEvent: options.onSubscriptionEvent }),
    ...(options.subscribe === undefined ? {} : { subscribe: options.subscribe }),
  });

  return {
    get connectionCount() {
      return limits.open;
    },
    sse,
    close: () => limits.close(),

    async preValidation(request, reply) {
      if (request.ws && limits.full) {
        await reply
          .code(503)
          .header('retry-after', '30')
          .send({ error: { code: 'TOO_MANY_CONNECTIONS', message: 'Too many subscription connections; retry later.' } });
      }
    },

    wsHandler(socket, request) {
      // The upgrade request's ids (src/telemetry/request-ids.ts): the handler runs in its async context.
      const upgrade = currentLogBindings();
      if (limits.full) {
        socket.close(SUBSCRIPTION_CLOSE_CODES.TRY_AGAIN_LATER, TOO_MANY_CONNECTIONS_REASON);
        return;
      }
      const connectionLimits = limits.arrive(request.socket.remoteAddress ?? 'unknown', (reason) =>
        socket.close(SUBSCRIPTION_CLOSE_CODES.TRY_AGAIN_LATER, reason),
      );
      const state: ConnectionState = { abort: new AbortController(), limits: connectionLimits, deps: {}, cancelExpiry: () => undefined };
      states.set(socket, state);

      socket.once('error', (error) => {
        logger.warn({ err: error }, 'subscription socket error');
        socket.terminate();
      });

      let pongWait: NodeJS.Timeout | undefined;
      const pingInterval =
        keepAliveMs > 0
          ? setInterval(() => {
              if (socket.readyState !== socket.OPEN) return;
              pongWait ??= setTimeout(() => drop(socket, 'NO_PONG'), keepAliveMs);
              socket.ping();
            }, keepAliveMs)
          : undefined;
      socket.on('pong', () => {
        clearTimeout(pongWait);
        pongWait = undefined;
      });

      const closed = server.opened(
        {
          protocol: socket.protocol,
          send: (data) =>
            new Promise<void>((resolve, reject) => {
              if (socket.readyState !== socket.OPEN) return resolve();
              // A client that stops reading leaves data queued here; past the bound it is dropped, not buffered.
              if (socket.bufferedAmount > maxBufferedBytes) {
                drop(socket, 'BUFFER_FULL');
                return resolve();
              }
              socket.send(data, (error) => (error ? reject(error) : resolve()));
            }),
          close: (code, reason) => socket.close(code, reason),
          onMessage: (callback) =>
            socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
              const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
              // Socket events arrive outside the upgrade request's async context: its ids are put back, so every
              // log line of the connection's operations names the request that opened it.
              const handled = upgrade === undefined ? callback(text) : runWithLogBindings(upgrade, () => callback(text));
              handled.catch((error: unknown) => {
                logger.error({ err: error }, 'graphql-ws message handling failed');
                socket.close(CloseCode.InternalServerError, 'Internal server error');
              });
            }),
        },
        { socket, request },
      );

      socket.once('close', (code, reason) => {
        connectionLimits.leave();
        state.cancelExpiry();
        clearTimeout(pongWait);
        clearInterval(pingInterval);
        state.abort.abort(new Error('subscription connection closed'));
        void closed(code, reason.toString('utf8')).catch((error: unknown) => {
          logger.error({ err: error }, 'graphql-ws close handling failed');
        });
      });
    },
  };
}

/** Whether a graphql-ws error comes from the pub/sub dropping a subscriber that fell behind. */
function isSubscriberOverflow(error: GraphQLError): boolean {
  let current: unknown = error;
  // Bounded: graphql-js and graphql-ws wrap an iterator's error at most a few times.
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof PubSubError && current.code === 'SUBSCRIBER_OVERFLOW') return true;
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return false;
}
