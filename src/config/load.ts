import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from './errors.ts';
import { parseConfig } from './parse.ts';
import type { GatewayConfig } from './types.ts';

export interface LoadConfigOptions {
  /** The real environment; default `process.env`. Its values always win over the file's. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The dotenv file to read when it exists; default `.env` in the current directory. `null` reads none. */
  envFile?: string | null;
}

/**
 * Reads `.env` (when present) under the real environment and parses the result: the variables Node's
 * `process.loadEnvFile` would load, parsed with the same parser (`util.parseEnv`), but merged into a copy so
 * that a real variable always wins and `process.env` is left untouched.
 * @throws ConfigError for a bad value or an unreadable `.env`.
 */
export function loadConfig(options: LoadConfigOptions = {}): { config: GatewayConfig; envFile: string | null } {
  const env = options.env ?? process.env;
  const envFile = options.envFile === null ? null : resolve(options.envFile ?? '.env');
  let fileValues: Record<string, string | undefined> = {};
  let loadedFile: string | null = null;
  if (envFile !== null && existsSync(envFile)) {
    try {
      fileValues = parseEnv(readFileSync(envFile, 'utf8'));
      loadedFile = envFile;
    } catch (error) {
      throw new ConfigError([
        { variables: [], message: `cannot read ${envFile}: ${(error as Error).message}. Fix or remove the file.` },
      ]);
    }
  }
  const merged: Record<string, string | undefined> = { ...fileValues };
  for (const [name, value] of Object.entries(env)) if (value !== undefined) merged[name] = value;
  return { config: parseConfig(merged), envFile: loadedFile };
}
