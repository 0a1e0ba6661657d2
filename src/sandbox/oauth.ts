import { timingSafeEqual } from 'node:crypto';
import type { ZoomTokenResponse } from '../zoom/wire.ts';
import type { AccessTokenStore } from './auth.ts';

/**
 * The scopes the sandbox's Server-to-Server OAuth app is granted by default: the classic admin scopes an S2S app of
 * this gateway is set up with (every operation in ZOOM_OPERATIONS needs one of them). Zoom returns them as ONE
 * space-separated string (`scope`), not an array. `startSandbox({ scopes })` grants fewer, to see Zoom's 4711.
 * @see https://developers.zoom.us/docs/internal-apps/s2s-oauth/
 */
export const SANDBOX_SCOPES = Object.freeze([
  'user:read:admin',
  'meeting:read:admin',
  'meeting:write:admin',
  'recording:read:admin',
  'recording:write:admin',
  'report:read:admin',
]);

/**
 * Token-endpoint error body. Zoom's token endpoint answers `400` with `{"reason": "...", "error": "..."}`
 * (e.g. `{"reason":"Invalid client_id or client_secret","error":"invalid_client"}`,
 * `{"reason":"unsupported grant type","error":"unsupported_grant_type"}`), while its OAuth error table documents
 * numeric codes 4700-4741; the sandbox sends both so a client may read either.
 * @see https://developers.zoom.us/docs/integrations/oauth-error-messages/
 */
export interface ZoomTokenErrorBody {
  reason: string;
  error: 'invalid_client' | 'invalid_request' | 'unsupported_grant_type';
  /** 4702 invalid client, 4704 client does not match the account, 4705 unsupported grant, 4706 missing params. */
  code: 4702 | 4704 | 4705 | 4706;
}

/** The configured app credentials the token endpoint checks. */
export interface OAuthCredentials {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One token request as it came off the socket. */
export interface TokenRequest {
  readonly method: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly query: URLSearchParams;
  readonly rawBody: string;
}

export type TokenAnswer =
  | { status: 200; body: ZoomTokenResponse }
  | { status: 400 | 405; body: ZoomTokenErrorBody | { reason: string; error: string } };

/**
 * Answers `POST /oauth/token` for `grant_type=account_credentials` as Zoom does: the two parameters come from
 * the query string or an `application/x-www-form-urlencoded` body, the client authenticates with HTTP Basic.
 * Checks run in the order Zoom's error table lists them: grant type, client credentials, then the account.
 *
 * @param apiUrl the `api_url` to report (the sandbox's own origin, without `/v2`)
 * @param scopes the scopes the app is granted (default {@link SANDBOX_SCOPES})
 */
export function answerTokenRequest(
  request: TokenRequest,
  credentials: OAuthCredentials,
  tokens: AccessTokenStore,
  apiUrl: string,
  scopes: readonly string[] = SANDBOX_SCOPES,
): TokenAnswer {
  if (request.method !== 'POST') {
    return { status: 405, body: { reason: 'Method not allowed; use POST.', error: 'invalid_request' } };
  }
  const params = new URLSearchParams(request.query);
  if (request.rawBody !== '' && isFormEncoded(request.contentType)) {
    for (const [name, value] of new URLSearchParams(request.rawBody)) params.set(name, value);
  }
  const grantType = params.get('grant_type');
  if (grantType === null || grantType === '') {
    return tokenError('Missing grant type', 'invalid_request', 4706);
  }
  if (grantType !== 'account_credentials') {
    return tokenError('unsupported grant type', 'unsupported_grant_type', 4705);
  }
  const client = basicCredentials(request.authorization);
  if (client === undefined) {
    return tokenError('Client ID or client secret is missing.', 'invalid_client', 4706);
  }
  if (!constantTimeEquals(client.id, credentials.clientId) || !constantTimeEquals(client.secret, credentials.clientSecret)) {
    return tokenError('Invalid client_id or client_secret', 'invalid_client', 4702);
  }
  const accountId = params.get('account_id');
  if (accountId === null || accountId === '') {
    return tokenError('Missing account_id', 'invalid_request', 4706);
  }
  if (accountId !== credentials.accountId) {
    return tokenError('Invalid account_id', 'invalid_request', 4704);
  }
  const token = tokens.issue();
  return {
    status: 200,
    body: {
      access_token: token.value,
      token_type: 'bearer',
      expires_in: token.expiresIn,
      scope: scopes.join(' '),
      api_url: apiUrl,
    },
  };
}

function tokenError(reason: string, error: ZoomTokenErrorBody['error'], code: ZoomTokenErrorBody['code']): TokenAnswer {
  return { status: 400, body: { reason, error, code } };
}

function isFormEncoded(contentType: string | undefined): boolean {
  return contentType !== undefined && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Basic[ ]+([A-Za-z0-9+/=_-]+)\s*$/i.exec(authorization);
  if (match?.[1] === undefined) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Zoom's refusal of a call whose token lacks the operation's scopes: 400 code 4711 naming the scopes of which one is
 * needed, e.g. `{"code":4711,"message":"Invalid access token, does not contain scopes:[recording:write:admin, recording:write]."}`.
 * The spec does not list 4711; the wording is what Zoom answers (developer forum, OAuth error table).
 * @see https://developers.zoom.us/docs/integrations/oauth-error-messages/
 */
export function scopeRefusal(anyOf: readonly string[]): { code: 4711; message: string } {
  return { code: 4711, message: `Invalid access token, does not contain scopes:[${anyOf.join(', ')}].` };
}
