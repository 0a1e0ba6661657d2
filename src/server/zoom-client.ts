import type { Logger } from 'pino';
import type { GatewayConfig, ZoomAuthConfig } from '../config/index.ts';
import { redactFromLogs } from '../logger.ts';
import type { SharedStore } from '../state/store.ts';
import { createZoomClient, type ZoomAuthOptions, type ZoomClientOptions, type ZoomRestClient } from '../zoom/index.ts';

/**
 * What the gateway needs from its Zoom client: the calls, a token check for `/readyz`, and `close()`; and, when the
 * client can say, the scopes granted to its token (the scope check at start and in `/readyz`), and recording
 * downloads (the `/recordings/...` route).
 */
export type GatewayZoomClient = Pick<ZoomRestClient, 'call' | 'paginate' | 'checkToken' | 'close'> & Partial<Pick<ZoomRestClient, 'grantedScopes' | 'download'>>;

/**
 * Creates the process-wide Zoom client from the configuration. The client owns its keep-alive connection pool,
 * its token cache and its rate-limit state; `close()` releases them.
 * @throws TypeError when `zoom.auth` is null (sandbox mode before the sandbox has started: see `startGateway`).
 */
export function createZoomClientFromConfig(
  zoom: GatewayConfig['zoom'],
  options: {
    logger: Logger;
    onCall?: ZoomClientOptions['onCall'];
    onToken?: ZoomClientOptions['onToken'];
    tracer?: ZoomClientOptions['tracer'];
    rateLimiter?: ZoomClientOptions['rateLimiter'];
    /** Where the S2S token is kept: the shared store, so every instance on one Redis uses one token. Default: memory. */
    tokenStore?: SharedStore;
  },
): GatewayZoomClient {
  if (zoom.auth === null) {
    throw new TypeError('createZoomClientFromConfig: no Zoom credentials; in sandbox mode start the gateway with startGateway()');
  }
  return createZoomClient({
    auth: authOptions(zoom.auth, zoom, options.tokenStore),
    apiUrl: zoom.apiUrl,
    timeoutMs: zoom.timeoutMs,
    maxConnections: zoom.maxConnections,
    retry: { maxAttempts: zoom.retry.maxAttempts, budgetMs: zoom.retry.budgetMs },
    logger: options.logger.child({ component: 'zoom' }),
    // A token could surface in a log line through an upstream error body that echoes it: scrub it everywhere.
    onCredential: (token) => redactFromLogs(options.logger, token),
    // The rate shaper (src/shaper), when the gateway made one; otherwise the client's own 429 hold.
    ...(options.rateLimiter === undefined ? {} : { rateLimiter: options.rateLimiter }),
    // Per-request Zoom-call counting (`extensions.cost.actual`) observes every call here.
    ...(options.onCall === undefined ? {} : { onCall: options.onCall }),
    // Token metrics and attempt spans (src/telemetry).
    ...(options.onToken === undefined ? {} : { onToken: options.onToken }),
    ...(options.tracer === undefined ? {} : { tracer: options.tracer }),
  });
}

function authOptions(auth: ZoomAuthConfig, zoom: GatewayConfig['zoom'], store: SharedStore | undefined): ZoomAuthOptions {
  if (auth.kind === 's2s') {
    return {
      type: 's2s',
      accountId: auth.accountId,
      clientId: auth.clientId,
      clientSecret: auth.clientSecret,
      oauthUrl: zoom.oauthUrl,
      refreshMarginMs: zoom.tokenRefreshMarginSeconds * 1_000,
      useTokenApiUrl: zoom.useTokenApiUrl,
      ...(store === undefined ? {} : { store }),
    };
  }
  // The refresh margin is an S2S setting: a JWT we sign lives only ZOOM_JWT_TTL_SECONDS, so the signer keeps its own
  // short margin (LEGACY_JWT_DEFAULTS) instead of one that could exceed the token's whole lifetime.
  return { type: 'jwt', apiKey: auth.apiKey, apiSecret: auth.apiSecret, ttlSeconds: auth.tokenTtlSeconds };
}
