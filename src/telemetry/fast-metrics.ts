import type { Registry } from 'prom-client';

/*
 * Counters and histograms for the paths every request takes (operations, Zoom attempts, the shaper's answers, cache
 * lookups). prom-client's own resolve their labels on every call (validate them, sort their names, build a hash
 * string) and allocate a result object, which cost about as much as the rest of a request's metrics together; these
 * keep one entry per label set, found by a key the caller builds from the label values it already holds, and give
 * prom-client's registry the same exposition when it is scraped. Label values come from small fixed sets (the caller
 * folds anything else), so the entries stay few.
 */

type Labels<Name extends string> = Readonly<Record<Name, string>>;

/** The shape prom-client's registry formats (`Registry#getMetricsAsString`). */
interface MetricValue {
  labels: Record<string, string | number>;
  value: number;
  metricName?: string;
}

/** A counter whose label sets are looked up by a caller-built key. */
export interface FastCounter<Name extends string> {
  /** Adds `by` (default 1) to the label set `key` names; `labels` builds it the first time `key` is seen. */
  inc(key: string, labels: () => Labels<Name>, by?: number): void;
}

/** A histogram whose label sets are looked up by a caller-built key. */
export interface FastHistogram<Name extends string> {
  /** Records `value` for the label set `key` names; `labels` builds it the first time `key` is seen. */
  observe(key: string, labels: () => Labels<Name>, value: number): void;
}

interface MetricDefinition<Name extends string = string> {
  name: string;
  help: string;
  labelNames: readonly Name[];
  registers: Registry[];
}

export function createFastCounter<Name extends string>(definition: MetricDefinition<Name>): FastCounter<Name> {
  const entries = new Map<string, { labels: Labels<Name>; value: number }>();
  register(definition, 'counter', () => [...entries.values()].map((entry) => ({ labels: { ...entry.labels }, value: entry.value })), () => entries.clear());
  return {
    inc(key, labels, by = 1) {
      const entry = entries.get(key);
      if (entry === undefined) entries.set(key, { labels: labels(), value: by });
      else entry.value += by;
    },
  };
}

export function createFastHistogram<Name extends string>(definition: MetricDefinition<Name> & { buckets: readonly number[] }): FastHistogram<Name> {
  const bounds = [...definition.buckets].sort((a, b) => a - b);
  const entries = new Map<string, { labels: Labels<Name>; counts: Float64Array; sum: number; count: number }>();
  register(definition, 'histogram', () => {
    const values: MetricValue[] = [];
    for (const entry of entries.values()) {
      // Buckets are cumulative in the exposition: each counts every observation at most its bound.
      let cumulative = 0;
      bounds.forEach((bound, i) => {
        cumulative += entry.counts[i]!;
        values.push({ labels: { le: bound, ...entry.labels }, value: cumulative, metricName: `${definition.name}_bucket` });
      });
      values.push({ labels: { le: '+Inf', ...entry.labels }, value: entry.count, metricName: `${definition.name}_bucket` });
      values.push({ labels: { ...entry.labels }, value: entry.sum, metricName: `${definition.name}_sum` });
      values.push({ labels: { ...entry.labels }, value: entry.count, metricName: `${definition.name}_count` });
    }
    return values;
  }, () => entries.clear());
  return {
    observe(key, labels, value) {
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { labels: labels(), counts: new Float64Array(bounds.length), sum: 0, count: 0 };
        entries.set(key, entry);
      }
      entry.sum += value;
      entry.count += 1;
      for (let i = 0; i < bounds.length; i++) {
        if (value <= bounds[i]!) {
          entry.counts[i] = entry.counts[i]! + 1;
          break;
        }
      }
    },
  };
}

/** Registers a metric that prom-client's registry formats like its own (it reads `get()`, calls `reset()`). */
function register(definition: MetricDefinition, type: 'counter' | 'histogram', values: () => MetricValue[], reset: () => void): void {
  const metric = {
    name: definition.name,
    help: definition.help,
    type,
    labelNames: definition.labelNames,
    aggregator: 'sum',
    get: async () => ({ name: definition.name, help: definition.help, type, values: values(), aggregator: 'sum' as const }),
    reset,
  };
  for (const registry of definition.registers) registry.registerMetric(metric as never);
}
