/**
 * `npm run sandbox`: the offline Zoom on its own, for frontend work or manual poking.
 *
 * Environment (all optional):
 * - SANDBOX_PORT (default 4001), SANDBOX_HOST (default 127.0.0.1: the admin endpoint is unauthenticated)
 * - SANDBOX_DATA (small | large, default small), SANDBOX_SEED (integer, default the preset's seed)
 * - SANDBOX_RATE_LIMITS (free | pro | business | unlimited, default pro; free is also a free account, whose
 *   past-meeting reports answer Zoom's code 200 "Only available for paid account")
 * - SANDBOX_ACCOUNT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET, SANDBOX_API_KEY, SANDBOX_API_SECRET,
 *   SANDBOX_WEBHOOK_SECRET (credential overrides), SANDBOX_WEBHOOK_URL (deliver webhooks there)
 */
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { SANDBOX_DATA_PRESETS } from './data.ts';
import { SANDBOX_DEFAULT_CREDENTIALS, startSandbox, type SandboxCredentials } from './server.ts';

/** The sandbox CLI's configuration, parsed once from the environment. */
export interface SandboxCliConfig {
  readonly port: number;
  readonly host: string;
  readonly data: 'small' | 'large';
  readonly seed: number | undefined;
  readonly rateLimits: 'free' | 'pro' | 'business' | 'unlimited';
  readonly credentials: Readonly<SandboxCredentials>;
  readonly webhookUrl: string | undefined;
}

/** A bad environment variable: the message names the variable, what is wrong and an example. */
export class SandboxConfigError extends Error {
  readonly code = 'INVALID_SANDBOX_CONFIG';
}

const nonEmpty = z.string().trim().min(1);

/** Parses the sandbox's environment variables; throws `SandboxConfigError` naming the first bad one. */
export function parseSandboxEnv(env: Readonly<Record<string, string | undefined>>): SandboxCliConfig {
  const read = <T>(name: string, schema: z.ZodType<T>, example: string, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]?.message ?? 'invalid value';
      throw new SandboxConfigError(`${name}=${JSON.stringify(raw)} is not valid (${problem}); for example ${name}=${example}`);
    }
    return parsed.data;
  };
  const defaults = SANDBOX_DEFAULT_CREDENTIALS;
  const config: SandboxCliConfig = {
    port: read('SANDBOX_PORT', z.coerce.number().int().min(0).max(65_535), '4001', 4001),
    host: read('SANDBOX_HOST', nonEmpty, '127.0.0.1', '127.0.0.1'),
    data: read('SANDBOX_DATA', z.enum(['small', 'large']), 'large', 'small'),
    seed: read<number | undefined>('SANDBOX_SEED', z.coerce.number().int().min(0).max(2 ** 32 - 1), '42', undefined),
    rateLimits: read('SANDBOX_RATE_LIMITS', z.enum(['free', 'pro', 'business', 'unlimited']), 'unlimited', 'pro'),
    credentials: Object.freeze({
      accountId: read('SANDBOX_ACCOUNT_ID', nonEmpty, 'my-account', defaults.accountId),
      clientId: read('SANDBOX_CLIENT_ID', nonEmpty, 'my-client', defaults.clientId),
      clientSecret: read('SANDBOX_CLIENT_SECRET', nonEmpty, 'my-secret', defaults.clientSecret),
      apiKey: read('SANDBOX_API_KEY', nonEmpty, 'my-api-key', defaults.apiKey),
      apiSecret: read('SANDBOX_API_SECRET', nonEmpty, 'my-api-secret', defaults.apiSecret),
      webhookSecretToken: read('SANDBOX_WEBHOOK_SECRET', nonEmpty, 'my-webhook-secret', defaults.webhookSecretToken),
    }),
    webhookUrl: read<string | undefined>('SANDBOX_WEBHOOK_URL', z.url({ protocol: /^https?$/ }), 'http://127.0.0.1:4000/webhooks/zoom', undefined),
  };
  return Object.freeze(config);
}

async function main(): Promise<void> {
  let config: SandboxCliConfig;
  try {
    config = parseSandboxEnv(process.env);
  } catch (error) {
    if (error instanceof SandboxConfigError) {
      console.error(`sandbox: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const data = config.seed === undefined ? config.data : { ...SANDBOX_DATA_PRESETS[config.data], seed: config.seed };
  const sandbox = await startSandbox({
    port: config.port,
    host: config.host,
    data,
    rateLimits: config.rateLimits,
    credentials: config.credentials,
    ...(config.webhookUrl === undefined ? {} : { webhook: { url: config.webhookUrl } }),
  });
  const c = sandbox.credentials;
  // These are the sandbox's own throwaway credentials, printed on purpose so a developer can copy them.
  console.log(
    [
      `Zoom sandbox listening on ${sandbox.url}`,
      `  API:        ${sandbox.apiUrl}`,
      `  OAuth:      ${sandbox.oauthUrl}  (grant_type=account_credentials)`,
      `  Admin:      ${sandbox.adminUrl}/stats  (also /log, /reset, /faults, /webhook, /meetings/{id}/start ...)`,
      `  Account id: ${c.accountId}`,
      `  Client id:  ${c.clientId}    client secret: ${c.clientSecret}`,
      `  JWT app:    api key ${c.apiKey}    api secret: ${c.apiSecret}`,
      `  Webhooks:   secret token ${c.webhookSecretToken}${config.webhookUrl === undefined ? '' : ` -> ${config.webhookUrl}`}`,
      `  Data: ${config.data}${config.seed === undefined ? '' : ` (seed ${config.seed})`}, rate limits: ${config.rateLimits}`,
    ].join('\n'),
  );

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`sandbox: ${signal}, closing`);
    sandbox.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('sandbox: close failed', error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

// Run only as the entry point, so tests can import `parseSandboxEnv`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
