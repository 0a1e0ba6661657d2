type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/** Whether Redis may be asked now, and what a failed or answered command tells about it. */
export interface RedisLink {
  isUp(): boolean;
  /** A command failed (timeout, dropped connection). */
  onFailure?(error: unknown): void;
  /** A command was answered. */
  onSuccess?(): void;
}

/**
 * Wraps a Redis-backed implementation so that every call falls back to a process-local one while Redis is not
 * usable: `link.isUp()` false (disconnected: no command is even tried) or the command failed (timeout, connection
 * dropped mid-command). Argument mistakes (TypeError, RangeError) are the caller's and are rethrown, not hidden.
 * When Redis returns, calls go to it again by themselves; what was written locally meanwhile stays local (a token
 * or a hold that lives minutes at most, a replay fingerprint of this instance's own deliveries).
 */
export function withFallback<T extends AsyncMethods<T>>(remote: T, local: T, link: RedisLink): T {
  const wrapped = {} as Record<keyof T, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(local) as Array<keyof T>) {
    const onLocal = local[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    const onRemote = remote[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args) => {
      if (!link.isUp()) return onLocal(...args);
      let result: unknown;
      try {
        result = await onRemote(...args);
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) throw error;
        link.onFailure?.(error);
        return onLocal(...args);
      }
      link.onSuccess?.();
      return result;
    };
  }
  return wrapped as unknown as T;
}

/** Options of {@link createCommandBreaker}. */
export interface CommandBreakerOptions {
  /** Whether the connection is up (ioredis's status). */
  isConnected: () => boolean;
  /** After a failed command, Redis is not asked for this long, in milliseconds. */
  pauseMs: number;
  /** Told once when commands start failing on a connection that looks up, and once when one is answered again. */
  onFailing?: (error: unknown) => void;
  onRecovered?: () => void;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/**
 * A {@link RedisLink} for a Redis that stalls without dropping the connection (a network partition, an overloaded
 * server): every command would wait the full command timeout. After one fails, the next `pauseMs` go straight to
 * the process's own state, then a command tries Redis again. A dropped connection needs none of this: ioredis's
 * status says so at once, and the connection logs it.
 */
export function createCommandBreaker(options: CommandBreakerOptions): RedisLink & { isPaused(): boolean } {
  const now = options.now ?? Date.now;
  let pausedUntil = 0;
  let hasReported = false;
  return {
    isUp: () => options.isConnected() && now() >= pausedUntil,
    onFailure(error) {
      pausedUntil = now() + options.pauseMs;
      if (hasReported || !options.isConnected()) return;
      hasReported = true;
      options.onFailing?.(error);
    },
    onSuccess() {
      if (!hasReported) return;
      hasReported = false;
      options.onRecovered?.();
    },
    isPaused: () => now() < pausedUntil,
  };
}
