import type { Logger } from 'pino';

/** Defaults of {@link ShutdownOptions}. */
export const SHUTDOWN_DEFAULTS = Object.freeze({
  signals: ['SIGTERM', 'SIGINT'] as const,
  /** Extra time, in milliseconds, allowed past the drain timeout before the process exits anyway. */
  graceMs: 5_000,
});

export interface ShutdownOptions {
  /** Graceful close: drains and releases everything (Gateway.close). */
  close: () => Promise<void>;
  logger: Logger;
  /** How long `close` may take, in milliseconds, before the process exits with status 1 anyway. */
  timeoutMs: number;
  /** Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** Where signals come from; default `process`. */
  emitter?: Pick<NodeJS.Process, 'once' | 'removeListener'>;
  /** Ends the process; default `process.exit`. */
  exit?: (code: number) => void;
}

/**
 * On the first SIGTERM/SIGINT: close gracefully, then exit 0 (1 if closing failed or took longer than
 * `timeoutMs` + {@link SHUTDOWN_DEFAULTS.graceMs}). A second signal exits at once with 130 (an impatient Ctrl-C).
 * Returns a function that removes the handlers.
 */
export function installShutdownHandlers(options: ShutdownOptions): () => void {
  const emitter = options.emitter ?? process;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const signals = options.signals ?? SHUTDOWN_DEFAULTS.signals;
  let shuttingDown = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      options.logger.warn({ signal }, 'second signal: exiting without waiting');
      exit(130);
      return;
    }
    shuttingDown = true;
    // Listen again for the signal just consumed (the others are still registered), so a second signal is ours and
    // not Node's default, which would kill the process without a word.
    emitter.once(signal, onSignal);
    options.logger.info({ signal }, 'signal received: shutting down');
    const deadline = setTimeout(() => {
      options.logger.error({ timeoutMs: options.timeoutMs }, 'shutdown took too long: exiting');
      exit(1);
    }, options.timeoutMs + SHUTDOWN_DEFAULTS.graceMs);
    deadline.unref();
    options.close().then(
      () => {
        clearTimeout(deadline);
        exit(0);
      },
      (error: unknown) => {
        clearTimeout(deadline);
        options.logger.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };

  for (const signal of signals) emitter.once(signal, onSignal);
  return () => {
    for (const signal of signals) emitter.removeListener(signal, onSignal);
  };
}
