/** The label of operations sent without a name. */
export const ANONYMOUS_OPERATION = '(anonymous)';
/** The label of operations named after the first `max` distinct names were taken, or with a name too long to keep. */
export const OTHER_OPERATION = '(other)';

/** A GraphQL name of at most 64 characters: kept as a label. */
const KEPT_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/** Folds client-chosen operation names into a bounded set of label values. */
export interface NameFolder {
  fold(name: string | undefined | null): string;
}

/**
 * Clients name their operations freely, so a label per name could grow without end: the first `max` distinct names
 * are kept for the life of the process, every later one (and every name that is not a short GraphQL name) is
 * {@link OTHER_OPERATION}, and unnamed operations are {@link ANONYMOUS_OPERATION}.
 */
export function createNameFolder(max: number): NameFolder {
  if (!Number.isInteger(max) || max < 0) throw new TypeError(`createNameFolder: max must be a whole number >= 0, got ${String(max)}`);
  const kept = new Set<string>();
  return {
    fold(name) {
      if (name === undefined || name === null || name === '') return ANONYMOUS_OPERATION;
      if (kept.has(name)) return name;
      if (!KEPT_NAME.test(name) || kept.size >= max) return OTHER_OPERATION;
      kept.add(name);
      return name;
    },
  };
}
