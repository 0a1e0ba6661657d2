import { hashApiKey } from '../src/auth/api-key-matcher.ts';
import { parseConfig } from '../src/config/index.ts';
import { createLogger } from '../src/logger.ts';
import { gatewayEnvFor, type Sandbox } from '../src/sandbox/index.ts';
import { createGateway, type Gateway } from '../src/server/app.ts';
import { PRODUCTION_ENV } from './production-env.ts';


/** `CALLER_API_KEYS` accepting `apiKey` as the admin `bench`. */
export function adminKeyEnv(apiKey: string): { CALLER_API_KEYS: string } {
  return { CALLER_API_KEYS: `bench:admin:${hashApiKey(apiKey)}` };
}

/**
 * A gateway in this process with the sandbox as its Zoom (credentials, API, OAuth and webhook secret), deployed as in
 * production, with `env` on top (callers, plan, cache...). createGateway, not startGateway: no scope check at start,
 * so the gateway is cold until its first query.
 */
export function startBenchGateway(sandbox: Sandbox, env: Record<string, string>): Promise<Gateway> {
  const config = parseConfig({ ...PRODUCTION_ENV, ...gatewayEnvFor(sandbox), ...env });
  return createGateway(config, { logger: createLogger({ level: 'silent' }) });
}
