import { expect } from 'vitest';

/** One sample of a scrape: its full name (with `_bucket`/`_sum`/`_count`), labels and value. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A scrape parsed into its families' declared types and its samples. */
export interface Scrape {
  types: Map<string, string>;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const HELP_LINE = new RegExp(`^# HELP (${METRIC_NAME}) .*$`);
const TYPE_LINE = new RegExp(`^# TYPE (${METRIC_NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE_LINE = new RegExp(`^(${METRIC_NAME})(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:\\\\.|[^"\\\\])*",?)*)\\})? (-?[0-9.]+(?:e[+-]?[0-9]+)?|[Nn][Aa][Nn]|[+-][Ii]nf)$`);
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:\\.|[^"\\])*)"/g;

/**
 * Parses the Prometheus text exposition format 0.0.4 strictly: every line is a HELP, a TYPE or a sample line; each
 * family is declared once, before its samples; a sample belongs to the family declared last (histograms by their
 * `_bucket`, `_sum`, `_count` suffixes); histogram buckets are cumulative and `+Inf` equals `_count`.
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
export function parseExposition(text: string): Scrape {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  let family: string | undefined;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const help = HELP_LINE.exec(line);
    if (help !== null) continue;
    const type = TYPE_LINE.exec(line);
    if (type !== null) {
      expect(types.has(type[1]!), `family ${type[1]} declared twice`).toBe(false);
      types.set(type[1]!, type[2]!);
      family = type[1];
      continue;
    }
    const sample = SAMPLE_LINE.exec(line);
    expect(sample, `not an exposition-format line: ${line}`).not.toBeNull();
    const name = sample![1]!;
    const suffixes = types.get(family ?? '') === 'histogram' ? ['_bucket', '_sum', '_count'] : types.get(family ?? '') === 'summary' ? ['_sum', '_count'] : [];
    expect([family, ...suffixes.map((suffix) => `${family}${suffix}`)], `sample ${name} outside its family`).toContain(name);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (sample![2] ?? '').matchAll(LABEL)) labels[key!] = value!.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    const raw = sample![3]!;
    // Prometheus reads values with Go's ParseFloat: NaN and Inf in any case (prom-client writes `Nan`).
    const lower = raw.toLowerCase();
    samples.push({ name, labels, value: lower === '+inf' ? Infinity : lower === '-inf' ? -Infinity : lower === 'nan' ? NaN : Number(raw) });
  }
  for (const [name, type] of types) {
    if (type !== 'histogram') continue;
    const series = new Map<string, Sample[]>();
    for (const sample of samples.filter((s) => s.name === `${name}_bucket`)) {
      const { le: _le, ...rest } = sample.labels;
      const key = JSON.stringify(rest);
      series.set(key, [...(series.get(key) ?? []), sample]);
    }
    for (const [key, buckets] of series) {
      const values = buckets.map((bucket) => bucket.value);
      expect(values, `${name} buckets are cumulative`).toEqual([...values].sort((a, b) => a - b));
      expect(buckets.at(-1)?.labels['le'], `${name} ends with +Inf`).toBe('+Inf');
      const count = samples.find((s) => s.name === `${name}_count` && JSON.stringify(s.labels) === key);
      expect(count?.value, `${name}_count equals its +Inf bucket`).toBe(values.at(-1));
    }
  }
  return { types, samples };
}

/** Fetches `/metrics` and parses it (failing the test on anything that is not valid exposition format). */
export async function scrape(metricsUrl: string): Promise<Scrape> {
  const response = await fetch(`${metricsUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await response.text());
}

const matches = (sample: Sample, labels: Record<string, string>): boolean =>
  Object.entries(labels).every(([key, value]) => sample.labels[key] === value);

/** The sum of the samples named `name` whose labels include `labels` (0 when none). */
export function sampleValue(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return scrape.samples.filter((sample) => sample.name === name && matches(sample, labels)).reduce((sum, sample) => sum + sample.value, 0);
}

/** A histogram's observation count and sum over the series whose labels include `labels`. */
export function histogram(scrape: Scrape, name: string, labels: Record<string, string> = {}): { count: number; sum: number } {
  return { count: sampleValue(scrape, `${name}_count`, labels), sum: sampleValue(scrape, `${name}_sum`, labels) };
}

/** How much the named samples moved between two scrapes. */
export function moved(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): number {
  return sampleValue(after, name, labels) - sampleValue(before, name, labels);
}

/** How much a histogram's count and sum moved between two scrapes. */
export function movedHistogram(before: Scrape, after: Scrape, name: string, labels: Record<string, string> = {}): { count: number; sum: number } {
  const [b, a] = [histogram(before, name, labels), histogram(after, name, labels)];
  return { count: a.count - b.count, sum: a.sum - b.sum };
}
