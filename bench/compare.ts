/**
 * Keys whose values are per system by design, left out of the comparison: cursors (each encodes its own) and a
 * recording file's `playUrl` (the gateway's own signed link; the baseline passes Zoom's, which needs a Zoom login).
 */
const OPAQUE_KEYS = new Set(['cursor', 'endCursor', 'playUrl']);

/**
 * Compares two GraphQL `data` values, the opaque keys aside. Returns null when equal, otherwise the path of the first
 * difference (e.g. `users.nodes.3.meetings.nodes.0.topic`). Recursion is bounded by the answers' own depth.
 */
export function firstDifference(a: unknown, b: unknown, path: readonly string[] = []): string | null {
  const here = path.length === 0 ? '(root)' : path.join('.');
  if (Object.is(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return here;
  if (Array.isArray(a) !== Array.isArray(b)) return here;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${here} (length ${a.length} vs ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const difference = firstDifference(a[i], b[i], [...path, String(i)]);
      if (difference !== null) return difference;
    }
    return null;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  for (const key of keys) {
    if (OPAQUE_KEYS.has(key)) continue;
    const difference = firstDifference(left[key], right[key], [...path, key]);
    if (difference !== null) return difference;
  }
  return null;
}
