/*
 * `npm run bench:shaper`: the rate shaper (src/shaper) against the sandbox's plan limits, shaper on (ZOOM_PLAN = the
 * sandbox's plan) and off (ZOOM_PLAN=unlimited: only the client's 429 hold and retries) side by side in one run:
 * 1. saturation: demand above Pro's Light limit; Zoom calls answered per second against the allowed rate
 *    (plan x ZOOM_RATE_SHARE) and how many calls were sent into a 429;
 * 2. fairness: on the Free plan, an admin's one-call query every 600 ms alone, then while a member floods
 *    `me { meetings }` with 10 in flight; the admin's p50/p95 both ways.
 * It only reports. Knobs: BENCH_SHAPER_SECONDS (per phase, default 8), BENCH_LATENCY_MS, BENCH_JITTER_MS.
 */
import { randomBytes } from 'node:crypto';
import { hashApiKey } from '../src/auth/api-key-matcher.ts';
import { startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { GRAPHQL_PATH, type Gateway } from '../src/server/app.ts';
import { createZoomClient } from '../src/zoom/index.ts';
import { startBenchGateway } from './gateway.ts';
import { GraphqlLoadClient, percentile, type Sample } from './load.ts';
import { parseBenchOptions } from './options.ts';

type Plan = 'free' | 'pro';

const seconds = Number(process.env.BENCH_SHAPER_SECONDS ?? '8');
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 120) {
  throw new Error(`BENCH_SHAPER_SECONDS: expected a whole number from 1 to 120, got ${JSON.stringify(process.env.BENCH_SHAPER_SECONDS)}`);
}
const { latencyMs, jitterMs } = parseBenchOptions(process.env);
const ADMIN_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;
const MEMBER_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;

async function main(): Promise<void> {
  log(`bench:shaper: ${seconds} s per phase; Zoom latency ${latencyMs} ms + 0..${jitterMs} ms`);
  await scenario(
    'saturation (Pro sandbox, 40 clients asking user(id) { email }, one Light call each)',
    ['shaper', 'Light calls answered /s', 'allowed /s (plan x share)', 'share of allowed used', 'calls sent into a 429', 'RATE_LIMITED answers'],
    saturation,
  );
  await scenario(
    'fairness (Free sandbox, admin one-call query every 600 ms; member flooding me { meetings } with 10 in flight)',
    ['shaper', 'admin p50 / p95 alone ms', 'admin p50 / p95 with the flood ms', 'p95 moved by ms', 'admin errors', 'member answers ok / refused', '429s'],
    fairness,
  );
}

/** Runs `run` with the shaper on, then off, and prints one Markdown table row for each. */
async function scenario(title: string, columns: string[], run: (shaped: boolean) => Promise<string>): Promise<void> {
  const rows = [await run(true), await run(false)];
  log(`\n${title}`);
  log(`| ${columns.join(' | ')} |`);
  log(`|${columns.map(() => '---|').join('')}`);
  for (const row of rows) log(row);
}

async function saturation(shaped: boolean): Promise<string> {
  const { sandbox, gateway, userIds } = await start('pro', shaped);
  const admin = new GraphqlLoadClient(`${gateway.url}${GRAPHQL_PATH}`, 40, ADMIN_KEY);
  try {
    const query = { name: 'User', query: 'query ($id: ID!) { user(id: $id) { email } }', variables: { id: userIds[0] } };
    // One second of warm-up (connections, token), then the measured phase.
    await during(1, 40, () => admin.send(query));
    sandbox.stats.reset();
    const started = performance.now();
    const samples = await during(seconds, 40, () => admin.send(query));
    // Until the last answer: calls still waiting for their slot when the clients stop are answered at the same rate.
    const wallSeconds = (performance.now() - started) / 1000;
    const snapshot = sandbox.stats.snapshot();
    const answered = snapshot.byStatus['200'] ?? 0;
    const refused = snapshot.byStatus['429'] ?? 0;
    const rate = answered / wallSeconds;
    // Pro: 30 Light a second; the gateway's budget is ZOOM_RATE_SHARE (default 0.8) of it.
    const allowed = 24;
    return `| ${shaped ? 'on' : 'off'} | ${rate.toFixed(1)} | ${allowed} | ${((100 * rate) / allowed).toFixed(0)}% | ${refused} | ${rateLimited(samples)} |`;
  } finally {
    await admin.close();
    await gateway.close();
    await sandbox.close();
  }
}

async function fairness(shaped: boolean): Promise<string> {
  const { sandbox, gateway, userIds } = await start('free', shaped);
  const endpoint = `${gateway.url}${GRAPHQL_PATH}`;
  const admin = new GraphqlLoadClient(endpoint, 2, ADMIN_KEY);
  const member = new GraphqlLoadClient(endpoint, 10, MEMBER_KEY);
  try {
    const adminQuery = { name: 'User', query: 'query ($id: ID!) { user(id: $id) { email } }', variables: { id: userIds[1] } };
    const memberQuery = { name: 'MyMeetings', query: '{ me { meetings(first: 5) { nodes { id } } } }' };
    await paced(1, admin, adminQuery);
    const alone = await paced(seconds, admin, adminQuery);
    sandbox.stats.reset();
    const flood = during(seconds + 1, 10, () => member.send(memberQuery));
    const withFlood = await paced(seconds, admin, adminQuery);
    const memberSamples = await flood;
    const ms = (samples: Sample[]) => samples.map((s) => s.ms);
    const p95Alone = percentile(ms(alone), 95);
    const p95Flood = percentile(ms(withFlood), 95);
    const adminErrors = withFlood.filter((s) => s.body?.errors !== undefined).length;
    const memberOk = memberSamples.filter((s) => s.status === 200 && s.body?.errors === undefined).length;
    return `| ${shaped ? 'on' : 'off'} | ${percentile(ms(alone), 50).toFixed(0)} / ${p95Alone.toFixed(0)} | ` +
      `${percentile(ms(withFlood), 50).toFixed(0)} / ${p95Flood.toFixed(0)} | ${(p95Flood - p95Alone).toFixed(0)} | ${adminErrors} of ${withFlood.length} | ` +
      `${memberOk} / ${memberSamples.length - memberOk} | ${sandbox.stats.snapshot().byStatus['429'] ?? 0} |`;
  } finally {
    await admin.close();
    await member.close();
    await gateway.close();
    await sandbox.close();
  }
}

/** A sandbox enforcing `plan` with latency, and a gateway on it with the shaper for that plan, or none. */
async function start(plan: Plan, shaped: boolean): Promise<{ sandbox: Sandbox; gateway: Gateway; userIds: string[] }> {
  const sandbox = await startSandbox({ data: 'small', rateLimits: plan, host: '127.0.0.1' });
  if (latencyMs > 0 || jitterMs > 0) sandbox.faults.addLatency({ fixedMs: latencyMs, jitterMs, seed: 1 });
  const auth = {
    type: 's2s' as const,
    accountId: sandbox.credentials.accountId,
    clientId: sandbox.credentials.clientId,
    clientSecret: sandbox.credentials.clientSecret,
    oauthUrl: sandbox.oauthUrl,
  };
  const lookup = createZoomClient({ apiUrl: sandbox.apiUrl, auth });
  const userIds = (await lookup.call('users', { query: { page_size: 5 } })).users.map((u) => u.id);
  await lookup.close();
  sandbox.stats.reset();
  const gateway = await startBenchGateway(sandbox, {
    CALLER_API_KEYS: `admin:admin:${hashApiKey(ADMIN_KEY)},flood:member:${hashApiKey(MEMBER_KEY)}:${userIds[0]}`,
    ZOOM_PLAN: shaped ? plan : 'unlimited',
    // The shaper's figures are of calls that reach Zoom: the same query repeated must not be answered by the cache.
    CACHE_ENABLED: 'false',
  });
  return { sandbox, gateway, userIds };
}

/** Runs `send` from `workers` loops until `forSeconds` have passed (each loop stops after its request in flight). */
async function during(forSeconds: number, workers: number, send: () => Promise<Sample>): Promise<Sample[]> {
  const until = performance.now() + forSeconds * 1000;
  const samples: Sample[] = [];
  await Promise.all(Array.from({ length: workers }, async () => {
    while (performance.now() < until) samples.push(await send());
  }));
  return samples;
}

/** One request every 600 ms for `forSeconds` (a user clicking, not a loop). */
async function paced(forSeconds: number, client: GraphqlLoadClient, query: { name: string; query: string; variables?: Record<string, unknown> }): Promise<Sample[]> {
  const samples: Sample[] = [];
  const count = Math.max(1, Math.floor((forSeconds * 1000) / 600));
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    samples.push(await client.send(query));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 600 - (performance.now() - started))));
  }
  return samples;
}

function rateLimited(samples: Sample[]): number {
  return samples.filter((s) => s.body?.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED')).length;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:shaper failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
