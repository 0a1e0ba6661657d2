import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createTelemetry } from '../../src/telemetry/index.ts';

/** A collector stand-in: records what is posted to it. */
const posts: Array<{ path: string; type: string; body: Buffer }> = [];
const collector = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    posts.push({ path: request.url ?? '', type: String(request.headers['content-type']), body: Buffer.concat(chunks) });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('traces exported over OTLP/HTTP', () => {
  /** Starts tracing as `variables` ask (the exporter reads the standard variables itself, as in production), makes one span and flushes it. */
  async function exportOneSpan(variables: Record<string, string>, name: string): Promise<void> {
    Object.assign(process.env, variables);
    try {
      const on = await createTelemetry(parseConfig({ NODE_ENV: 'test', ...variables }).telemetry);
      expect(on.tracer).toBeDefined();
      on.tracer!.startSpan(name).end();
      // Shutting down flushes the batch.
      await on.close();
    } finally {
      for (const variable of Object.keys(variables)) delete process.env[variable];
    }
  }

  it('loads the SDK only when OTEL_* ask for it and sends spans to the configured endpoint, as protobuf by default', async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

    const off = await createTelemetry(parseConfig({ NODE_ENV: 'test' }).telemetry);
    expect(off.tracer).toBeUndefined();
    expect(off.requestSpans).toBeUndefined();
    await off.close();

    await exportOneSpan({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }, 'query Smoke');
    expect(posts.map((post) => [post.path, post.type])).toEqual([['/v1/traces', 'application/x-protobuf']]);
    // A protobuf string field holds its UTF-8 bytes as they are.
    expect(posts[0]!.body.includes('query Smoke')).toBe(true);

    posts.length = 0;
    await exportOneSpan({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }, 'query Json');
    expect(posts.map((post) => [post.path, post.type])).toEqual([['/v1/traces', 'application/json']]);
    const sent = JSON.parse(posts[0]!.body.toString('utf8')) as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> };
    expect(sent.resourceSpans[0]!.scopeSpans[0]!.spans.map((span) => span.name)).toEqual(['query Json']);
  });
});
