import { readFileSync } from 'node:fs';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from '../../src/telemetry/metrics.ts';

interface Target { expr: string }
interface Panel { title: string; type: string; targets?: Target[]; panels?: Panel[] }
const dashboard = JSON.parse(readFileSync(new URL('../../dashboards/grafana-zoom-graphql-gateway.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: Array<{ query: { query: string } }> };
};

const panels = dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
const exprs = panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title, expr: target.expr })));

/** Grafana's variables as Prometheus would see them once substituted. */
const substituted = (expr: string): string => expr.replaceAll('$__rate_interval', '5m').replaceAll('$job', '.*');

/** Every metric an expression selects, with the label names its matchers use; fails on any syntax error. */
function selectors(expr: string): Array<{ metric: string; labels: string[] }> {
  const text = substituted(expr);
  const tree = parser.parse(text);
  const found: Array<{ metric: string; labels: string[] }> = [];
  const errors: string[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`${node.from}: ${text.slice(Math.max(0, node.from - 10), node.to + 10)}`);
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      const matchers = node.node.getChild('LabelMatchers');
      const labels = matchers === null ? [] : matchers.getChildren('UnquotedLabelMatcher').map((matcher) => {
        const name = matcher.getChild('LabelName')!;
        return text.slice(name.from, name.to);
      });
      expect(identifier, `a selector without a metric name in ${expr}`).not.toBeNull();
      found.push({ metric: text.slice(identifier!.from, identifier!.to), labels });
    },
  });
  expect(errors, `PromQL syntax errors in ${expr}`).toEqual([]);
  return found;
}

describe('the Grafana dashboard', () => {
  const metrics = createGatewayMetrics();
  const registered = new Map(
    metrics.registry.getMetricsAsArray().map((metric) => {
      const { name, labelNames, type } = metric as unknown as { name: string; labelNames?: string[]; type?: string };
      return [name, { labelNames: labelNames ?? [], type: type ?? (metric.constructor.name === 'Histogram' ? 'histogram' : 'other') }];
    }),
  );

  it('has the panels an operator needs', () => {
    const titles = panels.map((panel) => panel.title.toLowerCase()).join('\n');
    for (const needed of ['category', 'calls per query', 'cache hit ratio', 'error codes', 'p95 latency']) expect(titles).toContain(needed);
    expect(exprs.length).toBeGreaterThanOrEqual(20);
  });

  it('queries only metrics the gateway registers, with labels they have, in valid PromQL', () => {
    const used = new Set<string>();
    for (const { expr } of exprs) {
      for (const { metric, labels } of selectors(expr)) {
        const suffix = /_(bucket|sum|count)$/.exec(metric)?.[0];
        const base = suffix !== undefined && registered.get(metric.slice(0, -suffix.length))?.type === 'histogram' ? metric.slice(0, -suffix.length) : metric;
        const known = registered.get(base);
        expect(known, `${metric} (in ${expr}) is not a metric of the gateway`).toBeDefined();
        if (suffix !== undefined && base !== metric) expect(known!.type).toBe('histogram');
        const allowed = new Set([...known!.labelNames, 'job', 'instance', ...(suffix === '_bucket' ? ['le'] : [])]);
        for (const label of labels) expect(allowed.has(label), `${metric} has no label ${label}`).toBe(true);
        used.add(base);
      }
    }
    // The variable's query names a metric too.
    for (const variable of dashboard.templating.list) {
      const metric = /label_values\((\w+),/.exec(variable.query.query)?.[1];
      expect(registered.has(metric!), variable.query.query).toBe(true);
    }
    // Every gateway metric is on the dashboard somewhere.
    const gatewayMetrics = [...registered.keys()].filter((name) => name.startsWith('zoom_gateway_'));
    expect(gatewayMetrics.filter((name) => !used.has(name))).toEqual([]);
  });

  it('would catch a wrong metric name or a syntax error', () => {
    expect(() => selectors('sum(rate(zoom_gateway_nope_total[5m])')).toThrow();
    expect(registered.has('zoom_gateway_nope_total')).toBe(false);
  });
});
