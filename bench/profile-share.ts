/*
 * `node --import tsx bench/profile-share.ts <dir>`: where the CPU of a `node --cpu-prof` run went, by owner of the
 * innermost frame that is not Node's own: OpenTelemetry, prom-client, src/telemetry, the sandbox, everything else;
 * plus garbage collection. Idle samples and bench/telemetry.ts's direct timing are left out. Unlike rates, these
 * shares hardly move when other processes compete for the CPU. For the gateway process of one telemetry mode:
 *   BENCH_TELEMETRY_MODES=metrics+traces BENCH_HOST_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/traces' npm run bench:telemetry
 *   node --import tsx bench/profile-share.ts /tmp/traces     (the largest profile there: the gateway's)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface CallFrame { functionName: string; url: string }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[] }

const dir = process.argv[2];
if (dir === undefined) throw new Error('usage: bench/profile-share.ts <directory with a .cpuprofile>');
const file = readdirSync(dir)
  .filter((name) => name.endsWith('.cpuprofile'))
  .map((name) => join(dir, name))
  .sort((a, b) => statSync(b).size - statSync(a).size)[0];
if (file === undefined) throw new Error(`no .cpuprofile in ${dir}`);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

function ownerOf(leaf: number): string | undefined {
  const frames: CallFrame[] = [];
  for (let id: number | undefined = leaf; id !== undefined; id = parentOf.get(id)) frames.push(byId.get(id)!.callFrame);
  if (frames.some((frame) => frame.functionName === 'directCost')) return undefined;
  const top = frames[0]!.functionName;
  if (top === '(idle)') return undefined;
  if (top === '(garbage collector)') return 'garbage collection';
  const own = frames.find((frame) => frame.url !== '' && !frame.url.startsWith('node:'));
  if (own === undefined) return 'Node and V8 internals';
  if (own.url.includes('@opentelemetry')) return 'OpenTelemetry';
  if (own.url.includes('prom-client')) return 'prom-client';
  if (own.url.includes('/src/telemetry/') || own.url.includes('/src/zoom/attempt-span')) return 'src/telemetry';
  if (own.url.includes('/src/sandbox/')) return 'sandbox';
  return 'rest of the process';
}

const counts = new Map<string, number>();
let total = 0;
for (const sample of profile.samples) {
  const owner = ownerOf(sample);
  if (owner === undefined) continue;
  total++;
  counts.set(owner, (counts.get(owner) ?? 0) + 1);
}
process.stdout.write(`${file}: ${total} samples\n`);
for (const [owner, count] of [...counts].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`  ${owner.padEnd(24)} ${((100 * count) / total).toFixed(2).padStart(6)}%\n`);
}
const telemetry = ['OpenTelemetry', 'prom-client', 'src/telemetry'].reduce((sum, owner) => sum + (counts.get(owner) ?? 0), 0);
process.stdout.write(`  telemetry in all          ${((100 * telemetry) / total).toFixed(2).padStart(6)}%\n`);
