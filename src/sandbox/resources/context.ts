import type { ZoomOperationId } from '../../zoom/operations.ts';
import type { Page } from '../pagination.ts';
import type { Clock, SandboxChange, SandboxDataOptions } from '../types.ts';

/** Whether the account pays; Zoom gates some reports on it. */
export type SandboxAccountPlan = 'free' | 'paid';

/**
 * What every resource module of the sandbox shares: the clock, the account, the seeded data's options, one sequence
 * for stable sort keys, change events and Zoom's pagination. The facade (`../model.ts`) builds it once.
 */
export interface ResourceContext {
  readonly clock: Clock;
  readonly accountId: string;
  readonly plan: SandboxAccountPlan;
  readonly dataOptions: SandboxDataOptions;
  /** The next value of the model-wide sequence that breaks ties between equal sort keys. */
  nextSeq(): number;
  /** Tells every listener about a change (webhooks are built from it). */
  emit(change: SandboxChange): void;
  /** Cuts one page of a list operation (see `../pagination.ts`); `scope` names the list's filters. */
  paginate<T>(items: readonly T[], keyOf: (item: T) => string, query: URLSearchParams, op: ZoomOperationId, scope: string): Page<T>;
}
