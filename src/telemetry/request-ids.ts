import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Logger } from 'pino';
import { requestLogger, runWithLogBindings, type RequestLogBindings } from '../logger.ts';
import type { RequestSpans } from './request-spans.ts';

/** The header a client may name its request with, and the gateway answers with the id it used. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * A client's request id is kept when it is at most 128 characters of letters, digits and `-_.:@/+=`: enough for
 * UUIDs, ULIDs and load balancers' ids (AWS `Root=1-...`), and nothing that could forge a log line or a header.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9\-_.:@/+=]{1,128}$/;

/** W3C Trace Context `traceparent`: version 00, a non-zero trace id and span id, flags. */
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/;
const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

/** The client's `x-request-id` when it is safe to log and echo, else a new UUID. */
export function requestIdFrom(header: string | string[] | undefined): string {
  return typeof header === 'string' && SAFE_REQUEST_ID.test(header) ? header : randomUUID();
}

/**
 * A new W3C trace id (32 lowercase hex digits, not all zero) for a request no tracer or caller gave one: a v4 UUID's
 * digits, 122 random bits from Node's pooled entropy. `randomBytes(16)` asked the kernel for each request: 15 µs, 2%
 * of a warm answer's CPU (bench/telemetry.ts, profiled).
 */
export function newTraceId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * The trace id of a valid W3C `traceparent` header, else `undefined`.
 * @see https://www.w3.org/TR/trace-context/#traceparent-header
 */
export function traceIdFrom(traceparent: string | string[] | undefined): string | undefined {
  if (typeof traceparent !== 'string') return undefined;
  const match = TRACEPARENT.exec(traceparent.trim());
  if (match === null || match[1] === ZERO_TRACE_ID || match[2] === ZERO_SPAN_ID) return undefined;
  return match[1];
}

/** Options of {@link createRequestIds}. */
export interface RequestIdsOptions {
  /**
   * With tracing on: each request's span, whose trace id the logs carry and which is active while the request is
   * handled. Otherwise, and for requests without a span, the logs carry the incoming `traceparent`'s trace id, else
   * a new random one, so lines still correlate.
   */
  spans?: RequestSpans;
  /** Turns fastify's own two request lines off (`ACCESS_LOG`, src/access-log). Default false. */
  disableRequestLogging?: boolean;
}

/** Request ids and log correlation for the fastify server: the options it is built with, and its hooks. */
export interface RequestIds {
  /** Spread into `Fastify({...})`: ids from `x-request-id`, and each request's logger bound to both ids. */
  readonly serverOptions: Pick<FastifyServerOptions, 'genReqId' | 'logController' | 'childLoggerFactory'>;
  /** Adds the hooks: the id echoed in `x-request-id`, the ids in every log line, `extensions.requestId` in errors. */
  register(app: FastifyInstance): void;
  /** The ids of a request (the same object for the whole request). */
  of(request: IncomingMessage): RequestLogBindings;
}

/**
 * Gives every HTTP request an id (the client's `x-request-id` when safe, else a UUID) and a trace id, and makes
 * both visible: in the `x-request-id` answer header, in every log line written for the request (fastify's request
 * logger binds them; other loggers get them through {@link runWithLogBindings}), and in `extensions.requestId` of
 * every GraphQL error answered, so a client can quote it and an operator find the request's lines.
 */
export function createRequestIds(options: RequestIdsOptions = {}): RequestIds {
  const ids = new WeakMap<IncomingMessage, RequestLogBindings>();
  function of(request: IncomingMessage): RequestLogBindings {
    let bindings = ids.get(request);
    if (bindings === undefined) {
      const traceId = options.spans?.start(request) ?? traceIdFrom(request.headers.traceparent) ?? newTraceId();
      bindings = Object.freeze({ requestId: requestIdFrom(request.headers[REQUEST_ID_HEADER]), traceId });
      ids.set(request, bindings);
    }
    return bindings;
  }
  return {
    of,
    serverOptions: {
      genReqId: (request) => of(request).requestId,
      logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: options.disableRequestLogging === true }),
      childLoggerFactory: (logger, bindings, childOptions, request) =>
        requestLogger(logger as Logger, { ...bindings, traceId: of(request).traceId }, childOptions),
    },
    register(app) {
      const { spans } = options;
      app.addHook('onRequest', (request, reply, done) => {
        void reply.header(REQUEST_ID_HEADER, request.id);
        spans?.track(request, reply);
        // Everything the request does from here on (hooks, handler, resolvers, Zoom calls) runs with its ids, under
        // its span.
        runWithLogBindings(of(request.raw), spans === undefined ? done : () => spans.within(request.raw, done));
      });
      app.addHook('onSend', async (request, reply, payload) => withRequestIdInErrors(payload, request.id, reply.getHeader('content-type')));
    },
  };
}

/**
 * The answer with `extensions.requestId` added to each of its GraphQL errors (`{errors: [...]}`), whoever wrote
 * it: Apollo, the caller authentication's 401, the body parser's refusals, graphql-sse's refusals (src/sse, which
 * writes past fastify's hooks). Other answers pass untouched.
 */
export function withRequestIdInErrors(payload: unknown, requestId: string, contentType: unknown): unknown {
  if (typeof payload !== 'string' || !payload.includes('"errors"')) return payload;
  if (typeof contentType !== 'string' || !/json/i.test(contentType)) return payload;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return payload;
  }
  const errors = (body as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return payload;
  for (const error of errors) {
    if (typeof error !== 'object' || error === null) continue;
    const record = error as { extensions?: Record<string, unknown> };
    record.extensions = { ...record.extensions, requestId };
  }
  return JSON.stringify(body);
}
