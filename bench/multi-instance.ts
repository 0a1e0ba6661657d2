/*
 * `npm run bench:multi-instance` (also the last part of `npm run bench`): three gateway instances on one offline
 * Zoom sandbox, their state in process memory (no REDIS_URL) and on one Redis (REDIS_URL), side by side:
 * 1. Zoom token requests per 1,000 queries: three cold instances, 1,000 `{ me { id } }` spread round robin at
 *    concurrency 30, and Zoom revoking every token once half-way (each instance then draws a 401);
 * 2. webhook events per 1,000: each event Zoom delivers to one instance and retries (same bytes, timestamp and
 *    signature, as after a lost answer) to the next, with one subscriber on each instance. Counted: deliveries
 *    accepted a second time (duplicates), and what the three subscribers received against the 3,000 wanted
 *    (each subscriber each event once).
 * It only reports. Needs a Redis at BENCH_REDIS_URL (default redis://127.0.0.1:6379); its keys go under a random
 * prefix, deleted afterwards.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { MEETING_EVENTS_TOPIC, type GatewayEvent } from '../src/events/types.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { GRAPHQL_PATH, type Gateway } from '../src/server/app.ts';
import { WEBHOOK_PATH } from '../src/server/webhooks.ts';
import { signZoomWebhook } from '../src/webhooks/signature.ts';
import { adminKeyEnv, startBenchGateway } from './gateway.ts';
import { GraphqlLoadClient } from './load.ts';

const INSTANCES = 3;
const QUERIES = 1_000;
const EVENTS = 1_000;
const CONCURRENCY = 30;
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const API_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;

type Mode = 'memory' | 'redis';

interface Figures {
  tokenRequests: number;
  queryErrors: number;
  deliveries: number;
  acceptedTwice: number;
  received: number;
  missed: number;
  receivedTwice: number;
}

async function main(): Promise<void> {
  log(`bench:multi-instance: ${INSTANCES} instances on one sandbox; ${QUERIES} queries, ${EVENTS} events (each retried once to another instance)`);
  const figures: Array<[Mode, Figures]> = [];
  for (const mode of ['memory', 'redis'] as const) figures.push([mode, await run(mode)]);

  const per1000 = (value: number, of: number) => {
    const scaled = (1_000 * value) / of;
    return Number.isInteger(scaled) ? scaled.toLocaleString('en-US') : scaled.toFixed(1);
  };
  log('');
  log('| state | token requests per 1,000 queries | query errors | duplicate events per 1,000 (accepted twice) | subscriber receipts per 1,000 events (want 3,000) | missed | received twice |');
  log('|---|---|---|---|---|---|---|');
  for (const [mode, f] of figures) {
    log(`| ${mode === 'memory' ? 'process memory' : 'Redis'} | ${per1000(f.tokenRequests, QUERIES)} | ${f.queryErrors} | ${per1000(f.acceptedTwice, EVENTS)} | ` +
      `${per1000(f.received, EVENTS)} | ${per1000(f.missed, EVENTS)} | ${per1000(f.receivedTwice, EVENTS)} |`);
  }
}

async function run(mode: Mode): Promise<Figures> {
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'unlimited', host: '127.0.0.1' });
  const keyPrefix = `bench:${randomUUID()}:`;
  const instances: Gateway[] = [];
  try {
    const env = { ...adminKeyEnv(API_KEY), ZOOM_PLAN: 'unlimited', ...(mode === 'redis' ? { REDIS_URL, REDIS_KEY_PREFIX: keyPrefix } : {}) };
    for (let i = 0; i < INSTANCES; i++) instances.push(await startBenchGateway(sandbox, env));
    sandbox.stats.reset();
    const { tokenRequests, queryErrors } = await queries(sandbox, instances);
    return { tokenRequests, queryErrors, ...(await events(sandbox, instances)) };
  } finally {
    await Promise.all(instances.map((gateway) => gateway.close()));
    await sandbox.close();
    if (mode === 'redis') await deleteKeys(keyPrefix);
  }
}

/** 1,000 queries over the instances, every token revoked once half-way; the sandbox counts the token requests. */
async function queries(sandbox: Sandbox, instances: Gateway[]): Promise<{ tokenRequests: number; queryErrors: number }> {
  const clients = instances.map((gateway) => new GraphqlLoadClient(`${gateway.url}${GRAPHQL_PATH}`, CONCURRENCY, API_KEY));
  let next = 0;
  let queryErrors = 0;
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      for (let n = next++; n < QUERIES; n = next++) {
        if (n === QUERIES / 2) sandbox.faults.revokeAllTokens();
        const sample = await clients[n % clients.length]!.send({ name: 'Me', query: '{ me { id } }' });
        if (sample.status !== 200 || sample.body?.errors !== undefined) queryErrors++;
      }
    }));
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  return { tokenRequests: sandbox.stats.tokenRequests(), queryErrors };
}

/** Each event delivered to one instance and retried to the next; one subscriber per instance counts what it gets. */
async function events(sandbox: Sandbox, instances: Gateway[]): Promise<Omit<Figures, 'tokenRequests' | 'queryErrors'>> {
  const secret = sandbox.credentials.webhookSecretToken;
  const abort = new AbortController();
  const receipts = instances.map(() => new Map<string, number>());
  const readers = instances.map(async (gateway, i) => {
    try {
      for await (const event of gateway.pubsub.subscribe(MEETING_EVENTS_TOPIC, { signal: abort.signal })) {
        const id = (event as GatewayEvent & { meetingId?: string }).meetingId ?? '?';
        receipts[i]!.set(id, (receipts[i]!.get(id) ?? 0) + 1);
      }
    } catch {
      // Ended by the abort below.
    }
  });

  let accepted = 0;
  let deliveries = 0;
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let n = next++; n < EVENTS; n = next++) {
      const meetingId = 900_000_000 + n;
      const body = JSON.stringify({
        event: 'meeting.deleted',
        event_ts: Date.now(),
        payload: { account_id: sandbox.credentials.accountId, operation: 'all', object: { id: meetingId, uuid: `bench-${n}`, host_id: 'bench-host', topic: 'Bench' } },
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = signZoomWebhook(secret, timestamp, Buffer.from(body));
      for (const target of [n % instances.length, (n + 1) % instances.length]) {
        deliveries++;
        const response = await fetch(`${instances[target]!.url}${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-zm-request-timestamp': timestamp, 'x-zm-signature': signature },
          body,
        });
        await response.arrayBuffer();
        if (response.status === 200) accepted++;
      }
    }
  }));

  // Events travel on after the answer (and through Redis): wait until the receipts stop growing.
  const total = () => receipts.reduce((sum, map) => sum + [...map.values()].reduce((a, b) => a + b, 0), 0);
  for (let last = -1, quiet = 0; quiet < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = total();
    quiet = now === last ? quiet + 1 : 0;
    last = now;
  }
  abort.abort();
  await Promise.all(readers);

  let missed = 0;
  let receivedTwice = 0;
  for (const map of receipts) {
    for (let n = 0; n < EVENTS; n++) {
      const count = map.get(String(900_000_000 + n)) ?? 0;
      if (count === 0) missed++;
      if (count > 1) receivedTwice += count - 1;
    }
  }
  return { deliveries, acceptedTwice: accepted - EVENTS, received: total(), missed, receivedTwice };
}

async function deleteKeys(keyPrefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:multi-instance failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
