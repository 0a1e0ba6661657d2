import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { SharedStore } from '../state/store.ts';
import type { PaginatedOperationId, ZoomCall, ZoomClient, ZoomOperationTypes } from '../zoom/client-types.ts';
import { ZOOM_OPERATIONS, type ZoomOperationId } from '../zoom/operations.ts';
import { isZoomError } from '../zoom/errors.ts';
import { paginate } from '../zoom/paginate.ts';
import { buildQueryString, expandPath } from '../zoom/url.ts';
import { decodeAnswer, deepFreeze, encodeRefusal, REFUSAL_TTL_MS } from './answers.ts';
import { createProcessEntries, createSharedEntries, type CacheEntry, type EntryStore } from './entries.ts';
import type { CacheEvent, CacheMissReason, InvalidationCause } from './events.ts';
import { CACHE_TTL_DEFAULTS, isCacheableOperation, readTags, writeTags, type CacheableOperationId } from './policy.ts';

/** Options of {@link createZoomCache}. */
export interface ZoomCacheOptions {
  /** The client whose reads are cached (the gateway's one Zoom client). */
  zoom: ZoomClient;
  /** Where versions of invalidation names live (and entries, with `entries: 'store'`): memory, or Redis for a cluster. */
  store: SharedStore;
  /**
   * `process`: answers in this process's LRU (bounded by `maxBytes`), versions in `store`. `store`: answers in the
   * shared store too, so every instance on it answers from one cache. Default `process`.
   */
  entries?: 'process' | 'store';
  /** Seconds each operation's answers stay fresh; 0 does not cache that operation. Default {@link CACHE_TTL_DEFAULTS}. */
  ttlSeconds?: Partial<Record<CacheableOperationId, number>>;
  /**
   * Seconds past its TTL an answer may still be served while one background read refreshes it (stale while
   * revalidate), so no answer is ever older than TTL + this. Never after an invalidation. Default 30.
   */
  staleSeconds?: number;
  /** Bound of the in-process LRU, in (approximate) bytes. Default 64 MiB. */
  maxBytes?: number;
  /** Prefix of the cache's store keys. Default `cache:`. */
  keyPrefix?: string;
  /** Reports hits, misses, single-flight joins, invalidations. Exceptions it throws are ignored. */
  onCacheEvent?: (event: CacheEvent) => void;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Defaults of {@link ZoomCacheOptions}. */
export const ZOOM_CACHE_DEFAULTS = Object.freeze({
  entries: 'process' as const,
  staleSeconds: 30,
  maxBytes: 64 * 1024 * 1024,
  keyPrefix: 'cache:',
});

/** The shared cache of Zoom's answers, as clients over it and an invalidator. */
export interface ZoomCache {
  /** Zoom through the cache: cacheable reads answered from it, concurrent identical reads made once, writes invalidating. */
  readonly client: ZoomClient;
  /** The same, except that reads skip the cache's answer (they still store theirs): a caller's fresh read. */
  readonly fresh: ZoomClient;
  /**
   * Drops every answer that depends on one of `names` (`cacheKeys` in src/events), in this process and, through the
   * store's version keys, in every instance sharing the store. Resolves once the store has the new versions.
   */
  invalidate(names: readonly string[], cause?: InvalidationCause): Promise<void>;
  /** What the process holds now. */
  stats(): { entries: number; bytes: number; inFlight: number };
}

/** An identical read in flight: what joins it get, and the names whose invalidation must stop new joins. */
interface Flight {
  /** `body`: the answer parsed and deep-frozen (absent for a refusal, or an entry read from the shared store). */
  readonly answer: Promise<{ json: string; body?: unknown }>;
  readonly names: readonly string[];
  /** Callers waiting that could still abort it; the Zoom call is cancelled when all who can have aborted. */
  join(signal: AbortSignal | undefined): void;
}

/**
 * Creates the shared cache of Zoom's answers (issue 10), a wrapper around the one Zoom client: resolvers are unchanged.
 *
 * - Reads of {@link CACHE_TTL_DEFAULTS}'s operations are kept per operation, path and query, for their TTL.
 * - Every answer records the versions of the invalidation names it depends on (`v:<name>` in the store);
 *   `invalidate` replaces those versions, so a write or a webhook on any instance drops the answer everywhere.
 *   Versions are read before the Zoom call, so an answer fetched across an invalidation is stored already stale.
 * - Concurrent identical reads, from any callers, become one Zoom call (the first caller's; the others join it); with
 *   answers in the shared store, across instances too (a short lock per read, see `fromOtherInstance`).
 * - Past its TTL an answer is served for at most `staleSeconds` more while one background read refreshes it.
 * Zoom's definite refusals (404, a 400 with its code) are kept at most 30 s; other failures never. Access rules run
 * above, in the resolvers, on every answer alike.
 */
export function createZoomCache(options: ZoomCacheOptions): ZoomCache {
  const now = options.now ?? Date.now;
  const staleMs = seconds('staleSeconds', options.staleSeconds ?? ZOOM_CACHE_DEFAULTS.staleSeconds) * 1_000;
  const ttlMs = new Map<string, number>();
  for (const [operation, fallback] of Object.entries(CACHE_TTL_DEFAULTS)) {
    ttlMs.set(operation, seconds(`ttlSeconds.${operation}`, options.ttlSeconds?.[operation as CacheableOperationId] ?? fallback) * 1_000);
  }
  const longestMs = Math.max(...ttlMs.values()) + staleMs;
  // A version must outlive every entry stored under the one before it, or a lost version could revive that entry.
  const versionTtlMs = Math.max(24 * 3_600_000, 2 * longestMs);
  const prefix = options.keyPrefix ?? ZOOM_CACHE_DEFAULTS.keyPrefix;
  const { store, zoom } = options;
  const maxBytes = options.maxBytes ?? ZOOM_CACHE_DEFAULTS.maxBytes;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1) throw new TypeError(`createZoomCache: maxBytes must be a positive integer, got ${String(maxBytes)}`);
  const isShared = (options.entries ?? ZOOM_CACHE_DEFAULTS.entries) === 'store';
  const entries: EntryStore = isShared
    ? createSharedEntries(store, `${prefix}e:`)
    : createProcessEntries(store, maxBytes);
  const flights = new Map<string, Flight>();
  const refreshing = new Map<string, Flight>();
  const versionKey = (name: string) => `${prefix}v:${name}`;

  function emit(event: CacheEvent): void {
    try {
      options.onCacheEvent?.(event);
    } catch {
      // An observer must not break a read.
    }
  }

  /** One read of a cacheable operation, or `undefined` when this call is not cached (the client answers it as is). */
  function planOf(operation: ZoomOperationId, call: ZoomCall<ZoomOperationId>) {
    if (!isCacheableOperation(operation)) return undefined;
    const ttl = ttlMs.get(operation) ?? 0;
    if (ttl === 0) return undefined;
    const names = readTags(operation, call);
    if (names === undefined) return undefined;
    let key: string;
    try {
      const path = expandPath(ZOOM_OPERATIONS[operation].path, (call.path ?? {}) as Record<string, unknown>, 'GET');
      key = `${operation} ${path}${buildQueryString(call.query)}`;
    } catch {
      return undefined; // The client refuses the call with its own error.
    }
    return { operation, category: ZOOM_OPERATIONS[operation].category, ttl, names, key };
  }
  type Plan = NonNullable<ReturnType<typeof planOf>>;

  /** Starts the Zoom call of a read and stores its answer under the versions read before it. */
  function fetch(plan: Plan, call: ZoomCall<ZoomOperationId>, versions: readonly string[] | undefined): Flight {
    const controller = new AbortController();
    // The client listens on it once per step of the call (token, rate slot, send); shared by design, not a leak.
    setMaxListeners(0, controller.signal);
    let unabortable = false;
    let waiting = 0;
    const store = async (json: string, freshMs: number, value?: unknown) => {
      if (versions === undefined) return;
      const entry: CacheEntry = { storedAt: now(), freshMs, versions, json, ...(value === undefined ? {} : { value }) };
      await entries.write(plan.key, entry, freshMs + staleMs).catch(() => emit({ kind: 'store-error', stage: 'write' }));
    };
    const answer = zoom.call(plan.operation, { ...call, signal: controller.signal } as ZoomCall<CacheableOperationId>).then(
      async (answered) => {
        const json = JSON.stringify(answered) ?? 'null';
        // Shared from here on by every read that joins or hits it, across requests: frozen, so none can change it.
        const body = deepFreeze(answered);
        await store(json, plan.ttl, body);
        return { json, body };
      },
      async (error: unknown) => {
        // Zoom's definite "no" (a 404, a 400 with its code: this user cannot host, this meeting is gone) is kept
        // briefly, as an answer; anything that may go differently next time (429, 5xx, network) is not.
        if (isZoomError(error) && (error.status === 404 || error.status === 400) && error.zoomCode !== undefined) {
          await store(encodeRefusal(error), Math.min(plan.ttl, REFUSAL_TTL_MS));
        }
        throw error;
      },
    );
    return {
      answer,
      names: plan.names,
      join(signal) {
        if (signal === undefined) {
          unabortable = true;
          return;
        }
        waiting++;
        const leave = () => {
          waiting--;
          if (waiting === 0 && !unabortable) controller.abort(signal.reason);
        };
        if (signal.aborted) leave();
        else {
          signal.addEventListener('abort', leave, { once: true });
          // A request's signal outlives its reads: let go of the listener once the answer is in.
          void answer.catch(() => undefined).finally(() => signal.removeEventListener('abort', leave));
        }
      },
    };
  }

  /** Looks the read up; a miss fetches it. Runs once per flight: identical reads meanwhile join it. */
  function lookUpOrFetch(plan: Plan, call: ZoomCall<ZoomOperationId>): Flight {
    let fetching: Flight | undefined;
    const joins: Array<AbortSignal | undefined> = [];
    const answer = (async () => {
      let found: Awaited<ReturnType<EntryStore['read']>>;
      try {
        found = await entries.read(plan.key, plan.names.map(versionKey));
      } catch {
        emit({ kind: 'store-error', stage: 'read' });
        emit({ kind: 'miss', operation: plan.operation, category: plan.category, reason: 'store-error' });
        return start(undefined);
      }
      const { entry, versions } = found;
      const state = stateOf(entry, versions);
      if (entry !== undefined && (state === 'fresh' || state === 'stale')) {
        emit({ kind: 'hit', operation: plan.operation, category: plan.category, isStale: state === 'stale' });
        if (state === 'stale') refresh(plan, call, versions);
        return { json: entry.json, body: entry.value };
      }
      const other = isShared ? await fromOtherInstance(plan) : {};
      if ('json' in other) {
        emit({ kind: 'join', operation: plan.operation, category: plan.category });
        return { json: other.json };
      }
      emit({ kind: 'miss', operation: plan.operation, category: plan.category, reason: state as CacheMissReason });
      const answer = start(versions);
      if (other.lock !== undefined) {
        const release = () => store.deleteIfEquals(other.lock!.key, other.lock!.token).catch(() => false);
        void answer.then(release, release);
      }
      return answer;
    })();
    function start(versions: readonly string[] | undefined) {
      fetching = fetch(plan, call, versions);
      for (const signal of joins) fetching.join(signal);
      return fetching.answer;
    }
    return {
      answer,
      names: plan.names,
      join(signal) {
        if (fetching === undefined) joins.push(signal);
        else fetching.join(signal);
      },
    };
  }

  /**
   * With answers in the shared store, one instance reads from Zoom while the others wait for its answer: a short
   * lock per read (`setIfAbsent`, released once the answer is stored or the call failed, expiring after
   * {@link SHARED_FLIGHT_LOCK_MS} if its holder dies). A waiter polls for the answer while the lock is held; it reads
   * from Zoom itself once the lock is gone without an answer, or the store fails.
   */
  async function fromOtherInstance(plan: Plan): Promise<{ json: string } | { lock?: { key: string; token: string } }> {
    const key = `${prefix}l:${plan.key}`;
    const token = randomUUID();
    try {
      if (await store.setIfAbsent(key, token, { ttlMs: SHARED_FLIGHT_LOCK_MS })) return { lock: { key, token } };
      // Real time: the lock expires by the store's clock, whatever clock this cache was given.
      const deadline = performance.now() + SHARED_FLIGHT_LOCK_MS;
      while (performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, SHARED_FLIGHT_POLL_MS));
        const { entry, versions } = await entries.read(plan.key, plan.names.map(versionKey));
        if (entry !== undefined && stateOf(entry, versions) === 'fresh') return { json: entry.json };
        if ((await store.get(key)) === undefined) return {};
      }
    } catch {
      emit({ kind: 'store-error', stage: 'read' });
    }
    return {};
  }

  function stateOf(entry: CacheEntry | undefined, versions: readonly string[]): 'fresh' | 'stale' | CacheMissReason {
    if (entry === undefined) return 'absent';
    if (entry.versions.length !== versions.length || entry.versions.some((version, i) => version !== versions[i])) return 'invalidated';
    const age = now() - entry.storedAt;
    if (age < entry.freshMs) return 'fresh';
    return age < entry.freshMs + staleMs ? 'stale' : 'expired';
  }

  /** One background read per stale answer; its failure leaves the stale answer until it expires. */
  function refresh(plan: Plan, call: ZoomCall<ZoomOperationId>, versions: readonly string[]): void {
    if (refreshing.has(plan.key)) return;
    const { signal: _signal, ...unsignalled } = call;
    const flight = fetch(plan, unsignalled, versions);
    flight.join(undefined);
    refreshing.set(plan.key, flight);
    flight.answer.then(
      () => emit({ kind: 'refresh', operation: plan.operation, category: plan.category, outcome: 'ok' }),
      () => emit({ kind: 'refresh', operation: plan.operation, category: plan.category, outcome: 'failed' }),
    ).finally(() => {
      if (refreshing.get(plan.key) === flight) refreshing.delete(plan.key);
    });
  }

  async function read(plan: Plan, call: ZoomCall<ZoomOperationId>, isFresh: boolean): Promise<unknown> {
    if (isFresh) {
      emit({ kind: 'miss', operation: plan.operation, category: plan.category, reason: 'bypass' });
      let versions: string[] | undefined;
      try {
        versions = (await store.getMany(plan.names.map(versionKey))).map((version) => version ?? '');
      } catch {
        emit({ kind: 'store-error', stage: 'read' });
      }
      const flight = fetch(plan, call, versions);
      flight.join(call.signal);
      return (await flight.answer).body;
    }
    const current = flights.get(plan.key);
    if (current !== undefined) {
      emit({ kind: 'join', operation: plan.operation, category: plan.category });
      current.join(call.signal);
      const joined = await current.answer;
      return joined.body === undefined ? decodeAnswer(joined.json) : joined.body;
    }
    const flight = lookUpOrFetch(plan, call);
    flight.join(call.signal);
    flights.set(plan.key, flight);
    try {
      const answer = await flight.answer;
      return answer.body === undefined ? decodeAnswer(answer.json) : answer.body;
    } finally {
      if (flights.get(plan.key) === flight) flights.delete(plan.key);
    }
  }

  async function invalidate(names: readonly string[], cause: InvalidationCause = 'manual'): Promise<void> {
    if (names.length === 0) return;
    const dropped = new Set(names);
    // Reads already in flight may carry the old answer: later reads must not join them.
    for (const map of [flights, refreshing]) {
      for (const [key, flight] of map) if (flight.names.some((name) => dropped.has(name))) map.delete(key);
    }
    const version = randomUUID();
    try {
      await Promise.all([...dropped].map((name) => store.set(versionKey(name), version, { ttlMs: versionTtlMs })));
    } catch (error) {
      emit({ kind: 'store-error', stage: 'invalidate' });
      throw error;
    }
    emit({ kind: 'invalidate', cause, names: dropped.size });
  }

  function clientOf(isFresh: boolean): ZoomClient {
    const client: ZoomClient = {
      async call<Op extends ZoomOperationId>(operation: Op, call: ZoomCall<Op> = {}): Promise<ZoomOperationTypes[Op]['response']> {
        const plan = planOf(operation, call as ZoomCall<ZoomOperationId>);
        if (plan !== undefined) return (await read(plan, call as ZoomCall<ZoomOperationId>, isFresh)) as ZoomOperationTypes[Op]['response'];
        const answer = await zoom.call(operation, call);
        const names = ZOOM_OPERATIONS[operation].method === 'GET' ? [] : writeTags(operation, call as ZoomCall<ZoomOperationId>);
        // The write is done: a failed invalidation must not report it failed (the answers still expire by TTL).
        if (names.length > 0) await invalidate(names, 'write').catch(() => undefined);
        return answer;
      },
      paginate<Op extends PaginatedOperationId>(operation: Op, call?: ZoomCall<Op> & { pageSize?: number }) {
        return paginate(client, operation, call);
      },
    };
    return client;
  }

  return {
    client: clientOf(false),
    fresh: clientOf(true),
    invalidate,
    stats: () => ({ ...entries.size(), inFlight: flights.size + refreshing.size }),
  };
}

/** Longest an instance waits for another instance's identical read (the lock's TTL), in milliseconds. */
const SHARED_FLIGHT_LOCK_MS = 2_000;
/** How often a waiting instance looks for the other's answer, in milliseconds. */
const SHARED_FLIGHT_POLL_MS = 20;

function seconds(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`createZoomCache: ${name} must be a number of seconds >= 0, got ${String(value)}`);
  return value;
}
