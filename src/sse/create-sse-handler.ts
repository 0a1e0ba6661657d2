import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, subscribe, type ExecutionArgs, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import { CREDENTIAL_EXPIRED, onCredentialExpiry } from '../auth/credential-expiry.ts';
import type { ConnectionLimits, SubscriptionLimits } from '../connections/subscription-limits.ts';
import type { GatewayContext, GatewayContextDeps } from '../graphql/context.ts';
import type { SubscriptionRequest } from '../server/subscription-operation.ts';
import { serveSse } from './serve-sse.ts';

/** Where the SSE transport is served (graphql-sse's "distinct connections" mode: one stream per subscription). */
export const SSE_PATH = '/graphql/stream';

export interface SseHandlerOptions {
  /** The checks every subscription passes, shared with graphql-ws (src/server/subscription-operation.ts). */
  operationOf: (request: SubscriptionRequest, deps: Partial<GatewayContextDeps>, transport: string) => ExecutionArgs | readonly GraphQLError[];
  /** The same places as graphql-ws's: a stream is one connection and one subscription of its caller. */
  limits: SubscriptionLimits;
  createContext: (deps: Partial<GatewayContextDeps> & { signal: AbortSignal }) => GatewayContext;
  formatError: (error: GraphQLError) => GraphQLFormattedError;
  logger: Logger;
  onSubscriptionEvent?: (event: 'started' | 'completed' | 'delivered' | 'dropped') => void;
  /** Runs each subscription (telemetry's, which records each event). Default graphql-js's `subscribe`. */
  subscribe?: (args: ExecutionArgs) => Promise<AsyncIterable<ExecutionResult> | ExecutionResult>;
}

export interface SseHandler {
  /** Serves one stream for `caller` (authenticated by the route's HTTP caller auth). */
  handle(request: FastifyRequest, reply: FastifyReply, caller: Caller | undefined): Promise<void>;
  /** Ends every open stream (shutdown: an open stream would keep fastify from closing). */
  endAll(): void;
}

/** graphql-sse wants an indexable context type. */
type SseContext = GatewayContext & Record<PropertyKey, unknown>;

interface StreamState {
  readonly caller: Caller | undefined;
  readonly abort: AbortController;
  limits?: ConnectionLimits;
}

/**
 * Subscriptions over Server-Sent Events with graphql-sse (by graphql-ws's author), for clients that cannot or will
 * not open a WebSocket: `POST /graphql/stream` with `accept: text/event-stream` and the usual JSON body (or `GET` with
 * `query`/`variables` parameters), answered with a `text/event-stream` of `next` events and one `complete`.
 * The same as graphql-ws, so a client sees one behaviour whichever transport it picks: the caller from the HTTP
 * headers (401 `UNAUTHENTICATED` before anything is read, by the route's caller auth), the same parse, validation,
 * variable and cost checks with the same codes, only subscriptions (queries and mutations belong on `/graphql`), the
 * same caps shared with graphql-ws connections (a stream holds one connection place and one subscription place of its
 * caller), and the stream ends when the JWT that opened it expires (a last `next` with `CREDENTIAL_EXPIRED`).
 * A refusal is a JSON answer with a 4xx status and `errors[0].extensions.code`, never a stream. Every error, in a
 * refusal or in a `next` event, carries the request's id in `extensions.requestId`, as on `/graphql` and graphql-ws.
 * @see https://github.com/enisdenjo/graphql-sse/blob/master/PROTOCOL.md
 */
export function createSseHandler(options: SseHandlerOptions): SseHandler {
  const { logger } = options;
  const open = new Set<AbortController>();
  // graphql-sse's fastify adapter sets its own `context`; each stream's state is found by its request.
  const states = new WeakMap<FastifyRequest, StreamState>();
  const stateOf = (request: FastifyRequest): StreamState => {
    const state = states.get(request);
    if (state === undefined) throw new Error('graphql-sse: a stream without its state');
    return state;
  };
  const refuse = (status: number, errors: readonly GraphQLError[]) =>
    [JSON.stringify({ errors: errors.map(options.formatError) }), { status, statusText: 'Refused', headers: { 'content-type': 'application/json; charset=utf-8' } }] as const;

  /** An error of a `next` event, with the id of the request that opened the stream (refusals get it in serveSse). */
  const formatStreamError = (error: GraphQLError, requestId: string): GraphQLFormattedError => {
    const formatted = options.formatError(error);
    return { ...formatted, extensions: { ...formatted.extensions, requestId } };
  };

  const handler = serveSse<SseContext>({
    // No reservations: "distinct connections" mode only, so every stream is one authenticated request.
    authenticate: () => null,
    onSubscribe: async (req, params) => {
      const state = stateOf(req.raw);
      const deps = state.caller === undefined ? {} : { caller: state.caller };
      const args = options.operationOf(params, deps, 'Server-Sent Events');
      if (!('document' in args)) {
        return refuse(400, args);
      }
      let refusal: string | undefined;
      const limits = options.limits.arrive(req.raw.socket.remoteAddress ?? 'unknown', (reason) => {
        refusal = reason;
      });
      if (!(await limits.admit(state.caller))) {
        limits.leave();
        return refuse(503, [new GraphQLError(`${refusal ?? 'Too many connections'}; retry later.`, { extensions: { code: 'TOO_MANY_CONNECTIONS' } })]);
      }
      const capped = await limits.take('stream');
      if (capped !== undefined) {
        limits.leave();
        return refuse(429, [capped]);
      }
      state.limits = limits;
      open.add(state.abort);
      options.onSubscriptionEvent?.('started');
      return { ...args, contextValue: options.createContext({ ...deps, signal: state.abort.signal }) as SseContext };
    },
    subscribe: async (args) => {
      const result = await (options.subscribe ?? subscribe)(args);
      const { caller, signal } = args.contextValue;
      return Symbol.asyncIterator in result ? untilExpiry(result, caller, signal, logger) : result;
    },
    onNext: (_ctx, req, result) => {
      options.onSubscriptionEvent?.('delivered');
      if (result.errors === undefined) return undefined;
      return { ...result, errors: result.errors.map((error) => formatStreamError(error as GraphQLError, req.raw.id)) as never };
    },
    // graphql-sse calls it once the operation ends: completed, failed, or the client went away.
    onComplete: (_ctx, req) => {
      options.onSubscriptionEvent?.('completed');
      const state = stateOf(req.raw);
      state.limits?.leave();
      state.abort.abort(new Error('subscription stream closed'));
      open.delete(state.abort);
    },
  });

  return {
    async handle(request, reply, caller) {
      const accept = request.headers.accept ?? '';
      if (!accept.split(',').some((type) => type.trim().startsWith('text/event-stream'))) {
        await reply.code(406).send({
          errors: [{ message: `${SSE_PATH} answers with Server-Sent Events: send accept: text/event-stream.`, extensions: { code: 'BAD_REQUEST' } }],
        });
        return;
      }
      // graphql-sse writes the stream to the raw response itself (after fastify's own headers, CORS and the request
      // id, are copied onto it); fastify must not answer too. Compression is skipped: events must not wait in a buffer.
      reply.hijack();
      const abort = new AbortController();
      // graphql-sse compares the accept header exactly.
      const sseRequest = Object.assign(Object.create(request) as FastifyRequest, { headers: { ...request.headers, accept: 'text/event-stream' } });
      states.set(sseRequest, { caller, abort });
      try {
        await handler(sseRequest, reply);
      } catch (error) {
        logger.error({ err: error }, 'graphql-sse stream failed');
        if (reply.raw.headersSent) {
          reply.raw.end();
          return;
        }
        const body = JSON.stringify({ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: request.id } }] });
        reply.raw.writeHead(500, { ...(reply.getHeaders() as Record<string, string | number | string[]>), 'content-type': 'application/json; charset=utf-8' }).end(body);
      }
    },
    endAll() {
      for (const abort of open) abort.abort(new Error('shutting down'));
    },
  };
}

/**
 * The subscription's events until its caller's credential expires; then one last result with `CREDENTIAL_EXPIRED`
 * and the end (graphql-sse then sends `complete`). Also ends when `signal` aborts (shutdown). Not an async
 * generator: graphql-sse ends a stream whose client left by calling `return()`, which a generator would hold until
 * its pending `next()` settles, i.e. until the next event, keeping the subscription and its places meanwhile.
 */
function untilExpiry<T extends ExecutionResult>(
  source: AsyncIterable<T>,
  caller: Caller | undefined,
  signal: AbortSignal | undefined,
  logger: Logger,
): AsyncGenerator<T | ExecutionResult, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  let stop: (why: 'expired' | 'ended') => void = () => undefined;
  const stopped = new Promise<'expired' | 'ended'>((resolve) => {
    stop = resolve;
  });
  let done = false;
  const cancelExpiry = onCredentialExpiry(caller, () => stop('expired'));
  const finish = async (): Promise<IteratorReturnResult<undefined>> => {
    if (!done) {
      done = true;
      cancelExpiry();
      signal?.removeEventListener('abort', onAbort);
      stop('ended');
      await iterator.return?.();
    }
    return { done: true, value: undefined };
  };
  const onAbort = (): void => void finish();
  signal?.addEventListener('abort', onAbort, { once: true });
  const self: AsyncGenerator<T | ExecutionResult, undefined> = {
    async next() {
      if (done) return { done: true, value: undefined };
      const next = await Promise.race([iterator.next(), stopped]);
      if (next === 'ended') return finish();
      if (next === 'expired') {
        await finish();
        logger.info({ reason: CREDENTIAL_EXPIRED.reason }, 'subscription stream ended');
        const error = new GraphQLError('The credential that opened this subscription has expired: subscribe again with a fresh one.', {
          extensions: { code: CREDENTIAL_EXPIRED.reason },
        });
        return { done: false, value: { errors: [error] } };
      }
      if (next.done === true) return finish();
      return next;
    },
    return: finish,
    async throw(error: unknown) {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return self;
    },
  };
  return self;
}
