import { z } from 'zod';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../zoom/operations.ts';
import type { Clock } from './types.ts';

/** Which requests a fault applies to, and how often. */
export interface FaultSelector {
  /** Only this operation; every operation when absent. */
  operation?: ZoomOperationId;
  /** Probability 0..1 that a matching request is hit (default 1), drawn from a PRNG seeded with `seed`. */
  rate?: number;
  /** Hit at most this many requests, then the fault retires itself (default: no limit). */
  times?: number;
  /** Seed of the fault's own PRNG (default 1): the same seed and request order give the same hits. */
  seed?: number;
}

/** Added latency: `fixedMs` plus a uniformly drawn `0..jitterMs`, in milliseconds of real time. */
export interface LatencyFault {
  fixedMs: number;
  /** Extra random delay upper bound in ms (default 0). */
  jitterMs?: number;
  operation?: ZoomOperationId;
  seed?: number;
}

export type ServerErrorStatus = 500 | 502 | 503;

/** A rate of 5xx answers. */
export interface ErrorFault extends FaultSelector {
  /** One status, or a set drawn from at random (default all three: 500, 502, 503). */
  status?: ServerErrorStatus | ServerErrorStatus[];
}

/** Everything `POST /_sandbox/faults` accepts; each present key adds that fault. */
export interface SandboxFaultsInput {
  latency?: LatencyFault;
  errors?: ErrorFault;
  /** Every API request is answered 429 (type QPS) for this many seconds of the sandbox clock. */
  storm?: { seconds: number };
  /** Matching requests have their connection destroyed before any answer. */
  reset?: FaultSelector;
  /** Matching requests are applied (the model runs), then the connection is destroyed: the client never hears. */
  drop?: FaultSelector;
  /** Revoke every OAuth access token now. */
  revokeTokens?: boolean;
}

/** The active faults as JSON (`GET /_sandbox/faults`). */
export interface SandboxFaultsSnapshot {
  latency: LatencyFault[];
  errors: Array<ErrorFault & { hits: number }>;
  stormUntil: string | null;
  reset: Array<FaultSelector & { hits: number }>;
  drop: Array<FaultSelector & { hits: number }>;
}

/** A fault input that failed validation; `code` is stable for clients of the admin endpoint. */
export class SandboxFaultInputError extends Error {
  readonly code = 'INVALID_FAULT';
}

const operationIds = Object.keys(ZOOM_OPERATIONS) as [ZoomOperationId, ...ZoomOperationId[]];
const operationSchema = z.enum(operationIds);
const selectorShape = {
  operation: operationSchema.optional(),
  rate: z.number().min(0).max(1).optional(),
  times: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
};
const serverErrorStatus = z.union([z.literal(500), z.literal(502), z.literal(503)]);
const faultsInputSchema = z.strictObject({
  latency: z
    .strictObject({
      fixedMs: z.number().min(0).max(60_000),
      jitterMs: z.number().min(0).max(60_000).optional(),
      operation: operationSchema.optional(),
      seed: z.number().int().optional(),
    })
    .optional(),
  errors: z
    .strictObject({ ...selectorShape, status: z.union([serverErrorStatus, z.array(serverErrorStatus).min(1)]).optional() })
    .optional(),
  storm: z.strictObject({ seconds: z.number().positive().max(86_400) }).optional(),
  reset: z.strictObject(selectorShape).optional(),
  drop: z.strictObject(selectorShape).optional(),
  revokeTokens: z.boolean().optional(),
});

interface ActiveRule<T extends FaultSelector> {
  readonly spec: T;
  readonly random: () => number;
  hits: number;
}

/**
 * Switchable failures for tests and benchmarks: latency, 5xx answers, a 429 storm, connection resets, responses
 * dropped after the write happened, and token revocation. Randomness is seeded so a run can be replayed.
 * The server asks it, per request, what to do; `clear()` switches everything off.
 */
export class SandboxFaults {
  readonly #clock: Clock;
  readonly #revokeAllTokens: () => void;
  #latency: Array<{ spec: LatencyFault; random: () => number }> = [];
  #errors: Array<ActiveRule<ErrorFault>> = [];
  #reset: Array<ActiveRule<FaultSelector>> = [];
  #drop: Array<ActiveRule<FaultSelector>> = [];
  #stormUntil: number | undefined;

  constructor(clock: Clock, revokeAllTokens: () => void) {
    this.#clock = clock;
    this.#revokeAllTokens = revokeAllTokens;
  }

  /** Adds latency to matching requests. */
  addLatency(fault: LatencyFault): void {
    const spec = parseOrThrow(faultsInputSchema.shape.latency, fault) as LatencyFault;
    this.#latency.push({ spec, random: mulberry32(spec.seed ?? 1) });
  }

  /** Answers a share of matching requests with 500/502/503. */
  addErrors(fault: ErrorFault): void {
    const spec = parseOrThrow(faultsInputSchema.shape.errors, fault) as ErrorFault;
    this.#errors.push(activeRule(spec));
  }

  /** Answers every API request with 429 for `seconds` of the sandbox clock, starting now. */
  storm429(seconds: number): void {
    parseOrThrow(faultsInputSchema.shape.storm, { seconds });
    this.#stormUntil = this.#clock() + seconds * 1000;
  }

  /** Destroys the connection of matching requests before answering. */
  resetConnections(selector: FaultSelector = {}): void {
    this.#reset.push(activeRule(parseOrThrow(faultsInputSchema.shape.reset, selector) as FaultSelector));
  }

  /**
   * Lets matching requests reach the model, then destroys the connection: the write happened, the client never
   * hears. Without `operation` it matches every write (POST, PATCH, PUT, DELETE).
   */
  dropResponsesAfterWrite(selector: FaultSelector = {}): void {
    this.#drop.push(activeRule(parseOrThrow(faultsInputSchema.shape.drop, selector) as FaultSelector));
  }

  /** Revokes every OAuth access token issued so far. */
  revokeAllTokens(): void {
    this.#revokeAllTokens();
  }

  /** Validates an admin request body and applies each fault it names. Throws `SandboxFaultInputError`. */
  apply(input: unknown): void {
    const parsed = parseOrThrow(faultsInputSchema, input) as SandboxFaultsInput;
    if (parsed.latency !== undefined) this.addLatency(parsed.latency);
    if (parsed.errors !== undefined) this.addErrors(parsed.errors);
    if (parsed.storm !== undefined) this.storm429(parsed.storm.seconds);
    if (parsed.reset !== undefined) this.resetConnections(parsed.reset);
    if (parsed.drop !== undefined) this.dropResponsesAfterWrite(parsed.drop);
    if (parsed.revokeTokens === true) this.revokeAllTokens();
  }

  /** Switches every fault off (revoked tokens stay revoked). */
  clear(): void {
    this.#latency = [];
    this.#errors = [];
    this.#reset = [];
    this.#drop = [];
    this.#stormUntil = undefined;
  }

  snapshot(): SandboxFaultsSnapshot {
    const withHits = <T extends FaultSelector>(rules: Array<ActiveRule<T>>) => rules.map((r) => ({ ...r.spec, hits: r.hits }));
    const stormUntil = this.stormUntil();
    return {
      latency: this.#latency.map((r) => ({ ...r.spec })),
      errors: withHits(this.#errors),
      stormUntil: stormUntil === undefined ? null : new Date(stormUntil).toISOString(),
      reset: withHits(this.#reset),
      drop: withHits(this.#drop),
    };
  }

  /** Milliseconds to delay a request for `operation` (0 when no latency fault matches); the sum of matching faults. */
  latencyFor(operation: ZoomOperationId | undefined): number {
    let total = 0;
    for (const { spec, random } of this.#latency) {
      if (spec.operation !== undefined && spec.operation !== operation) continue;
      total += spec.fixedMs + Math.floor(random() * ((spec.jitterMs ?? 0) + 1));
    }
    return total;
  }

  /** When a 429 storm is on: its end in epoch ms (sandbox clock). */
  stormUntil(): number | undefined {
    if (this.#stormUntil !== undefined && this.#clock() >= this.#stormUntil) this.#stormUntil = undefined;
    return this.#stormUntil;
  }

  /** Whether to destroy this request's connection before answering. */
  shouldReset(operation: ZoomOperationId | undefined): boolean {
    return hit(this.#reset, operation, () => true) !== undefined;
  }

  /** The 5xx status to answer this request with, if an error fault hits it. */
  errorStatusFor(operation: ZoomOperationId | undefined): ServerErrorStatus | undefined {
    const rule = hit(this.#errors, operation, () => true);
    if (rule === undefined) return undefined;
    const statuses = rule.spec.status ?? [500, 502, 503];
    if (!Array.isArray(statuses)) return statuses;
    return statuses[Math.floor(rule.random() * statuses.length)] ?? statuses[0];
  }

  /** Whether to destroy the connection after the model applied this request. */
  shouldDrop(operation: ZoomOperationId, isWrite: boolean): boolean {
    return hit(this.#drop, operation, (rule) => rule.spec.operation !== undefined || isWrite) !== undefined;
  }
}

function activeRule<T extends FaultSelector>(spec: T): ActiveRule<T> {
  return { spec, random: mulberry32(spec.seed ?? 1), hits: 0 };
}

/** Finds the first rule that matches and fires for this request, counting the hit; retires exhausted rules. */
function hit<T extends FaultSelector>(
  rules: Array<ActiveRule<T>>,
  operation: ZoomOperationId | undefined,
  applies: (rule: ActiveRule<T>) => boolean,
): ActiveRule<T> | undefined {
  for (const rule of rules) {
    const { spec } = rule;
    if (spec.operation !== undefined && spec.operation !== operation) continue;
    if (spec.times !== undefined && rule.hits >= spec.times) continue;
    if (!applies(rule)) continue;
    const rate = spec.rate ?? 1;
    if (rate < 1 && rule.random() >= rate) continue;
    rule.hits++;
    return rule;
  }
  return undefined;
}

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new SandboxFaultInputError(`Invalid fault: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Small, fast, seedable PRNG (Mulberry32): deterministic fault patterns without a dependency. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
