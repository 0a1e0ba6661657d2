import type { ApolloServerPlugin } from '@apollo/server';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { CostCounts, CostTally } from '../cost/cost-tally.ts';

/** What the plugin reads from the context: the caller's role (never who it is) and the operation's Zoom-call tally. */
export interface OperationSpanContext {
  caller?: { role: string };
  costTally?: CostTally;
}

/**
 * Apollo Server plugin: makes the request's span (src/telemetry/request-spans.ts) the operation's span. It is named
 * `<type> <name>` (`query Me`) and carries the operation's name and type, the caller's role, the estimated and actual
 * Zoom calls per category and the first error code: never the caller's identity, the document or its variables
 * (they hold emails and meeting ids). List it after `useQueryCost`, whose estimate it reads.
 */
export function useOperationSpans<TContext extends OperationSpanContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const span = trace.getActiveSpan();
      if (span === undefined || !span.isRecording()) return;
      return {
        async didResolveOperation({ operation, operationName, contextValue }) {
          if (operation === undefined) return;
          span.updateName(operationName === null ? operation.operation : `${operation.operation} ${operationName}`);
          span.setAttributes({
            'graphql.operation.type': operation.operation,
            ...(operationName === null ? {} : { 'graphql.operation.name': operationName }),
            'zoom_gateway.caller.role': contextValue.caller?.role ?? 'none',
          });
        },
        async willSendResponse({ response, contextValue }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const estimated = (result.extensions?.['cost'] as { estimated?: CostCounts } | undefined)?.estimated;
          if (estimated !== undefined) span.setAttributes(costAttributes('estimated', estimated));
          const actual = contextValue.costTally?.snapshot();
          if (actual !== undefined) span.setAttributes(costAttributes('actual', actual));
          const code = result.errors?.[0]?.extensions?.['code'];
          if (result.errors !== undefined && result.errors.length > 0) {
            span.setAttribute('graphql.error.code', typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
        },
      };
    },
  };
}

/** The attribute names of each kind of cost, built once rather than per operation. */
const COST_KEYS = {
  estimated: { light: 'zoom_gateway.cost.estimated.light', medium: 'zoom_gateway.cost.estimated.medium', heavy: 'zoom_gateway.cost.estimated.heavy' },
  actual: { light: 'zoom_gateway.cost.actual.light', medium: 'zoom_gateway.cost.actual.medium', heavy: 'zoom_gateway.cost.actual.heavy' },
} as const;

function costAttributes(kind: 'estimated' | 'actual', counts: CostCounts): Record<string, number> {
  const keys = COST_KEYS[kind];
  return { [keys.light]: counts.light, [keys.medium]: counts.medium, [keys.heavy]: counts.heavy };
}
