import { Writable } from 'node:stream';
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../src/auth/api-key-matcher.ts';
import { ConfigError, parseConfig } from '../../src/config/index.ts';
import { createCostTracker } from '../../src/cost/cost-tracker.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/app.ts';
import { createZoomClientFromConfig, type GatewayZoomClient } from '../../src/server/zoom-client.ts';
import { signZoomWebhook } from '../../src/webhooks/signature.ts';
import { startScriptedServer, type ScriptedServer } from '../helpers/scripted-server.ts';
import { leaksIn, SECRET } from './leak-check.ts';

/*
 * Issue 5, "Error masking": errors that carry a Zoom access token, a client secret, an Authorization header and a
 * raw upstream body flow through every path (Zoom API errors, Zoom validation errors with field messages, token
 * endpoint errors, an unexpected resolver throw, caller refusals, config errors, webhook deliveries and the
 * receiver's host lookup), and no response body or log line may contain any of them.
 */

const outputs: string[] = [];
/** Every span of every gateway here: their names, attributes, events and links must hold no secret either (issue 13). */
const spans = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
/** Lines of the gateway whose webhook host lookup logs Zoom's refusal (its own gateway, so its check reads only its lines). */
const hostLookupLogs: string[] = [];
function captureLogger(sink: string[] = outputs) {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.push(chunk.toString('utf8'));
      callback();
    },
  });
  return createLogger({ level: 'debug', destination: stream });
}

/** A fake Zoom whose answers carry the secrets: an echoing token endpoint and API errors with raw bodies. */
function scriptUpstream(upstream: ScriptedServer): void {
  upstream.script('POST /oauth/token', (request) => {
    const basic = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString('utf8');
    if (basic.endsWith(`:${SECRET.rejectedSecret}`)) {
      // Echoes the secret it refused, as a careless upstream might.
      return { status: 401, json: { reason: `Invalid client_secret ${SECRET.rejectedSecret}`, error: 'invalid_client', code: 4702 } };
    }
    return { json: { access_token: SECRET.accessToken, token_type: 'bearer', expires_in: 3600, scope: 'user:read:admin' } };
  });
  const rawBody = `upstream said: Authorization: Bearer ${SECRET.accessToken} ${SECRET.upstreamBody}`;
  upstream.script('GET /v2/users/me', () => ({ status: 500, json: { code: 500, message: rawBody } }));
  upstream.script('GET /v2/users/gone', () => ({ status: 404, json: { code: 1001, message: rawBody } }));
  upstream.script('GET /v2/meetings/111', () => ({ status: 401, json: { code: 124, message: rawBody } }));
  upstream.script('GET /v2/meetings/222', () => ({ status: 503, body: `<html>${rawBody}</html>`, headers: { 'content-type': 'text/html' } }));
  upstream.script('GET /v2/meetings/333', () => ({ status: 200, body: `not json ${rawBody}`, headers: { 'content-type': 'text/plain' } }));
  upstream.script('GET /v2/users', () => ({ status: 429, json: { code: 429, message: rawBody }, headers: { 'x-ratelimit-type': 'Daily-limit' } }));
  // A validation refusal (code 300) whose field messages echo the token, the Authorization header and the
  // client secret, as a careless upstream might; one field message holds nothing secret.
  upstream.script('POST /v2/users/me/meetings', () => ({
    status: 400,
    json: {
      code: 300,
      message: 'Validation Failed.',
      errors: [
        { field: 'settings.alternative_hosts', message: `Invalid value sent with Authorization: Bearer ${SECRET.accessToken}` },
        { field: 'agenda', message: `Rejected for account secret ${SECRET.clientSecret} ${SECRET.upstreamBody}` },
        { field: 'topic', message: 'Invalid field.' },
      ],
    },
  }));
  // The meeting a webhook's host lookup reads: refused with the token, configured secrets and raw text echoed.
  upstream.script('GET /v2/meetings/777', () => ({
    status: 401,
    json: { code: 124, message: `${rawBody} ${SECRET.clientSecret} ${SECRET.webhookSecret}` },
  }));
  // A success with a value the schema cannot serialise: graphql-js quotes it in its error ("Enum cannot represent
  // value: ..."). The response masks it; the log keeps it for the operator, with the token scrubbed out.
  upstream.script('GET /v2/meetings/555', () => ({
    json: { id: 555, uuid: 'u', host_id: 'h', topic: 't', type: `unknown-type ${SECRET.accessToken}`, join_url: 'https://zoom.us/j/1' },
  }));
}

async function startGatewayOver(
  upstream: ScriptedServer,
  clientSecret: string,
  options: { throwOnPastMeeting?: boolean; logSink?: string[] } = {},
) {
  const logger = captureLogger(options.logSink);
  const costTracker = createCostTracker();
  const config = parseConfig({
    NODE_ENV: 'production',
    LOG_LEVEL: 'debug',
    PORT: '0',
    ZOOM_ACCOUNT_ID: 'acct',
    ZOOM_CLIENT_ID: 'client',
    ZOOM_CLIENT_SECRET: clientSecret,
    ZOOM_API_URL: `${upstream.url}/v2`,
    ZOOM_OAUTH_URL: `${upstream.url}/oauth/token`,
    ZOOM_RETRY_MAX_ATTEMPTS: '1',
    CALLER_API_KEYS: `ops:admin:${hashApiKey(SECRET.callerKey)}`,
    ZOOM_WEBHOOK_SECRET_TOKENS: SECRET.webhookSecret,
    METRICS_PORT: '0',
  });
  // The production client, wrapped only to throw an unexpected error on one operation.
  const client = createZoomClientFromConfig(config.zoom, { logger, onCall: costTracker.onCall, tracer: tracerProvider.getTracer('masking') });
  const zoom: GatewayZoomClient = {
    ...client,
    call: ((operation, call) => {
      if (options.throwOnPastMeeting === true && operation === 'pastMeetingDetails') {
        // A programming error whose message happens to hold the token and a header: masked in the response,
        // scrubbed in the log. (An arbitrary raw upstream body inside an unknown error cannot be recognised; the
        // Zoom paths above never put one into an error.)
        return client.call('user', { path: { userId: 'gone' } }).catch(() => {
          throw new Error(`unexpected: Authorization: Bearer ${SECRET.accessToken} and ${SECRET.accessToken}`);
        });
      }
      return client.call(operation, call);
    }) as GatewayZoomClient['call'],
  };
  return createGateway(config, { zoom, logger, costTracker, tracerProvider });
}

async function post(gateway: Gateway, query: string, credential: Record<string, string> = { 'x-api-key': SECRET.callerKey }) {
  const response = await fetch(`${gateway.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...credential },
    body: JSON.stringify({ query }),
  });
  const text = await response.text();
  outputs.push(text);
  return { status: response.status, text, body: JSON.parse(text) as { errors?: Array<{ extensions?: Record<string, unknown> }> } };
}

let upstream: ScriptedServer;
let gateway: Gateway;
let refusedGateway: Gateway;
let hostLookupGateway: Gateway;

beforeAll(async () => {
  tracerProvider.register();
  upstream = await startScriptedServer();
  scriptUpstream(upstream);
  gateway = await startGatewayOver(upstream, SECRET.clientSecret, { throwOnPastMeeting: true });
  refusedGateway = await startGatewayOver(upstream, SECRET.rejectedSecret);
  hostLookupGateway = await startGatewayOver(upstream, SECRET.clientSecret, { logSink: hostLookupLogs });
});

afterAll(async () => {
  await gateway?.close();
  await refusedGateway?.close();
  await hostLookupGateway?.close();
  await upstream?.close();
  await tracerProvider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe('no secret, header or raw upstream body in any response or log line', () => {
  it.each([
    ['a Zoom 500 whose body holds the token', '{ me { id } }', 'UPSTREAM_UNAVAILABLE'],
    ['a Zoom 404 whose message holds the token', '{ user(id: "gone") { id } }', 'NOT_FOUND'],
    ['a Zoom 401 after one refresh', '{ meeting(id: "111") { id } }', 'UPSTREAM_UNAVAILABLE'],
    ['a Zoom 503 HTML page', '{ meeting(id: "222") { id } }', 'UPSTREAM_UNAVAILABLE'],
    ['a Zoom answer that is not JSON', '{ meeting(id: "333") { id } }', 'UPSTREAM_UNAVAILABLE'],
    ['a daily-limit 429', '{ users(first: 5) { totalCount } }', 'RATE_LIMITED'],
    ['an unexpected error thrown in a resolver', '{ pastMeeting(id: "444") { id } }', 'INTERNAL_SERVER_ERROR'],
    ['a Zoom success whose values break the schema', '{ meeting(id: "555") { id type } }', 'INTERNAL_SERVER_ERROR'],
  ])('%s', async (_title, query, code) => {
    const { text, body } = await post(gateway, query);
    expect(body.errors?.[0]?.extensions?.['code']).toBe(code);
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toMatch(/stacktrace|\n\s+at /);
  });

  it('a token endpoint that echoes the refused client secret', async () => {
    const { text, body } = await post(refusedGateway, '{ me { id } }');
    expect(body.errors?.[0]?.extensions?.['code']).toBe('UPSTREAM_UNAVAILABLE');
    expect(leaksIn(text)).toEqual([]);
    const ready = await fetch(`${refusedGateway.url}/readyz`);
    const readyText = await ready.text();
    outputs.push(readyText);
    expect(ready.status).toBe(503);
    expect(leaksIn(readyText)).toEqual([]);
  });

  it.each([
    ['an unknown API key', { 'x-api-key': SECRET.wrongCallerKey }],
    ['an Authorization header with a bearer token that is no caller JWT', { authorization: `Bearer ${SECRET.accessToken}` }],
    ['an Authorization header with an unknown API key', { authorization: `ApiKey ${SECRET.wrongCallerKey}` }],
  ])('a caller with %s', async (_title, credential) => {
    const { status, text } = await post(gateway, '{ me { id } }', credential);
    expect(status).toBe(401);
    expect(leaksIn(text)).toEqual([]);
  });

  it('config errors name the variable but never echo a secret value', () => {
    const attempts: Array<Record<string, string>> = [
      // A plaintext key pasted where its SHA-256 belongs.
      { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: SECRET.clientSecret, CALLER_API_KEYS: `ops:admin:${SECRET.callerKey}` },
      // A caller JWT secret that is too short.
      { ZOOM_ACCOUNT_ID: 'a', ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: SECRET.clientSecret, CALLER_JWT_SECRET: SECRET.jwtSecret, CALLER_JWT_ISSUER: 'https://idp/', CALLER_JWT_AUDIENCE: 'gw' },
      // Half a credential set.
      { ZOOM_CLIENT_ID: 'b', ZOOM_CLIENT_SECRET: SECRET.clientSecret },
    ];
    for (const env of attempts) {
      let error: unknown;
      try {
        parseConfig({ NODE_ENV: 'production', ...env });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      const shown = `${(error as Error).message}\n${JSON.stringify(error)}\n${String((error as Error).stack)}`;
      outputs.push(shown);
      expect(leaksIn(shown)).toEqual([]);
    }
  });

  describe('a Zoom validation refusal (code 300) whose field messages echo the token, the header and the client secret', () => {
    const refusal = async () => {
      const response = await fetch(`${gateway.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': SECRET.callerKey },
        body: JSON.stringify({
          query: 'mutation { createMeeting(input: { topic: "Planning", startTime: "2030-01-02T10:00:00Z", duration: 30 }) { id } }',
        }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
      return { text, error: body.errors?.[0] };
    };

    it("is BAD_USER_INPUT with Zoom's field paths kept, and logs nothing secret", async () => {
      const mark = outputs.length;
      const { error } = await refusal();
      expect(error?.extensions?.['code']).toBe('BAD_USER_INPUT');
      expect(error?.extensions?.['zoomCode']).toBe(300);
      // Zoom's field paths stay, so the client knows which input to fix; a harmless field message stays as Zoom sent it.
      const fieldErrors = error?.extensions?.['fieldErrors'] as Array<{ field: string; message: string }>;
      expect(fieldErrors.map((f) => f.field)).toEqual(['settings.alternative_hosts', 'agenda', 'topic']);
      expect(fieldErrors[2]).toEqual({ field: 'topic', message: 'Invalid field.' });
      expect(fieldErrors[0]?.message).toBe('Zoom rejected this value.');
      expect(error?.message).toBe('Zoom rejected the request as invalid (settings.alternative_hosts, agenda, topic).');
      await expect.poll(() => outputs.slice(mark).join('\n')).toContain('request completed');
      expect(leaksIn(outputs.slice(mark).join('\n'))).toEqual([]);
    });

    // Zoom's field paths reach the client; its field messages only when they are plain words (src/graphql/errors.ts).
    it('the response holds none of them', async () => {
      const { text } = await refusal();
      expect(leaksIn(text)).toEqual([]);
      expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
    });
  });

  describe('the webhook receiver', () => {
    const webhook = async (rawBody: string, headers: Record<string, string>) => {
      const response = await fetch(`${gateway.url}/webhooks/zoom`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: rawBody,
      });
      const text = await response.text();
      outputs.push(text);
      return { status: response.status, text, code: (JSON.parse(text) as { error?: { code?: string } }).error?.code };
    };
    const signed = (secret: string, timestamp: string, rawBody: string) => ({
      'x-zm-request-timestamp': timestamp,
      'x-zm-signature': signZoomWebhook(secret, timestamp, Buffer.from(rawBody)),
    });
    const nowSeconds = () => String(Math.floor(Date.now() / 1000));
    /** An event whose values are secret-looking strings (Zoom does not send these, an attacker might). */
    const eventCarryingSecrets = (meetingId: string) => JSON.stringify({
      event: 'meeting.updated',
      event_ts: Date.now(),
      payload: {
        account_id: 'acct',
        operator: `Authorization: Bearer ${SECRET.accessToken}`,
        object: { id: meetingId, host_id: 'host-1', topic: `${SECRET.clientSecret} ${SECRET.webhookSecret} ${SECRET.upstreamBody} ${SECRET.callerKey}` },
      },
    });
    const loggedSince = (mark: number) => outputs.slice(mark).join('\n');

    it.each([
      ['a signature made with another secret', 401, 'SIGNATURE_INVALID', (body: string) => signed(SECRET.rejectedSecret, nowSeconds(), body)],
      ['the webhook secret itself sent as the signature', 401, 'SIGNATURE_INVALID', () => ({ 'x-zm-request-timestamp': nowSeconds(), 'x-zm-signature': `v0=${SECRET.webhookSecret}` })],
      ['a caller credential instead of a signature', 401, 'SIGNATURE_MISSING', () => ({ authorization: `Bearer ${SECRET.accessToken}`, 'x-api-key': SECRET.callerKey })],
      ['a correct signature over a stale timestamp', 401, 'TIMESTAMP_OUT_OF_RANGE', (body: string) => signed(SECRET.webhookSecret, String(Math.floor(Date.now() / 1000) - 3600), body)],
    ])('refuses %s, and neither the answer nor the log holds the delivery, its signature or a secret', async (_title, status, code, headersFor) => {
      const mark = outputs.length;
      const rawBody = eventCarryingSecrets('901');
      const headers: Record<string, string> = { authorization: `Bearer ${SECRET.accessToken}`, ...headersFor(rawBody) };
      const answer = await webhook(rawBody, headers);
      expect(answer.status).toBe(status);
      expect(answer.code).toBe(code);
      const logged = loggedSince(mark);
      expect(logged).toContain('zoom webhook refused');
      for (const text of [answer.text, logged]) {
        expect(leaksIn(text)).toEqual([]);
        if (headers['x-zm-signature'] !== undefined) expect(text).not.toContain(headers['x-zm-signature']);
        expect(text).not.toMatch(/Bearer [A-Za-z0-9]/);
      }
    });

    it('refuses a signed body that is not JSON, or too large, without echoing it', async () => {
      const mark = outputs.length;
      const notJson = `not json ${SECRET.upstreamBody} ${SECRET.clientSecret}`;
      const tooLarge = JSON.stringify({ event: 'meeting.updated', event_ts: 1, payload: { pad: `${SECRET.upstreamBody} `.repeat(20_000) } });
      const answers = [
        await webhook(notJson, signed(SECRET.webhookSecret, nowSeconds(), notJson)),
        await webhook(tooLarge, signed(SECRET.webhookSecret, nowSeconds(), tooLarge)),
      ];
      expect(answers.map((a) => [a.status, a.code])).toEqual([[400, 'INVALID_JSON'], [413, 'PAYLOAD_TOO_LARGE']]);
      for (const text of [...answers.map((a) => a.text), loggedSince(mark)]) expect(leaksIn(text)).toEqual([]);
    });

    it('accepts a signed event carrying secret-looking values, refuses its replay, and logs none of it', async () => {
      const mark = outputs.length;
      const rawBody = eventCarryingSecrets('902');
      const headers = signed(SECRET.webhookSecret, nowSeconds(), rawBody);
      const accepted = await webhook(rawBody, headers);
      expect(accepted.status).toBe(200);
      const replayed = await webhook(rawBody, headers);
      expect([replayed.status, replayed.code]).toEqual([401, 'REPLAYED']);
      for (const text of [accepted.text, replayed.text, loggedSince(mark)]) {
        expect(leaksIn(text)).toEqual([]);
        expect(text).not.toContain(headers['x-zm-signature']);
      }
    });

    // meeting.updated names no host, so the receiver reads the meeting; Zoom refuses with a body that echoes the
    // token and the configured secrets. That lookup runs on its own gateway whose lines go to `hostLookupLogs`.
    const hostLookupFailure = async () => {
      const mark = hostLookupLogs.length;
      const rawBody = JSON.stringify({ event: 'meeting.updated', event_ts: Date.now(), payload: { account_id: 'acct', object: { id: 777, topic: 'x' } } });
      const response = await fetch(`${hostLookupGateway.url}/webhooks/zoom`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signed(SECRET.webhookSecret, nowSeconds(), rawBody) },
        body: rawBody,
      });
      expect(response.status).toBe(200);
      await expect.poll(() => hostLookupLogs.slice(mark).join('\n')).toContain('meeting.updated published without host');
      return hostLookupLogs.slice(mark).join('\n');
    };

    it("logs a failed host lookup without the token, the Authorization header or a configured secret", async () => {
      const logged = await hostLookupFailure();
      const known = [SECRET.accessToken, SECRET.clientSecret, SECRET.webhookSecret];
      expect(known.filter((secret) => logged.includes(secret))).toEqual([]);
      expect(logged).not.toMatch(/Bearer [A-Za-z0-9]/);
    });

    // The receiver's host lookup logs the ZoomError's classification only (code, status, Zoom code, method, path):
    // its message quotes Zoom's answer, and the scrubber removes only the secrets it knows.
    it("the host lookup's log line holds no raw upstream text", async () => {
      expect(leaksIn(await hostLookupFailure())).toEqual([]);
    });
  });

  it('no metric and no span holds a secret, an Authorization header or a raw upstream body', async () => {
    for (const each of [gateway, refusedGateway, hostLookupGateway]) {
      const metrics = await (await fetch(`${each.metricsUrl}/metrics`)).text();
      if (each === gateway) expect(metrics).toContain('zoom_gateway_graphql_operations_total{');
      expect(leaksIn(metrics)).toEqual([]);
      expect(metrics).not.toMatch(/Bearer|authorization/i);
    }
    const finished = spans.getFinishedSpans();
    expect(finished.some((span) => span.name.startsWith('zoom '))).toBe(true);
    expect(finished.some((span) => span.attributes['graphql.error.code'] === 'UPSTREAM_UNAVAILABLE')).toBe(true);
    const text = JSON.stringify(finished.map((span) => ({ name: span.name, attributes: span.attributes, events: span.events, links: span.links, status: span.status })));
    expect(leaksIn(text)).toEqual([]);
    expect(text).not.toMatch(/Bearer|authorization/i);
  });

  it('every captured log line is clean, and the errors were logged', () => {
    const logged = outputs.join('\n');
    expect(logged).toContain('"level"'); // the logger did write
    expect(leaksIn(logged)).toEqual([]);
    expect(logged).not.toMatch(/Bearer [A-Za-z0-9]/);
  });
});
