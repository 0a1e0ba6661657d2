import { GraphQLError, type ASTNode } from 'graphql';

/**
 * Which limit a request broke, sent as `extensions.validationErrorCode` beside Apollo's
 * `code: GRAPHQL_VALIDATION_FAILED` (or `GRAPHQL_PARSE_FAILED` for tokens), the convention Apollo uses for its own
 * `INTROSPECTION_DISABLED` and `MAX_RECURSIVE_SELECTIONS_EXCEEDED`.
 */
export type QueryLimitCode =
  | 'MAX_DEPTH_EXCEEDED'
  | 'MAX_ALIASES_EXCEEDED'
  | 'MAX_DIRECTIVES_EXCEEDED'
  | 'MAX_TOKENS_EXCEEDED';

/** The message clients see in production for any broken limit: the limit and the measured value stay private. */
export const GENERIC_LIMIT_MESSAGE = 'The query is too large or too complex.';

/** A validation error for a broken query limit. */
export class QueryLimitError extends GraphQLError {
  readonly limitCode: QueryLimitCode;

  constructor(limitCode: QueryLimitCode, message: string, nodes?: readonly ASTNode[]) {
    super(message, { nodes, extensions: { validationErrorCode: limitCode } });
    this.name = 'QueryLimitError';
    this.limitCode = limitCode;
  }
}
