import type { ConfigIssue } from './define.ts';

/** Thrown for any bad configuration. `message` lists every problem, one line each, naming its variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'CONFIG_INVALID';
  readonly issues: readonly ConfigIssue[];
  constructor(issues: readonly ConfigIssue[]) {
    super(
      issues.length === 1
        ? `Invalid configuration: ${issues[0]!.message}`
        : `Invalid configuration (${issues.length} problems):\n${issues.map((i) => `  - ${i.message}`).join('\n')}`,
    );
    this.issues = issues;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError;
}
