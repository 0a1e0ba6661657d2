/**
 * Limits on one GraphQL request, applied before any resolver runs.
 *
 * Sized for this schema: its deepest useful read (`users.edges.node.meetings.edges.node.registrants.edges.node.email`)
 * is 9 levels; a full introspection query is ~160 tokens; a real client query rarely uses more than a few aliases.
 */
export interface QueryLimits {
  /** Most nested field levels, counted through fragments. Default 10. */
  readonly maxDepth: number;
  /** Most aliases in one operation, through fragments (`__typename` aliases excepted). Default 15. */
  readonly maxAliases: number;
  /** Most lexical tokens in the document; parsing stops at the limit, so huge documents cost little. Default 2,000. */
  readonly maxTokens: number;
  /** Most directives in one operation, through fragments. Default 20. */
  readonly maxDirectives: number;
  /** Most field selections once fragments are expanded (Apollo's `maxRecursiveSelections`). Default 10,000. */
  readonly maxSelections: number;
  /** Largest HTTP request body in bytes (query plus variables); give it to fastify as `bodyLimit`. Default 1 MiB. */
  readonly maxBodyBytes: number;
}

export const DEFAULT_QUERY_LIMITS: Readonly<QueryLimits> = Object.freeze({
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxSelections: 10_000,
  maxBodyBytes: 1024 * 1024,
});

/** Merges overrides into the defaults; a value that is not a positive integer throws, naming it. */
export function resolveQueryLimits(overrides: Partial<QueryLimits> = {}): QueryLimits {
  const limits = { ...DEFAULT_QUERY_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!(name in DEFAULT_QUERY_LIMITS)) {
      throw new TypeError(`createHardening: limits.${name}: expected one of ${Object.keys(DEFAULT_QUERY_LIMITS).join(', ')}; got an unknown limit.`);
    }
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`createHardening: limits.${name}: expected a positive integer, got ${String(value)}.`);
    }
  }
  return Object.freeze(limits);
}
