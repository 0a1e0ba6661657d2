type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * Wraps a Redis-backed implementation so that every call falls back to a process-local one while Redis is not
 * usable: `isUp()` false (disconnected: no command is even tried) or the command failed (timeout, connection
 * dropped mid-command). Argument mistakes (TypeError, RangeError) are the caller's and are rethrown, not hidden.
 * When Redis returns, calls go to it again by themselves; what was written locally meanwhile stays local (a token
 * or a hold that lives minutes at most, a replay fingerprint of this instance's own deliveries).
 */
export function withFallback<T extends AsyncMethods<T>>(remote: T, local: T, isUp: () => boolean): T {
  const wrapped = {} as Record<keyof T, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(local) as Array<keyof T>) {
    const onLocal = local[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    const onRemote = remote[name] as unknown as (...args: unknown[]) => Promise<unknown>;
    wrapped[name] = async (...args) => {
      if (!isUp()) return onLocal(...args);
      try {
        return await onRemote(...args);
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) throw error;
        return onLocal(...args);
      }
    };
  }
  return wrapped as unknown as T;
}
