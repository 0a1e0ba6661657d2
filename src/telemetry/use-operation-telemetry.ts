import type { ApolloServerPlugin } from '@apollo/server';
import type { CostCounts, CostTally } from '../cost/cost-tally.ts';
import type { GatewayMetrics, OperationRecord } from './metrics.ts';

/** Options of {@link useOperationTelemetry}. */
export interface OperationTelemetryOptions<TContext> {
  metrics: GatewayMetrics;
  /** The operation's Zoom-call tally (the actual cost), when the context has one. */
  tally?: (context: TContext) => CostTally | undefined;
}

/**
 * Apollo Server plugin: records each operation in the metrics as it is answered: its name (folded to a bounded
 * set), type, outcome (`OK` or the first error's code), duration, and the Zoom calls it was estimated to need and
 * made. List it after `useQueryCost`, whose `extensions.cost.estimated` it reads.
 */
export function useOperationTelemetry<TContext extends object>(options: OperationTelemetryOptions<TContext>): ApolloServerPlugin<TContext> {
  const { metrics } = options;
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse({ operation, operationName, response, contextValue }) {
          const result = response.body.kind === 'single' ? response.body.singleResult : response.body.initialResult;
          const code = result.errors?.[0]?.extensions?.['code'];
          const estimated = (result.extensions?.['cost'] as { estimated?: CostCounts } | undefined)?.estimated;
          const actual = options.tally?.(contextValue)?.snapshot();
          const record: OperationRecord = {
            // An operation that never resolved (a parse or validation error) has no trustworthy name.
            name: operation === undefined ? undefined : (operationName ?? undefined),
            type: operation?.operation ?? 'unknown',
            outcome: result.errors === undefined || result.errors.length === 0 ? 'OK' : typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR',
            durationSeconds: (performance.now() - startedAt) / 1000,
            ...(estimated === undefined ? {} : { estimatedCalls: totalCalls(estimated) }),
            ...(actual === undefined || operation === undefined ? {} : { actualCalls: totalCalls(actual) }),
          };
          metrics.recordOperation(record);
        },
      };
    },
  };
}

function totalCalls(counts: CostCounts): number {
  return counts.light + counts.medium + counts.heavy;
}
