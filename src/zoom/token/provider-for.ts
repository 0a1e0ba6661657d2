import type { Dispatcher } from 'undici';
import type { ZoomAuthOptions } from '../client-options.ts';
import { createLegacyJwtTokenProvider } from './legacy-jwt.ts';
import { createS2SOAuthTokenProvider } from './s2s-oauth.ts';
import type { TokenProvider } from './types.ts';

/** The token provider the client's `auth` option names, sharing the client's dispatcher, clock, timeout and user agent. */
export function tokenProviderFor(
  auth: ZoomAuthOptions,
  shared: { dispatcher: Dispatcher; now: () => number; timeoutMs: number; userAgent: string },
): TokenProvider {
  switch (auth?.type) {
    case 's2s': {
      const { type: _type, ...rest } = auth;
      return createS2SOAuthTokenProvider({ ...rest, ...shared });
    }
    case 'jwt': {
      const { type: _type, ...rest } = auth;
      return createLegacyJwtTokenProvider({ ...rest, now: shared.now });
    }
    case 'provider':
      if (typeof auth.provider?.getToken !== 'function' || typeof auth.provider.invalidate !== 'function') {
        throw new TypeError('createZoomClient: auth.provider must implement getToken() and invalidate(token)');
      }
      return auth.provider;
    default:
      throw new TypeError(
        `createZoomClient: auth.type must be "s2s", "jwt" or "provider", got ${JSON.stringify((auth as { type?: unknown } | undefined)?.type)}`,
      );
  }
}
