import { getGlobalDispatcher, type Dispatcher } from 'undici';
import { z } from 'zod';
import { createMemoryStore } from '../../state/memory-store.ts';
import type { SharedStore } from '../../state/store.ts';
import { ZoomError } from '../errors.ts';
import { parseScopeString } from '../scopes.ts';
import { errorFromResponse, errorFromTransport, parseErrorBody, type RequestContext } from '../response.ts';
import { sendHttp, TransportFailure } from '../transport.ts';
import { createSharedTokenCache, type FetchedToken } from './shared-token-cache.ts';
import type { AccessToken, TokenProvider } from './types.ts';

/** Options of {@link createS2SOAuthTokenProvider}. */
export interface S2SOAuthOptions {
  accountId: string;
  clientId: string;
  /** Never logged and never part of an error. */
  clientSecret: string;
  /** Token endpoint. Default `https://zoom.us/oauth/token`. */
  oauthUrl?: string;
  /** A token is replaced once fewer than this many milliseconds of its lifetime remain. Default 60 000 (Zoom's SDK). */
  refreshMarginMs?: number;
  /**
   * Use the `api_url` of the token response as the REST base URL. Default `false`: the configured API URL is used.
   * Accounts on a regional cloud (e.g. `https://api-eu.zoom.us`) get their data centre in `api_url`; following it
   * is right in production there, but it would silently move a gateway configured for a sandbox or a proxy to
   * Zoom's real hosts, so it has to be asked for.
   */
  useTokenApiUrl?: boolean;
  /**
   * Where the token is cached, so gateway instances sharing a store (Redis) share one token: one instance fetches
   * under a short lock while the others wait for it, and it is stored encrypted with a key derived from
   * `clientSecret` (src/zoom/token/shared-token-cache.ts). Default: a private in-memory store. Concurrent
   * `getToken()` calls in this process share one fetch either way.
   */
  store?: SharedStore;
  /** undici dispatcher for the token request. Default: undici's global dispatcher. */
  dispatcher?: Dispatcher;
  /** Timeout of the token request in milliseconds. Default 10 000. */
  timeoutMs?: number;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** `User-Agent` of the token request. */
  userAgent?: string;
}

/** Defaults of {@link S2SOAuthOptions}. */
export const S2S_OAUTH_DEFAULTS = Object.freeze({
  oauthUrl: 'https://zoom.us/oauth/token',
  refreshMarginMs: 60_000,
  timeoutMs: 10_000,
});

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  api_url: z.string().optional(),
  scope: z.string().optional(),
});

/**
 * Server-to-Server OAuth: `POST {oauthUrl}?grant_type=account_credentials&account_id=...` with HTTP Basic
 * `client_id:client_secret`. The token (1 h) is cached until `expires_in` minus the margin; concurrent callers at a
 * cold start share one request; a failed request is not cached. Credentials refused by Zoom (4700-4741 codes) are
 * `UNAUTHORIZED` with Zoom's code.
 * @see https://developers.zoom.us/docs/internal-apps/s2s-oauth/
 */
export function createS2SOAuthTokenProvider(options: S2SOAuthOptions): TokenProvider {
  const { accountId, clientId, clientSecret } = options;
  for (const [name, value] of Object.entries({ accountId, clientId, clientSecret })) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(`createS2SOAuthTokenProvider: ${name} must be a non-empty string`);
    }
  }
  const oauthUrl = parseHttpUrl(options.oauthUrl ?? S2S_OAUTH_DEFAULTS.oauthUrl, 'oauthUrl');
  const marginMs = options.refreshMarginMs ?? S2S_OAUTH_DEFAULTS.refreshMarginMs;
  const timeoutMs = options.timeoutMs ?? S2S_OAUTH_DEFAULTS.timeoutMs;
  if (!Number.isFinite(marginMs) || marginMs < 0) {
    throw new TypeError(`createS2SOAuthTokenProvider: refreshMarginMs must be >= 0 milliseconds, got ${String(marginMs)}`);
  }
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError(`createS2SOAuthTokenProvider: timeoutMs must be > 0 milliseconds, got ${String(timeoutMs)}`);
  }
  const now = options.now ?? Date.now;
  const store = options.store ?? createMemoryStore({ now });
  const dispatcher = options.dispatcher ?? getGlobalDispatcher();
  // The key names the token endpoint, account and app (none secret) so several apps can share one store, and
  // instances each on an embedded sandbox of their own (whose tokens only that sandbox knows) do not swap tokens.
  // The lock outlives the longest token request, so a second instance never fetches while the first still may succeed.
  const cache = createSharedTokenCache({
    store, key: `zoom:s2s-token:${oauthUrl.host}:${accountId}:${clientId}`, secret: clientSecret, lockTtlMs: Math.ceil(timeoutMs) + 5_000,
  });
  const authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  const requestUrl = new URL(oauthUrl);
  requestUrl.searchParams.set('grant_type', 'account_credentials');
  requestUrl.searchParams.set('account_id', accountId);
  const ctx: RequestContext = { method: 'POST', path: oauthUrl.pathname, attempts: 1 };

  let current: AccessToken | undefined;
  let inflight: Promise<AccessToken> | undefined;
  /** The last token Zoom refused: never taken back from the store, whose delete may not have landed yet. */
  let refusedValue: string | undefined;

  const isFresh = (token: AccessToken | undefined): token is AccessToken =>
    token !== undefined && token.expiresAt - marginMs > now();

  /** One token for every instance sharing the store; this process's callers already share this call. */
  function fetchToken(): Promise<AccessToken> {
    return cache.obtain((shared) => isFresh(shared) && shared.value !== refusedValue, requestToken);
  }

  /** `POST /oauth/token`, and how long the store may keep the answer (until the refresh margin). */
  async function requestToken(): Promise<FetchedToken> {
    let res;
    try {
      res = await sendHttp(dispatcher, {
        url: requestUrl.href,
        method: 'POST',
        headers: {
          authorization,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
          ...(options.userAgent === undefined ? {} : { 'user-agent': options.userAgent }),
        },
        timeoutMs,
      });
    } catch (error) {
      if (error instanceof TransportFailure) {
        throw errorFromTransport(error, ctx, { mayHaveActed: false, note: 'while fetching a Zoom access token' });
      }
      throw error;
    }
    if (res.status === 400 || res.status === 401 || res.status === 403) {
      const body = parseErrorBody(res.body);
      const detail = body === undefined ? '' : `: ${redact(body.message ?? '(no message)')}${body.code === undefined ? '' : ` (code ${body.code})`}`;
      throw new ZoomError(
        'UNAUTHORIZED',
        `Zoom refused the Server-to-Server OAuth credentials (${res.status})${detail}; check the account id, client id and client secret`,
        { status: res.status, zoomCode: body?.code, method: 'POST', path: ctx.path, attempts: 1 },
      );
    }
    if (res.status < 200 || res.status > 299) {
      throw errorFromResponse(res, ctx, now(), 'while fetching a Zoom access token');
    }
    let parsed;
    try {
      parsed = tokenResponseSchema.parse(JSON.parse(res.body));
    } catch (error) {
      throw new ZoomError('INVALID_RESPONSE', `the Zoom token endpoint answered ${res.status} without an access_token and expires_in`, {
        status: res.status, method: 'POST', path: ctx.path, attempts: 1,
        // The zod issues name fields, never values, so they cannot leak a token.
        cause: error instanceof z.ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : undefined,
      });
    }
    const token: AccessToken = {
      value: parsed.access_token,
      expiresAt: now() + parsed.expires_in * 1000,
      apiUrl: options.useTokenApiUrl === true && parsed.api_url !== undefined ? restBaseUrl(parsed.api_url) : undefined,
      scopes: parseScopeString(parsed.scope),
    };
    return { token, ttlMs: Math.floor(token.expiresAt - marginMs - now()) };
  }

  /** Zoom's messages do not echo credentials, but make sure an error can never carry the secret. */
  function redact(text: string): string {
    return text.split(clientSecret).join('[redacted]');
  }

  return {
    getToken() {
      if (isFresh(current)) return Promise.resolve(current);
      // Single flight: every caller that arrives while a fetch runs awaits that same fetch.
      inflight ??= fetchToken()
        .then((token) => (current = token))
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(tokenValue) {
      if (current?.value !== tokenValue) return;
      current = undefined;
      refusedValue = tokenValue;
      // Drop the shared copy too, atomically and only while it still is the refused token (compare-and-delete on
      // its sealed text): a newer token another instance stored meanwhile stays.
      void cache.invalidate(tokenValue).catch(() => undefined);
    },
  };
}

function parseHttpUrl(value: string, name: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`createS2SOAuthTokenProvider: ${name} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`createS2SOAuthTokenProvider: ${name} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return url;
}

/** Zoom's `api_url` is an origin (`https://api-eu.zoom.us`); the REST API lives under `/v2` there. */
function restBaseUrl(apiUrl: string): string | undefined {
  try {
    const url = new URL(apiUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return `${url.origin}/v2`;
  } catch {
    return undefined;
  }
}
