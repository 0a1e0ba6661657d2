/**
 * A count per key (a remote address, a caller) with a ceiling: `acquire` takes one place or refuses, and the place is
 * given back by the returned release, once however often it is called. Keys whose count falls to zero are forgotten,
 * so the map holds only keys that currently hold places. Shared by the HTTP server's per-address cap and the
 * subscription caps, and by any transport that needs the same ones (WebSocket, SSE).
 */
export interface KeyedLimit {
  /** One place for `key`, or `undefined` when `key` already holds `max`. */
  acquire(key: string): (() => void) | undefined;
  /** Places `key` holds now. */
  count(key: string): number;
  /** Places held over all keys. */
  readonly total: number;
}

/** `max`: most places one key may hold (a positive integer; `Infinity` for no limit). */
export function createKeyedLimit(max: number): KeyedLimit {
  if (!(max === Infinity || (Number.isInteger(max) && max > 0))) {
    throw new TypeError(`createKeyedLimit: expected a positive whole number (or Infinity) for max, got ${String(max)}.`);
  }
  const counts = new Map<string, number>();
  let total = 0;
  return {
    acquire(key) {
      const held = counts.get(key) ?? 0;
      if (held >= max) return undefined;
      counts.set(key, held + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (counts.get(key) ?? 1) - 1;
        if (left <= 0) counts.delete(key);
        else counts.set(key, left);
      };
    },
    count: (key) => counts.get(key) ?? 0,
    get total() {
      return total;
    },
  };
}
