import type { GatewayConfig } from '../config/index.ts';
import type { CallerAuthenticator } from './create-caller-authenticator.ts';
import { createCallerAuthenticator } from './create-caller-authenticator.ts';
import { createDevelopmentCredentials } from './development-credentials.ts';
import { createDevTokens, type DevTokens } from '../devtoken/index.ts';

export interface GatewayAuthenticator {
  readonly authenticator: CallerAuthenticator;
  /**
   * The development admin key generated for this process, when there is one: outside production when no callers
   * are configured. Print it beside the playground URL; only the sandbox's playground page may carry it (against
   * real Zoom it is admin on a real account, and the page is public).
   */
  readonly developmentApiKey?: string;
  /**
   * Development JWTs (src/devtoken), trusted by `authenticator`: only in sandbox mode with a development key, so
   * never in production, never against real Zoom, and never beside configured callers.
   */
  readonly devTokens?: DevTokens;
}

/**
 * The caller authenticator for a gateway configuration: the configured API keys and JWT settings; or, when none are
 * configured, a fresh development admin key (`createDevelopmentCredentials`) so `npm start` on a laptop works with
 * authentication on. Configured callers are the only ones, in sandbox mode too (issue 12 item 9: the sandbox's
 * playground carried an admin key beside configured member keys). Production never gets a development key;
 * `parseConfig` already refused a production config without callers.
 */
export function createGatewayAuthenticator(
  config: Pick<GatewayConfig, 'isProduction' | 'callers'> & Partial<Pick<GatewayConfig, 'mode'>>,
  options: { now?: () => Date; fetch?: typeof fetch } = {},
): GatewayAuthenticator {
  const { apiKeys, jwt } = config.callers;
  const wantsDevelopmentKey = !config.isProduction && apiKeys.length === 0 && jwt === null;
  const development = wantsDevelopmentKey ? createDevelopmentCredentials() : undefined;
  // With no JWT settings configured the verifier's slot is free for the development tokens' own secret.
  const devTokens = wantsDevelopmentKey && config.mode === 'sandbox' ? createDevTokens() : undefined;
  const authenticator = createCallerAuthenticator({
    apiKeys: development === undefined ? apiKeys : [...apiKeys, development.entry],
    ...(jwt === null ? {} : { jwt: options.fetch === undefined ? jwt : { ...jwt, fetch: options.fetch } }),
    ...(devTokens === undefined ? {} : { jwt: devTokens.jwt }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return {
    authenticator,
    ...(development === undefined ? {} : { developmentApiKey: development.apiKey }),
    ...(devTokens === undefined ? {} : { devTokens }),
  };
}
