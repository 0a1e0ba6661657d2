import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import type { CostCounts } from '../cost/cost-tally.ts';
import type { QueryCostCheck } from '../cost/query-cost-check.ts';
import type { GatewayContextDeps } from '../graphql/context.ts';

/** What a client sends to start a subscription, on any transport. */
export interface SubscriptionRequest {
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

export interface SubscriptionOperationOptions {
  schema: GraphQLSchema;
  validationRules?: readonly ValidationRule[];
  parseOptions?: { readonly maxTokens?: number };
  costCheck?: QueryCostCheck;
  costBaseline?: (deps: Partial<GatewayContextDeps>) => Partial<CostCounts>;
}

/**
 * The checks a subscription passes before it starts, the same on every transport (graphql-ws, SSE), as HTTP refuses
 * an operation (Apollo's plugins do not run there): the token limit, Apollo's error codes for parse, validation and
 * variable errors (`GRAPHQL_PARSE_FAILED`, `GRAPHQL_VALIDATION_FAILED`, `BAD_USER_INPUT`), only subscriptions
 * (`BAD_REQUEST` names HTTP for the rest), and the `first` check and the cost budget (`costCheck`). Answers the
 * execution arguments, or the errors to refuse it with.
 */
export function createSubscriptionOperation(
  options: SubscriptionOperationOptions,
): (request: SubscriptionRequest, deps: Partial<GatewayContextDeps>, transport: string) => ExecutionArgs | readonly GraphQLError[] {
  const rules = [...specifiedRules, ...(options.validationRules ?? [])];
  const parseOptions = options.parseOptions?.maxTokens === undefined ? {} : { maxTokens: options.parseOptions.maxTokens };
  options.costCheck?.prepare(options.schema);
  return (request, deps, transport) => {
    let document;
    try {
      document = parse(request.query, parseOptions);
    } catch (error) {
      return [withCode(error instanceof GraphQLError ? error : new GraphQLError('Invalid query.'), 'GRAPHQL_PARSE_FAILED')];
    }
    const errors = validate(options.schema, document, rules);
    if (errors.length > 0) return errors.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    const operation = getOperationAST(document, request.operationName);
    if (operation === null || operation === undefined) {
      return [new GraphQLError('Unable to identify the operation.', { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } })];
    }
    if (operation.operation !== 'subscription') {
      return [
        new GraphQLError(`Only subscriptions are served over ${transport}: send queries and mutations as HTTP POST to /graphql.`, {
          extensions: { code: 'BAD_REQUEST' },
        }),
      ];
    }
    // graphql-js would refuse bad variables when the subscription starts, without a code; Apollo answers them
    // BAD_USER_INPUT.
    const coerced = getVariableValues(options.schema, operation.variableDefinitions ?? [], { ...request.variables });
    if (coerced.errors !== undefined) return coerced.errors.map((error) => withCode(error, 'BAD_USER_INPUT'));
    if (options.costCheck !== undefined) {
      // The budget applies per delivered event: each event runs this selection once, with fresh loaders, so the
      // estimate is what one delivery can cost (the refusal's message says so). Before subscribing: a refused
      // subscription never reaches the pub/sub or Zoom.
      const verdict = options.costCheck.check(
        options.schema,
        { document, operationName: request.operationName ?? null, variables: (request.variables as Record<string, unknown> | null | undefined) ?? null },
        options.costBaseline?.(deps),
      );
      if (verdict.kind === 'refused') return [verdict.error];
    }
    return {
      schema: options.schema,
      document,
      operationName: request.operationName ?? null,
      variableValues: (request.variables as Record<string, unknown> | null | undefined) ?? null,
    };
  };
}

/**
 * `error` with `extensions.code`, as Apollo's SyntaxError, ValidationError and UserInputError give it on the HTTP path,
 * so a client handles one code whichever way the operation came. The original stays the `originalError`.
 */
function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    originalError: error.originalError ?? error,
    extensions: { ...error.extensions, code },
  });
}
