import type { Sandbox } from './server.ts';

/**
 * The variables that point a gateway at `sandbox` as if it were Zoom: its Server-to-Server OAuth credentials, API
 * and token URLs and webhook secret. For tests and benchmarks that run several gateways on one sandbox (in sandbox
 * mode each gateway would start a sandbox of its own).
 */
export function gatewayEnvFor(sandbox: Pick<Sandbox, 'credentials' | 'apiUrl' | 'oauthUrl'>): Record<string, string> {
  return {
    ZOOM_ACCOUNT_ID: sandbox.credentials.accountId,
    ZOOM_CLIENT_ID: sandbox.credentials.clientId,
    ZOOM_CLIENT_SECRET: sandbox.credentials.clientSecret,
    ZOOM_API_URL: sandbox.apiUrl,
    ZOOM_OAUTH_URL: sandbox.oauthUrl,
    ZOOM_WEBHOOK_SECRET_TOKENS: sandbox.credentials.webhookSecretToken,
  };
}
