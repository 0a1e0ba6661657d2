import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GatewayMetrics } from './metrics.ts';

/** The path Prometheus scrapes. */
export const METRICS_PATH = '/metrics';

/** A listener serving only `GET /metrics`. */
export interface MetricsServer {
  /** e.g. `http://127.0.0.1:9464` (scrape `${url}/metrics`). */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves the metrics on an address of their own (`METRICS_HOST`:`METRICS_PORT`), apart from the GraphQL port, so
 * they are reachable only where the operator exposes that port: no route of the public server leaks them.
 * A plain Node server: one route, no body, no credentials to check.
 */
export async function startMetricsServer(metrics: GatewayMetrics, address: { host: string; port: number }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== METRICS_PATH || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: scrape GET /metrics\n');
      return;
    }
    metrics.scrape().then(
      (text) => {
        response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        response.end(request.method === 'HEAD' ? undefined : text);
      },
      () => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics could not be collected\n');
      },
    );
  });
  // Scrapers keep their connection open between scrapes; closing must not wait for them.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address.port, address.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${bound.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
