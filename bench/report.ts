import type { BenchResult } from './run.ts';

const MIB = 2 ** 20;

/** The human-readable report: per-query figures for both systems with ratios, then start-up and memory. */
export function formatReport(result: BenchResult): string {
  const { options, machine, sandbox, systems, comparisons } = result;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
    `Sandbox: large preset (${sandbox.users} users, ${sandbox.meetings} meetings), unlimited rate limits, ` +
      `Zoom latency ${options.latencyMs} ms + 0..${options.jitterMs} ms per call`,
    `Latency: ${options.iterations} sequential runs after one warm-up; throughput: ${options.throughputRequests} requests at concurrency ${options.concurrency}`,
    '',
  );

  const header = ['query', 'system', 'Zoom calls', 'p50 ms', 'p95 ms', 'p99 ms', `req/s @${options.concurrency}`, 'failed'];
  const rows: string[][] = [];
  comparisons.forEach((comparison, index) => {
    for (const system of ['gateway', 'naive'] as const) {
      const q = systems[system].queries[index]!;
      rows.push([
        system === 'gateway' ? comparison.query : '',
        system,
        calls(q.zoomCalls),
        q.latency.p50.toFixed(1),
        q.latency.p95.toFixed(1),
        q.latency.p99.toFixed(1),
        q.throughput.perSecond.toFixed(1),
        String(q.failures + q.throughput.failures),
      ]);
    }
    rows.push([
      '',
      'naive/gw',
      ratio(comparison.callsRatio),
      ratio(comparison.p50Ratio),
      '',
      '',
      `gw ${ratio(comparison.throughputRatio)}`,
      comparison.sameAnswer ? 'same answer' : `ANSWERS DIFFER at ${comparison.difference}`,
    ]);
  });
  lines.push(...table(header, rows), '');

  lines.push('Gateway query cost (extensions.cost: Zoom calls per rate-limit category, light/medium/heavy):');
  for (const q of systems.gateway.queries) lines.push(`  ${q.query.padEnd(22)} ${formatCost(q.cost)}`);
  lines.push('');
  const differing = comparisons.filter((comparison) => !comparison.sameAnswer);
  if (differing.length > 0) {
    lines.push(`WARNING: the systems answered differently for ${differing.map((c) => c.query).join(', ')}; their figures do not compare.`, '');
  }

  const gateway = systems.gateway;
  const naive = systems.naive;
  const startRows: string[][] = [
    ['cold start: fork to first answer (ms)', ms(gateway.coldStart.totalMs), ms(naive.coldStart.totalMs)],
    ['  node + tsx boot', ms(gateway.coldStart.bootMs), ms(naive.coldStart.bootMs)],
    ['  import modules', ms(gateway.coldStart.importMs), ms(naive.coldStart.importMs)],
    ['  build + listen', ms(gateway.coldStart.buildAndListenMs), ms(naive.coldStart.buildAndListenMs)],
    ['  first query (Me)', ms(gateway.coldStart.firstQueryMs), ms(naive.coldStart.firstQueryMs)],
    ['RSS after all queries (MiB)', mib(gateway.memory.rss), mib(naive.memory.rss)],
    [`heap used after${gateway.memory.afterGc ? ' GC' : ''} (MiB)`, mib(gateway.memory.heapUsed), mib(naive.memory.heapUsed)],
    ['peak RSS (MiB)', mib(gateway.memory.maxRss), mib(naive.memory.maxRss)],
  ];
  lines.push(...table(['process', 'gateway', 'naive'], startRows), '');
  lines.push(`Sandbox large preset build (startSandbox): ${ms(sandbox.buildMs)} ms. Whole run: ${(result.durationMs / 1000).toFixed(0)} s.`);
  lines.push('Zoom calls: per query, counted by the sandbox (token requests excluded). Ratios: naive/gateway for calls and p50, gateway/naive for req/s.');
  return lines.join('\n');
}

function ratio(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : 'n/a';
}

/** `estimated 1/30/0, actual 1/30/0, budget 1000/100/10` from the gateway's cost extension, or `-` when it has none. */
function formatCost(cost: unknown): string {
  const counts = (value: unknown): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const { light, medium, heavy } = value as Record<string, unknown>;
    return [light, medium, heavy].map((n) => (typeof n === 'number' ? String(n) : '?')).join('/');
  };
  if (typeof cost !== 'object' || cost === null) return '-';
  const { estimated, actual, budget } = cost as Record<string, unknown>;
  return [
    `estimated ${counts(estimated) ?? '?'}`,
    ...(actual === undefined ? [] : [`actual ${counts(actual) ?? '?'}`]),
    ...(budget === undefined ? [] : [`budget ${counts(budget) ?? '?'}`]),
  ].join(', ');
}

function calls(figures: { min: number; max: number; mean: number }): string {
  return figures.min === figures.max ? String(figures.min) : `${figures.min}-${figures.max}`;
}

function ms(value: number): string {
  return value.toFixed(0);
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}

/** Left-aligns the first column(s) of text, right-aligns numbers; the last column is free text. */
function table(header: readonly string[], rows: readonly string[][]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (column === header.length - 1 ? 0 : (row[column] ?? '').length))));
  const format = (row: readonly string[]) =>
    row
      .map((cell, column) => {
        if (column === row.length - 1) return cell;
        const width = widths[column]!;
        return /^[\d.x -]+$|^gw /.test(cell) && column > 0 ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [format(header), widths.map((width, column) => '-'.repeat(column === header.length - 1 ? header[column]!.length : width)).join('  '), ...rows.map(format)];
}
