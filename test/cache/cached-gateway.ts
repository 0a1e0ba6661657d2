import type { GatewayDeps } from '../../src/server/app.ts';
import { WEBHOOK_PATH } from '../../src/server/webhooks.ts';
import { createZoomClient, type ZoomRestClient } from '../../src/zoom/index.ts';
import { startSecuredGateway, type SecuredGateway } from '../security/secured-gateway.ts';

const WEBHOOK_SECRET = 'sandbox-webhook-secret';

export interface CachedGateway {
  gw: SecuredGateway;
  /** Another app on the same Zoom account: its changes reach the gateway only through Zoom's webhooks. */
  zoomDirect: ZoomRestClient;
  close(): Promise<void>;
}

/**
 * The shared cache inside the real gateway (createGateway: caller auth, access rules, cost, webhooks) over a sandbox
 * that sends its webhooks to it, as Zoom would.
 */
export async function startCachedGateway(deps: Pick<GatewayDeps, 'onCacheEvent'> = {}): Promise<CachedGateway> {
  const gw = await startSecuredGateway({ env: { CACHE_ENABLED: 'true', ZOOM_WEBHOOK_SECRET_TOKENS: WEBHOOK_SECRET }, deps });
  gw.sandbox.webhooks.configure({ url: `${gw.url}${WEBHOOK_PATH}`, secretToken: WEBHOOK_SECRET });
  const zoomDirect = createZoomClient({ auth: { type: 's2s', ...gw.sandbox.credentials, oauthUrl: gw.sandbox.oauthUrl }, apiUrl: gw.sandbox.apiUrl });
  return {
    gw,
    zoomDirect,
    async close() {
      await zoomDirect.close();
      await gw.close();
    },
  };
}
