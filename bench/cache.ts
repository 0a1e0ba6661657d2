/*
 * `npm run bench:cache`: the shared cache of Zoom's answers (src/cache) against the scenarios, cache on and
 * off side by side:
 * 1. fleet: 20 users each reloading a page of 10 users with 5 meetings each every 0.5 s (a load starts 0.5 s after the
 *    last one started, or when it ends if it took longer), on a sandbox enforcing the Pro plan's limits with 40 + 0..20
 *    ms per Zoom call, while a meeting on the page is renamed in Zoom itself every 5 s (a PATCH on the sandbox, which
 *    sends its webhook to the gateway): answers, RATE_LIMITED, Zoom 429s, Zoom calls per load, p50/p95, and how long
 *    after its webhook each rename showed on a page;
 * 2. thirty: 30 users x 10 meetings with their settings (three waves of calls: the users, their meetings, each
 *    meeting's detail), no rate limits, 50 ms per call (and 150 ms): cold (Cache-Control: no-cache, as with an empty
 *    cache) and warm, the gateway in a process of its own, beside a floor: the same calls by undici alone.
 * It only reports. Knobs: BENCH_CACHE_SECONDS (fleet phase length, default 20), BENCH_LATENCY_MS, BENCH_JITTER_MS,
 * BENCH_CACHE_SCENARIOS (fleet,thirty).
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { SANDBOX_DATA_PRESETS, startSandbox, type Sandbox } from '../src/sandbox/index.ts';
import { GRAPHQL_PATH } from '../src/server/app.ts';
import { WEBHOOK_PATH } from '../src/server/webhooks.ts';
import { createZoomClient, type ZoomRestClient } from '../src/zoom/index.ts';
import { adminKeyEnv, startBenchGateway } from './gateway.ts';
import { GraphqlLoadClient, percentile, type Sample } from './load.ts';
import { parseBenchOptions } from './options.ts';
import { startSystemProcess } from './system-process.ts';
import { zoomTarget } from './zoom-target.ts';

const seconds = Number(process.env.BENCH_CACHE_SECONDS ?? '20');
if (!Number.isInteger(seconds) || seconds < 2 || seconds > 120) {
  throw new Error(`BENCH_CACHE_SECONDS: expected a whole number from 2 to 120, got ${JSON.stringify(process.env.BENCH_CACHE_SECONDS)}`);
}
const { latencyMs, jitterMs } = parseBenchOptions(process.env);
const SCENARIOS = ['fleet', 'thirty'] as const;
/** `BENCH_CACHE_SCENARIOS=thirty` runs only those (e.g. under a profiler). */
const scenarios = (process.env.BENCH_CACHE_SCENARIOS ?? SCENARIOS.join(',')).split(',').map((name) => name.trim());
for (const name of scenarios) {
  if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`BENCH_CACHE_SCENARIOS: expected some of ${SCENARIOS.join(', ')}, got ${JSON.stringify(name)}`);
}
const API_KEY = `zgw_bench_${randomBytes(18).toString('base64url')}`;
const USERS = 20;
const RELOAD_MS = 500;
const RENAME_MS = 5_000;
const THIRTY_LATENCY_MS = 50;
/**
 * Also measured at this latency per call, nearer what a gateway far from Zoom's region sees: where waiting on Zoom
 * outweighs this VM's CPU per call, the figure shows whether the gateway adds waves of its own.
 */
const THIRTY_FAR_LATENCY_MS = 150;
/** Loads timed per measure (cold, warm): medians of 10, the VM's noise being what it is. */
const THIRTY_RUNS = 10;
const PAGE = { name: 'Page', query: '{ users(first: 10) { nodes { id email meetings(first: 5) { nodes { id topic startTime } } } } }' };
const THIRTY = {
  name: 'UsersWithMeetings',
  query: '{ users(first: 30) { nodes { id email meetings(first: 10) { nodes { id topic host { email } settings { waitingRoom joinBeforeHost } password } } } } }',
};

async function main(): Promise<void> {
  log(`bench:cache: fleet ${seconds} s per run, Zoom latency ${latencyMs} ms + 0..${jitterMs} ms; thirty at ${THIRTY_LATENCY_MS} and ${THIRTY_FAR_LATENCY_MS} ms`);
  const fleetColumns = [
    'cache', 'page loads', 'answered', 'RATE_LIMITED', 'Zoom 429s', 'Zoom calls per load', 'p50 / p95 ms', 'renames shown', 'shown after webhook ms (max)',
  ];
  if (scenarios.includes('fleet')) {
    const rows = [await fleet(true), await fleet(false)];
    log(`\nfleet (Pro sandbox: ${USERS} users reloading ${PAGE.query} every ${RELOAD_MS} ms; a rename in Zoom every ${RENAME_MS / 1000} s)`);
    table(fleetColumns, rows);
  }
  if (!scenarios.includes('thirty')) return;
  log(`\nthirty (30 users x 10 meetings with settings, no rate limits; bound 1.15 x 3 round trips: ${bound(THIRTY_LATENCY_MS)} ms at ${THIRTY_LATENCY_MS} ms per call, ${bound(THIRTY_FAR_LATENCY_MS)} ms at ${THIRTY_FAR_LATENCY_MS} ms)`);
  table(['Zoom latency ms', 'ZOOM_MAX_CONNECTIONS', 'Zoom calls cold', 'cold median / min ms', 'gateway CPU ms per cold load', 'floor median / min ms', 'cold / floor', 'warm median / min ms', 'warm / cold', 'Zoom calls warm'],
    [await thirty(256, THIRTY_LATENCY_MS), await thirty(512, THIRTY_LATENCY_MS), await thirty(256, THIRTY_FAR_LATENCY_MS)]);
}

async function fleet(cached: boolean): Promise<string> {
  const sandbox = await startSandbox({ data: 'small', rateLimits: 'pro', host: '127.0.0.1' });
  sandbox.faults.addLatency({ fixedMs: latencyMs, jitterMs, seed: 1 });
  const direct = directClient(sandbox);
  const gateway = await startBenchGateway(sandbox, { ...adminKeyEnv(API_KEY), CACHE_ENABLED: String(cached), ZOOM_PLAN: 'pro' });
  sandbox.webhooks.configure({ url: `${gateway.url}${WEBHOOK_PATH}`, secretToken: sandbox.credentials.webhookSecretToken });
  const client = new GraphqlLoadClient(`${gateway.url}${GRAPHQL_PATH}`, USERS, API_KEY);
  try {
    const meetingId = await meetingOnThePage(direct);
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // the lookup's calls leave the Pro window
    sandbox.stats.reset();
    sandbox.webhooks.clear();
    const renames: Array<{ topic: string; shownAt?: number }> = [];
    const until = performance.now() + seconds * 1000;
    const renaming = (async () => {
      for (let n = 1; performance.now() + RENAME_MS <= until; n++) {
        await sleep(RENAME_MS);
        const topic = `Renamed in Zoom #${n}`;
        await direct.call('meetingUpdate', { path: { meetingId }, body: { topic } });
        renames.push({ topic });
      }
    })();
    const samples: Sample[] = [];
    await Promise.all(Array.from({ length: USERS }, async () => {
      while (performance.now() < until) {
        const started = performance.now();
        const sample = await client.send(PAGE);
        samples.push(sample);
        const latest = renames.at(-1);
        if (latest !== undefined && latest.shownAt === undefined && topicOf(sample, meetingId) === latest.topic) latest.shownAt = Date.now();
        await sleep(RELOAD_MS - (performance.now() - started));
      }
    }));
    await renaming;
    await sandbox.webhooks.settled();
    const stats = sandbox.stats.snapshot();
    const calls = stats.apiCalls - sandbox.stats.count('meetingUpdate');
    const answered = samples.filter((s) => s.status === 200 && s.body?.errors === undefined).length;
    const limited = samples.filter((s) => s.body?.errors?.some((e) => e.extensions?.code === 'RATE_LIMITED')).length;
    const ms = samples.map((s) => s.ms);
    // Each rename's webhook, in order: how long after it was delivered the page first showed the new topic.
    const delivered = sandbox.webhooks.deliveries().filter((d) => d.event === 'meeting.updated' && d.ok);
    const shownAfter = renames.flatMap((rename, i) => (rename.shownAt === undefined || delivered[i] === undefined ? [] : [rename.shownAt - delivered[i]!.timestamp]));
    const shown = renames.filter((rename) => rename.shownAt !== undefined).length;
    return `| ${cached ? 'on' : 'off'} | ${samples.length} | ${answered} (${pct(answered, samples.length)}) | ${limited} | ${stats.byStatus['429'] ?? 0} | ` +
      `${(calls / samples.length).toFixed(2)} | ${percentile(ms, 50).toFixed(0)} / ${percentile(ms, 95).toFixed(0)} | ${shown} of ${renames.length} | ` +
      `${shownAfter.length === 0 ? '-' : Math.max(...shownAfter).toFixed(0)} |`;
  } finally {
    await client.close();
    await direct.close();
    await gateway.close();
    await sandbox.close();
  }
}

function bound(latency: number): string {
  return (1.15 * 3 * latency).toFixed(0);
}

async function thirty(maxConnections: number, latency: number): Promise<string> {
  const sandbox = await startSandbox({ data: { ...SANDBOX_DATA_PRESETS.small, users: 45, meetingsPerUser: 12 }, rateLimits: 'unlimited', host: '127.0.0.1' });
  sandbox.faults.addLatency({ fixedMs: latency, seed: 1 });
  // The gateway in a process of its own, as in bench/run.ts: Zoom (the sandbox, answering 331 calls per cold load) is
  // another machine in production, so its CPU must not be the gateway's; on one event loop it was half the cold time.
  const gateway = await startSystemProcess('gateway', await zoomTarget(sandbox), API_KEY, {
    ZOOM_PLAN: 'unlimited',
    ZOOM_MAX_CONNECTIONS: String(maxConnections),
    CACHE_ENABLED: 'true',
  });
  const client = new GraphqlLoadClient(gateway.graphqlUrl, 1, API_KEY);
  const fresh = { 'cache-control': 'no-cache' };
  try {
    // The token, the pool's connections and the JIT's compiled code before anything is timed: "cold" is an empty
    // cache, not a process that just started (bench/run.ts measures that).
    for (let i = 0; i < 5; i++) check(await client.send(THIRTY, fresh));
    sandbox.stats.reset();
    const cold: number[] = [];
    const cpuBefore = await gateway.cpuMicros();
    for (let i = 0; i < THIRTY_RUNS; i++) cold.push(check(await client.send(THIRTY, fresh)).ms);
    const cpuPerCold = (await gateway.cpuMicros() - cpuBefore) / 1000 / cold.length;
    const coldCalls = sandbox.stats.apiCalls() / cold.length;
    sandbox.stats.reset();
    const warm: number[] = [];
    for (let i = 0; i < THIRTY_RUNS; i++) warm.push(check(await client.send(THIRTY)).ms);
    const warmCalls = sandbox.stats.apiCalls();
    const floor = await floorOf(sandbox, maxConnections);
    const coldMedian = percentile(cold, 50);
    const warmMedian = percentile(warm, 50);
    return `| ${latency} | ${maxConnections} | ${coldCalls.toFixed(0)} | ${coldMedian.toFixed(0)} / ${Math.min(...cold).toFixed(0)} | ${cpuPerCold.toFixed(0)} | ` +
      `${floor.median.toFixed(0)} / ${floor.min.toFixed(0)} (${floor.calls} calls) | ${(coldMedian / floor.median).toFixed(2)} | ` +
      `${warmMedian.toFixed(1)} / ${Math.min(...warm).toFixed(1)} | ${pct(warmMedian, coldMedian)} | ${warmCalls} |`;
  } finally {
    await client.close();
    await gateway.stop();
    await sandbox.close();
  }
}

/**
 * The same cold calls made by undici alone in a process of its own (bench/waves-host.ts), THIRTY_RUNS times after one
 * unmeasured run: what any client takes here, against which the gateway's cold time is read.
 */
async function floorOf(sandbox: Sandbox, connections: number): Promise<{ median: number; min: number; calls: number }> {
  const host = fork(fileURLToPath(new URL('./waves-host.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: fileURLToPath(new URL('../', import.meta.url)),
    env: { PATH: process.env.PATH ?? '' },
  });
  const next = async <T>(type: string): Promise<T> => {
    const [message] = (await once(host, 'message')) as [{ type: string; message?: string } & T];
    if (message.type !== type) throw new Error(`bench:cache: the floor host answered ${message.type} ${message.message ?? ''}`);
    return message;
  };
  try {
    host.send({ type: 'start', zoom: await zoomTarget(sandbox), connections });
    await next('ready');
    const runs: Array<{ ms: number; calls: number }> = [];
    for (let i = 0; i <= THIRTY_RUNS; i++) {
      host.send({ type: 'run' });
      runs.push(await next<{ ms: number; calls: number }>('ran'));
    }
    const ms = runs.slice(1).map((run) => run.ms);
    return { median: percentile(ms, 50), min: Math.min(...ms), calls: runs[0]!.calls };
  } finally {
    host.send({ type: 'stop' });
    await once(host, 'exit');
  }
}

/** Another app on the same Zoom account: renames go to Zoom directly, not through the gateway. */
function directClient(sandbox: Sandbox): ZoomRestClient {
  const { accountId, clientId, clientSecret } = sandbox.credentials;
  return createZoomClient({ apiUrl: sandbox.apiUrl, auth: { type: 's2s', accountId, clientId, clientSecret, oauthUrl: sandbox.oauthUrl } });
}

/** A meeting the page shows: the first meeting of the first of the page's users who has one. */
async function meetingOnThePage(zoom: ZoomRestClient): Promise<string> {
  for (const user of (await zoom.call('users', { query: { page_size: 10 } })).users) {
    const meetings = await zoom.call('meetings', { path: { userId: user.id }, query: { page_size: 5 } }).catch(() => undefined);
    const first = meetings?.meetings?.[0];
    if (first !== undefined) return String(first.id);
  }
  throw new Error('bench:cache: no user on the page has a meeting');
}

function topicOf(sample: Sample, meetingId: string): string | undefined {
  const users = (sample.body?.data as { users?: { nodes: Array<{ meetings: { nodes: Array<{ id: string; topic: string }> } }> } } | undefined)?.users?.nodes ?? [];
  for (const user of users) for (const meeting of user.meetings.nodes) if (meeting.id === meetingId) return meeting.topic;
  return undefined;
}

function check(sample: Sample): Sample {
  if (sample.status !== 200 || sample.body?.errors !== undefined) throw new Error(`bench:cache: unexpected answer ${sample.status} ${JSON.stringify(sample.body?.errors)}`);
  return sample;
}

function pct(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(part < whole / 10 ? 1 : 0)}%`;
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

function table(columns: string[], rows: string[]): void {
  log(`| ${columns.join(' | ')} |`);
  log(`|${columns.map(() => '---|').join('')}`);
  for (const row of rows) log(row);
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:cache failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
