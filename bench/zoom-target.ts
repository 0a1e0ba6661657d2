import { request } from 'undici';
import type { Sandbox } from '../src/sandbox/index.ts';
import type { ZoomTarget } from './protocol.ts';

/** The sandbox's S2S credentials and one access token from its OAuth endpoint (the baseline's "same token"). */
export async function zoomTarget(sandbox: Sandbox): Promise<ZoomTarget> {
  const { accountId, clientId, clientSecret } = sandbox.credentials;
  const url = new URL(sandbox.oauthUrl);
  url.search = new URLSearchParams({ grant_type: 'account_credentials', account_id: accountId }).toString();
  const response = await request(url, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
  });
  const body = (await response.body.json()) as { access_token?: string };
  if (response.statusCode !== 200 || typeof body.access_token !== 'string') {
    throw new Error(`bench: the sandbox refused a token (HTTP ${response.statusCode})`);
  }
  return { apiUrl: sandbox.apiUrl, oauthUrl: sandbox.oauthUrl, accountId, clientId, clientSecret, accessToken: body.access_token };
}
