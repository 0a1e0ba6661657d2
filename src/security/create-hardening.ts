import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ValidationContext, ValidationRule } from 'graphql';
import { resolveQueryLimits, type QueryLimits } from './limits.ts';
import { GENERIC_LIMIT_MESSAGE, QueryLimitError, type QueryLimitCode } from './query-limit-error.ts';
import { useErrorHygiene } from './use-error-hygiene.ts';
import { useCsrfReason } from './use-csrf-reason.ts';

export interface HardeningOptions {
  /** Production hides limit numbers, schema suggestions and introspection. */
  readonly isProduction: boolean;
  /** Overrides of `DEFAULT_QUERY_LIMITS`. */
  readonly limits?: Partial<QueryLimits>;
}

/** Options to spread into `new ApolloServer({ schema, ...hardening.apolloOptions, plugins: [...], validationRules: [...] })`. */
export interface HardeningApolloOptions {
  /** Off in production. */
  readonly introspection: boolean;
  /** Batched HTTP operations (a JSON array body) multiply every limit by the batch size: always off. */
  readonly allowBatchedHttpRequests: false;
  /** Apollo's CSRF prevention: a request must be JSON, or carry `apollo-require-preflight` / `x-apollo-operation-name`. */
  readonly csrfPrevention: true;
  readonly includeStacktraceInErrorResponses: false;
  /** Apollo strips "Did you mean" from validation errors in production. */
  readonly hideSchemaDetailsFromClientErrors: boolean;
  /** graphql-js stops lexing at `maxTokens`, before validation, so a 10,000 `__typename` flood costs little. */
  readonly parseOptions: { readonly maxTokens: number };
  /** Apollo's fragment-expansion limit. */
  readonly maxRecursiveSelections: number;
}

export interface Hardening<TContext extends BaseContext = BaseContext> {
  readonly limits: QueryLimits;
  readonly apolloOptions: HardeningApolloOptions;
  readonly plugins: ApolloServerPlugin<TContext>[];
  readonly validationRules: ValidationRule[];
  /** For `fastify({ bodyLimit })`: bigger bodies get 413 before they are parsed. */
  readonly bodyLimitBytes: number;
}

/**
 * Everything the Apollo server needs to refuse abusive queries before a resolver (and so Zoom) is reached.
 *
 * Depth, alias and directive limits come from graphql-armor's validation rules (they walk fragments, so a fragment
 * cannot hide depth; a cyclic fragment is reported by graphql's own NoFragmentCycles rule and the armor walk stops
 * at a fragment it is already inside). The token limit is graphql-js's `parse` option, cheaper than armor's
 * plugin because it aborts the lexer. Introspection counts toward depth in production (where it is off anyway);
 * in development the playground's introspection query is exempt from depth, as armor's `ignoreIntrospection` does.
 */
export function createHardening<TContext extends BaseContext = BaseContext>(options: HardeningOptions): Hardening<TContext> {
  if (options === null || typeof options !== 'object' || typeof options.isProduction !== 'boolean') {
    throw new TypeError(`createHardening: expected { isProduction: boolean, limits? }, got isProduction ${String(options?.isProduction)}.`);
  }
  const { isProduction } = options;
  const limits = resolveQueryLimits(options.limits);
  const reporter = (code: QueryLimitCode) => (context: ValidationContext | null, error: GraphQLError) => {
    const message = isProduction ? GENERIC_LIMIT_MESSAGE : error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new QueryLimitError(code, message));
  };
  const protections = new ApolloArmor({
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: !isProduction,
      exposeLimits: !isProduction,
      propagateOnRejection: false,
      onReject: [reporter('MAX_DEPTH_EXCEEDED')],
    },
    maxAliases: {
      n: limits.maxAliases,
      exposeLimits: !isProduction,
      propagateOnRejection: false,
      onReject: [reporter('MAX_ALIASES_EXCEEDED')],
    },
    maxDirectives: {
      n: limits.maxDirectives,
      exposeLimits: !isProduction,
      propagateOnRejection: false,
      onReject: [reporter('MAX_DIRECTIVES_EXCEEDED')],
    },
    // Replaced by graphql-js's own parse option and useErrorHygiene (see above).
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
    // Query cost is measured in Zoom calls by src/cost, not by armor's generic field weights.
    costLimit: { enabled: false },
  }).protect();

  return {
    limits,
    apolloOptions: Object.freeze({
      introspection: !isProduction,
      allowBatchedHttpRequests: false,
      csrfPrevention: true,
      includeStacktraceInErrorResponses: false,
      hideSchemaDetailsFromClientErrors: isProduction,
      parseOptions: Object.freeze({ maxTokens: limits.maxTokens }),
      maxRecursiveSelections: limits.maxSelections,
    }),
    plugins: [...(protections.plugins as ApolloServerPlugin<TContext>[]), useErrorHygiene<TContext>({ isProduction }), useCsrfReason<TContext>()],
    validationRules: protections.validationRules,
    bodyLimitBytes: limits.maxBodyBytes,
  };
}
