import { Counter, Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createFastCounter, createFastHistogram } from '../../src/telemetry/fast-metrics.ts';

describe('fast metrics', () => {
  it("expose exactly what prom-client's own counter and histogram expose for the same records", async () => {
    const own = new Registry();
    const fast = new Registry();
    const help = 'Test.';
    const counter = new Counter({ name: 't_total', help, labelNames: ['a', 'b'] as const, registers: [own] });
    const histogram = new Histogram({ name: 't_seconds', help, labelNames: ['a'] as const, buckets: [0.1, 1, 5], registers: [own] });
    const fastCounter = createFastCounter<'a' | 'b'>({ name: 't_total', help, labelNames: ['a', 'b'], registers: [fast] });
    const fastHistogram = createFastHistogram<'a'>({ name: 't_seconds', help, labelNames: ['a'], buckets: [5, 0.1, 1], registers: [fast] });

    const records: Array<[string, string, number]> = [['x', 'y', 0.05], ['x', 'y', 0.1], ['x', 'z', 2], ['w', 'y', 7], ['x', 'y', 1]];
    for (const [a, b, value] of records) {
      counter.inc({ a, b });
      histogram.observe({ a }, value);
      fastCounter.inc(`${a} ${b}`, () => ({ a, b }));
      fastHistogram.observe(a, () => ({ a }), value);
    }
    expect(await fast.metrics()).toBe(await own.metrics());
    fast.resetMetrics();
    own.resetMetrics();
    expect(await fast.metrics()).toBe(await own.metrics());
  });
});
