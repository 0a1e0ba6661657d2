import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.ts';
import { createTelemetry } from '../../src/telemetry/index.ts';

/** A collector stand-in: records what is posted to it. */
const posts: Array<{ path: string; type: string; bytes: number }> = [];
const collector = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    posts.push({ path: request.url ?? '', type: String(request.headers['content-type']), bytes: Buffer.concat(chunks).length });
    response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe('traces exported over OTLP/HTTP', () => {
  it('loads the SDK only when OTEL_* ask for it and sends spans to the configured endpoint', async () => {
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', () => resolve()));
    const endpoint = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;

    const off = await createTelemetry(parseConfig({ NODE_ENV: 'test' }).telemetry);
    expect(off.tracer).toBeUndefined();
    expect(off.requestSpans).toBeUndefined();
    await off.close();

    // The exporter reads the standard variable itself, as it would in production.
    process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = endpoint;
    try {
      const on = await createTelemetry(parseConfig({ NODE_ENV: 'test', OTEL_EXPORTER_OTLP_ENDPOINT: endpoint }).telemetry);
      expect(on.tracer).toBeDefined();
      on.tracer!.startSpan('query Smoke').end();
      // Shutting down flushes the batch.
      await on.close();
    } finally {
      delete process.env['OTEL_EXPORTER_OTLP_ENDPOINT'];
    }
    expect(posts.map((post) => post.path)).toEqual(['/v1/traces']);
    expect(posts[0]!.bytes).toBeGreaterThan(0);
  });
});
