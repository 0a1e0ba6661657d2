import type { SubscribePayload } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { MEETING_EVENTS_TOPIC, USER_EVENTS_TOPIC } from '../../src/events/types.ts';
import { GENERIC_LIMIT_MESSAGE } from '../../src/security/query-limit-error.ts';
import { waitUntil } from '../e2e/helpers.ts';
import { TEST_KEYS } from '../security/secured-gateway.ts';
import { useWsGateway } from './ws-gateway.ts';

/*
 * The graphql-ws path gets the protections the HTTP path has through Apollo plugins (issue 5): the token limit,
 * stable codes on parse, validation and variable errors, no schema suggestions in production, the early `first`
 * check and the per-query cost budget. Each refusal is compared with what HTTP answers for the same document, and
 * none may reach Zoom (the sandbox's counters stay at zero) or subscribe to the pub/sub.
 */

const ws = useWsGateway({ production: true });

interface FormattedError {
  message: string;
  locations?: unknown;
  extensions?: Record<string, any>;
}

/**
 * Sends one subscription and reports how the server took it: refused (`errors`, the graphql-ws Error message) or
 * subscribed to the pub/sub. Nothing is published meanwhile, so an accepted subscription sends nothing back.
 */
async function subscribe(payload: SubscribePayload): Promise<{ errors?: FormattedError[]; subscribed: boolean }> {
  const live = () => ws.pubsub.subscriberCount(MEETING_EVENTS_TOPIC) + ws.pubsub.subscriberCount(USER_EVENTS_TOPIC);
  const before = live();
  let errors: FormattedError[] | undefined;
  ws.connect().subscribe(payload, {
    next: (result) => {
      errors = (result.errors as FormattedError[] | undefined) ?? [];
    },
    error: (error) => {
      errors = error as FormattedError[];
    },
    complete: () => undefined,
  });
  await waitUntil(() => errors !== undefined || live() > before, 'the server refuses or takes the subscription');
  return { ...(errors === undefined ? {} : { errors }), subscribed: live() > before };
}

/** What the HTTP path answers for the same document (it refuses before execution too). */
async function overHttp(payload: SubscribePayload): Promise<FormattedError> {
  const { body } = await ws.gw.post(payload, { 'x-api-key': TEST_KEYS.admin });
  expect(body.errors, JSON.stringify(body)).toHaveLength(1);
  return body.errors[0] as FormattedError;
}

/** The parts of an error a client acts on. `http` never travels over WebSocket; Apollo strips it from HTTP bodies. */
function essentials(error: FormattedError | undefined) {
  // The HTTP answer's own request id has no counterpart on a WebSocket.
  const { http: _http, requestId: _requestId, ...extensions } = error?.extensions ?? {};
  return { message: error?.message, extensions };
}

const manyTokens = `subscription { meetingEvents { ${'__typename '.repeat(2_100)}} }`;
const expensive = `subscription { meetingEvents { meeting { host {
  a: meetings(first: 300) { nodes { settings { hostVideo } } }
  b: meetings(first: 300) { nodes { settings { hostVideo } } }
} } } }`;

describe('graphql-ws refuses what HTTP refuses, with the same codes, before any Zoom call', () => {
  const cases: Array<{ name: string; payload: SubscribePayload; code: string; detail?: string; check?: (error: FormattedError) => void }> = [
    {
      name: 'a misspelled field in production: no suggestion',
      payload: { query: 'subscription { meetingEvents { meetingIdd } }' },
      code: 'GRAPHQL_VALIDATION_FAILED',
      check: (error) => expect(error.message).toBe('Cannot query field "meetingIdd" on type "MeetingEvent".'),
    },
    {
      name: 'a misspelled enum value in a variable in production: no suggestion',
      payload: { query: 'subscription ($t: [MeetingEventType!]) { meetingEvents(filter: { types: $t }) { meetingId } }', variables: { t: ['STARTEDD'] } },
      code: 'BAD_USER_INPUT',
    },
    { name: 'a syntax error', payload: { query: 'subscription { meetingEvents { meetingId }' }, code: 'GRAPHQL_PARSE_FAILED' },
    {
      name: '2,100 tokens (over QUERY_MAX_TOKENS), without the limit in production',
      payload: { query: manyTokens },
      code: 'GRAPHQL_PARSE_FAILED',
      detail: 'MAX_TOKENS_EXCEEDED',
      check: (error) => expect(error.message).toBe(GENERIC_LIMIT_MESSAGE),
    },
    {
      name: 'a nested first: 301',
      payload: { query: 'subscription { meetingEvents { meeting { host { meetings(first: 301) { nodes { id } } } } } }' },
      code: 'BAD_USER_INPUT',
      check: (error) => expect(error.extensions?.['argument']).toBe('first'),
    },
    {
      name: 'a nested first: 0 from a variable',
      payload: { query: 'subscription ($n: Int) { userEvents { user { meetings(first: $n) { totalCount } } } }', variables: { n: 0 } },
      code: 'BAD_USER_INPUT',
      check: (error) => expect(error.extensions?.['argument']).toBe('first'),
    },
    {
      name: 'a selection over the per-query budget: per delivered event',
      payload: { query: expensive },
      code: 'COST_LIMIT_EXCEEDED',
      check: (error) => {
        expect(error.message).toMatch(/each event/i);
        const cost = error.extensions?.['cost'];
        // Two lists of 300 meetings, each reading every meeting's settings: 600 Light calls at least, per event.
        expect(cost.estimated.light).toBeGreaterThanOrEqual(600);
        expect(cost.estimated.light).toBeGreaterThan(cost.budget.light);
      },
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name}: ${testCase.code}`, async () => {
      ws.gw.sandbox.stats.reset();
      const { errors, subscribed } = await subscribe(testCase.payload);
      expect(subscribed).toBe(false);
      expect(errors, JSON.stringify(errors)).toHaveLength(1);
      const error = errors![0]!;
      expect(error.extensions?.['code'], JSON.stringify(error)).toBe(testCase.code);
      if (testCase.detail !== undefined) expect(error.extensions?.['validationErrorCode']).toBe(testCase.detail);
      testCase.check?.(error);
      expect(JSON.stringify(errors)).not.toMatch(/Did you mean|stacktrace|\b2000\b/);
      // The same answer as HTTP's for the same document, where HTTP gets that far: a parse or validation error comes
      // first there too, but a valid subscription is refused SUBSCRIPTION_TRANSPORT_REQUIRED as soon as its operation
      // is resolved (src/graphql/subscription-transport.ts), before its variables or its cost are looked at.
      const http = essentials(await overHttp(testCase.payload));
      if (testCase.code.startsWith('GRAPHQL_')) expect(essentials(error)).toEqual(http);
      else expect(http.extensions['code']).toBe('SUBSCRIPTION_TRANSPORT_REQUIRED');
      expect(ws.gw.sandbox.stats.apiCalls()).toBe(0);
      expect(ws.gw.sandbox.stats.tokenRequests()).toBe(0);
    });
  }

  it('still takes a valid subscription after the refusals', async () => {
    const { errors, subscribed } = await subscribe({ query: 'subscription { meetingEvents { meetingId meeting { topic } } }' });
    expect(errors).toBeUndefined();
    expect(subscribed).toBe(true);
  });
});
