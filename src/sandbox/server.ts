import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { ZOOM_OPERATIONS, type ZoomOperation, type ZoomOperationId } from '../zoom/operations.ts';
import { satisfies } from '../zoom/scopes.ts';
import type { ZoomMeeting } from '../zoom/wire.ts';
import { answerAdminRequest, SANDBOX_ADMIN_PREFIX } from './admin.ts';
import { AccessTokenStore, ApiAuthenticator, ZOOM_INVALID_TOKEN_BODY } from './auth.ts';
import { createDownloadHandler } from './downloads.ts';
import { SandboxFaults } from './faults.ts';
import { createSandboxModel } from './model.ts';
import { answerTokenRequest, SANDBOX_SCOPES, scopeRefusal } from './oauth.ts';
import { rateLimitRejection, SandboxRateLimiter, ZOOM_QPS_MESSAGE, type RateLimitPreset } from './rate-limit.ts';
import { SandboxStats, type SandboxLogEntry } from './stats.ts';
import {
  SandboxHttpError,
  type Clock,
  type SandboxChange,
  type SandboxDataOptions,
  type SandboxModel,
} from './types.ts';
import { SandboxWebhooks } from './webhooks.ts';

/** The sandbox's app credentials. Every field has a fixed, documented default (see `SANDBOX_DEFAULT_CREDENTIALS`). */
export interface SandboxCredentials {
  /** Server-to-Server OAuth account id (`account_id`). Default `sandbox`. */
  accountId: string;
  /** Server-to-Server OAuth client id. Default `sandbox-client`. */
  clientId: string;
  /** Server-to-Server OAuth client secret. Default `sandbox-secret`. */
  clientSecret: string;
  /** Legacy JWT app API key (the JWT's `iss`). Default `sandbox-api-key`. */
  apiKey: string;
  /** Legacy JWT app API secret (HS256 key, ASCII bytes). Default `sandbox-api-secret`. */
  apiSecret: string;
  /** Webhook secret token used to sign deliveries. Default `sandbox-webhook-secret`. */
  webhookSecretToken: string;
}

export const SANDBOX_DEFAULT_CREDENTIALS: Readonly<SandboxCredentials> = Object.freeze({
  accountId: 'sandbox',
  clientId: 'sandbox-client',
  clientSecret: 'sandbox-secret',
  apiKey: 'sandbox-api-key',
  apiSecret: 'sandbox-api-secret',
  webhookSecretToken: 'sandbox-webhook-secret',
});

export interface SandboxOptions {
  /** TCP port; 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Interface to bind (default `127.0.0.1`: the admin endpoint is unauthenticated). */
  host?: string;
  /** Epoch-millisecond clock for token expiry, rate-limit windows, page tokens and timestamps (default `Date.now`). */
  clock?: Clock;
  /** Seeded data: a preset name or sizes (default `small`). Ignored when `model` is given. */
  data?: Partial<SandboxDataOptions> | 'small' | 'large';
  credentials?: Partial<SandboxCredentials>;
  /** OAuth access-token lifetime in seconds (default 3600). */
  tokenTtlSeconds?: number;
  /**
   * Rate-limit plan preset (default `pro`). `free` also makes the seeded account a free one, so paid-only
   * operations answer Zoom's code 200; the others (and `unlimited`) are paid accounts.
   */
  rateLimits?: RateLimitPreset;
  /** Meeting creates/updates per host user per UTC day (default 100). */
  meetingWritesPerHostPerDay?: number;
  /** Deliver webhooks here from the start; `secretToken` defaults to the credentials' webhook secret. */
  webhook?: { url: string; secretToken?: string };
  /** Webhook retry delays in ms of the sandbox clock (default Zoom's 5, 20, 60 minutes). */
  webhookRetryDelaysMs?: readonly number[];
  /** A model to serve instead of the seeded one (tests of the shell use a small fake). */
  model?: SandboxModel;
  /** Request log capacity (default 10,000 entries). */
  logCapacity?: number;
  /**
   * OAuth scopes granted to the S2S app (default `SANDBOX_SCOPES`): sent in the token response's `scope`; an OAuth
   * call whose operation needs a scope not granted answers Zoom's 400 code 4711. Legacy JWT tokens carry no scopes
   * and are not checked (JWT apps had the account's full access).
   */
  scopes?: readonly string[];
}

export interface Sandbox {
  /** Origin, e.g. `http://127.0.0.1:43117`. */
  readonly url: string;
  /** `url + '/v2'`: the Zoom API base URL. */
  readonly apiUrl: string;
  /** `url + '/oauth/token'`. */
  readonly oauthUrl: string;
  /** `url + '/_sandbox'`. */
  readonly adminUrl: string;
  readonly credentials: Readonly<SandboxCredentials>;
  readonly model: SandboxModel;
  readonly stats: SandboxStats;
  readonly faults: SandboxFaults;
  readonly webhooks: SandboxWebhooks;
  /** Revokes every OAuth access token issued so far. */
  revokeAllTokens(): void;
  /** Restores the seeded data and forgets stats, faults, rate-limit buckets and webhook deliveries. */
  reset(): void;
  /** Stops listening, drops open connections and stops webhook retries. */
  close(): Promise<void>;
}

/** Largest request body accepted, in bytes; Zoom's meeting bodies are a few KB. */
const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPE = 'application/json;charset=UTF-8';

/** Zoom's answer to a body that is not a JSON object. @see https://developers.zoom.us/docs/api/errors/ */
const INVALID_JSON_BODY = Object.freeze({ code: 300, message: 'Request Body should be a valid JSON object.' });

/**
 * The answer for a path no operation matches. Zoom documents no body for this case; a Zoom-shaped
 * `{code, message}` keeps clients on one parsing path.
 */
const NOT_FOUND_BODY = Object.freeze({ code: 404, message: 'Not Found' });

/**
 * Starts an offline Zoom on a real socket: `POST /oauth/token`, the API under `/v2` (routed from
 * `ZOOM_OPERATIONS`, answered by the model), rate limits, faults, stats and the admin endpoint under `/_sandbox/`.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clock = options.clock ?? Date.now;
  const credentials: Readonly<SandboxCredentials> = Object.freeze({ ...SANDBOX_DEFAULT_CREDENTIALS, ...options.credentials });
  const model =
    options.model ??
    createSandboxModel({
      data: options.data ?? 'small',
      clock,
      accountId: credentials.accountId,
      plan: options.rateLimits === 'free' ? 'free' : 'paid',
    });
  const tokens = new AccessTokenStore(clock, options.tokenTtlSeconds);
  const scopes = Object.freeze([...(options.scopes ?? SANDBOX_SCOPES)]);
  const grantedScopes: ReadonlySet<string> = new Set(scopes);
  const authenticator = new ApiAuthenticator({ tokens, apiKey: credentials.apiKey, apiSecret: credentials.apiSecret, clock });
  const limiter = new SandboxRateLimiter(clock, options.rateLimits ?? 'pro', options.meetingWritesPerHostPerDay);
  const stats = new SandboxStats(options.logCapacity);
  const faults = new SandboxFaults(clock, () => tokens.revokeAll());
  const webhooks = new SandboxWebhooks({
    clock,
    accountId: credentials.accountId,
    emailOf: (userId) => emailOf(model, userId),
    ...(options.webhookRetryDelaysMs === undefined ? {} : { retryDelaysMs: options.webhookRetryDelaysMs }),
  });
  if (options.webhook !== undefined) {
    webhooks.configure({ url: options.webhook.url, secretToken: options.webhook.secretToken ?? credentials.webhookSecretToken });
  }

  // The meeting as it was before the update in progress, for `old_object` of meeting.updated. The model is
  // synchronous, so the change it emits during `handle` belongs to the request that set this.
  let meetingBeforeUpdate: ZoomMeeting | undefined;
  const unsubscribe = model.onChange((change: SandboxChange) => {
    void webhooks.emitChange(change, change.type === 'meeting.updated' ? meetingBeforeUpdate : undefined);
  });

  const resetAll = (): void => {
    model.reset();
    stats.reset();
    faults.clear();
    limiter.reset();
    webhooks.clear();
  };

  let origin = '';
  const downloads = createDownloadHandler({
    model,
    stats,
    clock,
    isAuthorized: async (authorization) => (await authenticator.authenticate(authorization)).ok,
    origin: () => origin,
  });
  const sockets = new Set<Socket>();
  // Aborts injected latency on close, so a pending delay does not hold the process (or a test run) open.
  const closing = new AbortController();
  // Every request waiting out an injected latency listens on it (hundreds at once in a fan-out): not a leak.
  setMaxListeners(0, closing.signal);

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    if (body === undefined) {
      res.writeHead(status, headers);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const handleApi = async (
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    path: string,
    rawQuery: string,
    rawBody: string,
  ): Promise<void> => {
    const timestamp = clock();
    const match = routeApi(method, path);
    const operation = match?.operation;
    const definition: ZoomOperation | undefined = operation === undefined ? undefined : ZOOM_OPERATIONS[operation];
    const entry: { -readonly [K in keyof Omit<SandboxLogEntry, 'seq' | 'status'>]: SandboxLogEntry[K] } = {
      method,
      path,
      query: rawQuery,
      auth: 'none',
      operation: operation ?? 'unrouted',
      timestamp,
      ...(definition === undefined ? {} : { category: definition.category }),
      ...(typeof req.headers.traceparent === 'string' ? { traceparent: req.headers.traceparent } : {}),
    };
    const answer = (status: number, body: unknown, headers?: Record<string, string>, extra: Partial<SandboxLogEntry> = {}) => {
      stats.record({ ...entry, ...extra, status });
      send(res, status, body, headers);
    };
    const destroy = (fault: 'reset' | 'dropped') => {
      stats.record({ ...entry, status: 0, fault });
      req.socket.destroy();
    };

    const delayMs = faults.latencyFor(operation);
    if (delayMs > 0) {
      const slept = await sleep(delayMs, true, { signal: closing.signal }).catch(() => false);
      if (!slept) {
        req.socket.destroy(); // closing: no answer, and nothing recorded after close
        return;
      }
      Object.assign(entry, { fault: 'latency', delayMs });
    }
    if (faults.shouldReset(operation)) return destroy('reset');

    const auth = await authenticator.authenticate(req.headers.authorization);
    entry.auth = auth.kind;
    if (!auth.ok) return answer(401, ZOOM_INVALID_TOKEN_BODY);
    if (match === undefined || definition === undefined) return answer(404, NOT_FOUND_BODY);
    if (auth.kind === 'oauth' && !satisfies(grantedScopes, definition.scopes)) return answer(400, scopeRefusal(definition.scopes));
    const category = definition.category;

    const stormUntil = faults.stormUntil();
    if (stormUntil !== undefined) {
      const rejection = rateLimitRejection(category, 'QPS', ZOOM_QPS_MESSAGE, limiter.qpsLimit(category), nextSecond(clock()));
      return answer(429, rejection.body, rejection.headers, { fault: 'storm', rateLimitType: 'QPS' });
    }
    const decision = limiter.take(category);
    if (!decision.allowed) return answer(429, decision.body, decision.headers, { rateLimitType: decision.type });
    // Zoom counts create/update *requests* per host, so one that the model then refuses still uses a slot.
    // https://developers.zoom.us/docs/api/rest/rate-limits/#meeting-createupdate-api-requests
    if ('isMeetingWrite' in definition && definition.isMeetingWrite) {
      const hostId =
        operation === 'meetingCreate'
          ? model.resolveUserId(match.params.userId ?? '')
          : model.hostOf(match.params.meetingId ?? '');
      if (hostId !== undefined) {
        const perHost = limiter.takeMeetingWrite(hostId, category);
        if (!perHost.allowed) return answer(429, perHost.body, perHost.headers, { rateLimitType: perHost.type });
      }
    }
    const headers = decision.headers;

    const errorStatus = faults.errorStatusFor(operation);
    if (errorStatus !== undefined) {
      stats.record({ ...entry, status: errorStatus, fault: 'error' });
      return sendServerError(res, errorStatus, headers);
    }

    let body: unknown;
    if (rawBody.trim() !== '' && (method === 'POST' || method === 'PATCH' || method === 'PUT')) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        return answer(400, INVALID_JSON_BODY, headers);
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return answer(400, INVALID_JSON_BODY, headers);
    }

    const query = new URLSearchParams(rawQuery);
    let status: number;
    let responseBody: unknown;
    try {
      meetingBeforeUpdate =
        operation === 'meetingUpdate' && webhooks.config() !== undefined
          ? currentMeeting(model, match.params.meetingId ?? '')
          : undefined;
      const response = model.handle({ operation: match.operation, params: match.params, query, body });
      status = response.status;
      responseBody = response.body;
    } catch (error) {
      if (!(error instanceof SandboxHttpError)) throw error;
      status = error.status;
      responseBody = error.body;
    } finally {
      meetingBeforeUpdate = undefined;
    }
    if (faults.shouldDrop(match.operation, method !== 'GET')) return destroy('dropped');
    answer(status, status === 204 ? undefined : responseBody, headers);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? '' : url.slice(q + 1);
    const rawBody = await readBody(req);
    if (rawBody === undefined) {
      send(res, 413, { code: 300, message: 'Request body is too large.' });
      return;
    }

    if (path === '/oauth/token') {
      const token = answerTokenRequest(
        { method, authorization: req.headers.authorization, contentType: req.headers['content-type'], query: new URLSearchParams(rawQuery), rawBody },
        credentials,
        tokens,
        origin,
        scopes,
      );
      stats.record({ method, path, query: rawQuery, auth: 'none', operation: 'oauth', status: token.status, timestamp: clock() });
      send(res, token.status, token.body, { 'Cache-Control': 'no-store' });
      return;
    }
    if (path === '/v2' || path.startsWith('/v2/')) {
      await handleApi(req, res, method, path, rawQuery, rawBody);
      return;
    }
    if (await downloads(req, res, path, rawQuery)) return;
    if (path === SANDBOX_ADMIN_PREFIX || path.startsWith(`${SANDBOX_ADMIN_PREFIX}/`)) {
      const admin = await answerAdminRequest(
        { model, stats, faults, webhooks, revokeAllTokens: () => tokens.revokeAll(), reset: resetAll },
        method,
        path.slice(SANDBOX_ADMIN_PREFIX.length),
        new URLSearchParams(rawQuery),
        rawBody,
        credentials.webhookSecretToken,
      );
      send(res, admin.status, admin.body);
      return;
    }
    send(res, 404, NOT_FOUND_BODY);
  };

  const server = createServer({ keepAlive: true }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      // A bug in the sandbox, not a Zoom behaviour: answer 500 and say what broke (no request headers printed).
      console.error('[sandbox] request failed:', error);
      if (!res.headersSent) send(res, 500, { code: 500, message: 'Internal Server Error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${hostForUrl}:${address.port}`;
  model.serveDownloadsFrom?.(origin);

  let closed: Promise<void> | undefined;
  return {
    url: origin,
    apiUrl: `${origin}/v2`,
    oauthUrl: `${origin}/oauth/token`,
    adminUrl: `${origin}${SANDBOX_ADMIN_PREFIX}`,
    credentials,
    model,
    stats,
    faults,
    webhooks,
    revokeAllTokens: () => tokens.revokeAll(),
    reset: resetAll,
    close: () => {
      closed ??= (async () => {
        unsubscribe();
        closing.abort();
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await Promise.all([done, webhooks.close()]);
      })();
      return closed;
    },
  };
}

interface RouteMatch {
  operation: ZoomOperationId;
  params: Record<string, string>;
}

interface CompiledRoute {
  operation: ZoomOperationId;
  method: string;
  /** Literal segment text, or a `{param}` name. */
  segments: Array<{ literal: string } | { param: string }>;
}

const ROUTES: readonly CompiledRoute[] = (Object.entries(ZOOM_OPERATIONS) as Array<[ZoomOperationId, ZoomOperation]>).map(
  ([operation, definition]) => ({
    operation,
    method: definition.method,
    segments: definition.path
      .split('/')
      .slice(1)
      .map((segment) => (segment.startsWith('{') ? { param: segment.slice(1, -1) } : { literal: segment })),
  }),
);

/**
 * Matches a raw `/v2/...` path against the operation table, decoding each segment once. Zoom documents that meeting
 * UUIDs beginning with `/` or containing `//` must be double-encoded, and that others work encoded once. The sandbox
 * models that as a router that decodes `%2F` before matching, where an empty segment breaks the match: a meetingId
 * whose `/` leaves an empty segment (leading, doubled, or trailing, which a base64 UUID never is) 404s when encoded
 * once, while a lone inner `/` is found. A meetingId still containing `%` after one decode is decoded again, so a
 * double-encoded UUID reaches the model as the plain UUID. Other parameters (user ids, emails) never contain `/`.
 * @see https://developers.zoom.us/docs/api/rest/using-zoom-apis/#meeting-id-and-uuid
 */
function routeApi(method: string, rawPath: string): RouteMatch | undefined {
  const raw = rawPath.slice('/v2'.length).split('/').slice(1);
  for (const route of ROUTES) {
    if (route.method !== method || route.segments.length !== raw.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < raw.length && matched; i++) {
      const segment = route.segments[i];
      const decoded = decodeOnce(raw[i] ?? '');
      if (segment === undefined || decoded === undefined || decoded === '') {
        matched = false;
      } else if ('literal' in segment) {
        matched = decoded === segment.literal;
      } else {
        const value = segment.param === 'meetingId' || segment.param === 'meetingUUID' ? meetingIdOf(decoded) : decoded.includes('/') ? undefined : decoded;
        if (value === undefined) matched = false;
        else params[segment.param] = value;
      }
    }
    if (matched) return { operation: route.operation, params };
  }
  return undefined;
}

/**
 * The meeting id or UUID in a once-decoded path segment, or `undefined` when Zoom would not route it: a `/` that
 * leaves an empty segment in the decoded path (leading, trailing or doubled). Still-encoded text is decoded again.
 */
function meetingIdOf(decoded: string): string | undefined {
  if (decoded.includes('/')) return decoded.split('/').includes('') ? undefined : decoded;
  return decoded.includes('%') ? (decodeOnce(decoded) ?? decoded) : decoded;
}

function decodeOnce(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Reads the whole body as UTF-8; `undefined` when it exceeds `MAX_BODY_BYTES`. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  const length = req.headers['content-length'];
  // Most API calls are GETs without a body: skip the stream machinery for them (benchmarks hit this path hard).
  if ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined) {
    req.resume();
    return Promise.resolve('');
  }
  if (length !== undefined && Number(length) > MAX_BODY_BYTES) {
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * A 5xx as Zoom's edge sends it: 500 from the API carries Zoom's JSON error shape, while 502 and 503 come from the
 * load balancer as HTML, which a client must survive without a JSON parse error.
 */
function sendServerError(res: ServerResponse, status: 500 | 502 | 503, headers: Record<string, string>): void {
  if (status === 500) {
    const text = JSON.stringify({ code: 500, message: 'Internal Server Error' });
    res.writeHead(500, { ...headers, 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const title = status === 502 ? '502 Bad Gateway' : '503 Service Temporarily Unavailable';
  const html = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { ...headers, 'Content-Type': 'text/html', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function nextSecond(now: number): number {
  return now - (now % 1000) + 1000;
}

function currentMeeting(model: SandboxModel, meetingId: string): ZoomMeeting | undefined {
  try {
    return model.handle({ operation: 'meeting', params: { meetingId }, query: new URLSearchParams(), body: undefined })
      .body as ZoomMeeting;
  } catch {
    return undefined;
  }
}

function emailOf(model: SandboxModel, userId: string): string | undefined {
  if (model.owner.id === userId) return model.owner.email;
  try {
    const user = model.handle({ operation: 'user', params: { userId }, query: new URLSearchParams(), body: undefined });
    return (user.body as { email?: string } | undefined)?.email;
  } catch {
    return undefined;
  }
}
