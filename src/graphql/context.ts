import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import type { CostTally } from '../cost/cost-tally.ts';
import type { GatewayEvent } from '../events/types.ts';
import { createLoaders, type Loaders } from '../loaders/index.ts';
import { createPlayableLinks, RECORDING_LINK_DEFAULTS, type PlayableLinks } from '../recordings/index.ts';
import { createCursorKey, type CursorKey } from './cursor.ts';
import type { PubSub } from '../state/pubsub.ts';
import type { ZoomClient } from '../zoom/client-types.ts';

/** What every resolver receives. Built fresh for each GraphQL operation by `createGatewayContext`. */
export interface GatewayContext {
  /** The process-wide Zoom client (shared token, rate limits, retries). */
  zoom: ZoomClient;
  /** Per-operation DataLoaders: deduplicate and cache Zoom reads for this operation only. */
  loaders: Loaders;
  /** Epoch milliseconds; drives cursor expiry. */
  now: () => number;
  /** The key connection cursors are signed and checked with (`CURSOR_SECRET`, or made at start). */
  cursorKey: CursorKey;
  /** Aborts this operation's Zoom calls (e.g. when the HTTP client disconnects). */
  signal?: AbortSignal;
  /**
   * Drops shared-cache entries a write made stale (names from `cacheKeys` in src/events). The same function the
   * webhook publisher calls for received events, so writes and events invalidate alike.
   */
  invalidate: CacheInvalidator;
  /** Where subscriptions read live events from; absent where subscriptions are not served. */
  pubsub?: PubSub<GatewayEvent>;
  /**
   * Who is asking, authenticated before the operation started. Fields check it against their access rule
   * (src/auth/gateway-field-rules.ts); without it every guarded field fails with `UNAUTHENTICATED`.
   */
  caller?: Caller;
  /** Counts this operation's Zoom calls for `extensions.cost.actual` (see src/cost). */
  costTally?: CostTally;
  /** The request's logger: its lines carry the request id and trace id (src/telemetry/request-ids.ts). */
  log?: Logger;
  /** Signs the gateway's playable recording links (`RecordingFile.playUrl`, served by src/recordings/route.ts). */
  recordingLinks: PlayableLinks;
}

/**
 * Drops process-wide (shared) cache entries by name (`cacheKeys` in src/events). Resolves once they are gone. The
 * gateway's is the shared cache's (src/cache, `useZoomCache`); contexts built without one (tests, tools) drop nothing.
 */
export type CacheInvalidator = (keys: string[]) => void | Promise<void>;

/** The `CacheInvalidator` of contexts built without a shared cache (tests, tools): nothing to drop. */
export const noSharedCache: CacheInvalidator = () => undefined;

/** What a context is built from. Later concerns (the authenticated caller, pub/sub) add optional members here. */
export interface GatewayContextDeps {
  zoom: ZoomClient;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Cursor signing key. Default: one made for this process (see `createCursorKey`). */
  cursorKey?: CursorKey;
  /** Cancels the operation's Zoom calls. */
  signal?: AbortSignal;
  /** Shared-cache invalidation for writes. Default `noSharedCache`. */
  invalidate?: CacheInvalidator;
  /** The process-wide pub/sub that the webhook receiver publishes to. */
  pubsub?: PubSub<GatewayEvent>;
  /** The authenticated caller (from `createCallerAuthenticator`). */
  caller?: Caller;
  /** This operation's Zoom-call tally. */
  costTally?: CostTally;
  /** The request's logger. */
  log?: Logger;
  /** The gateway's link signer (`Gateway.recordingLinks`). Default: one made for this process, with the default TTL. */
  recordingLinks?: PlayableLinks;
}

/** The key of contexts built without one (tests, tools): made once per process, so their cursors round-trip. */
const processCursorKey = createCursorKey();
/** The link signer of contexts built without one (tests, tools); its links play only on a gateway sharing it. */
let processRecordingLinks: PlayableLinks | undefined;

/** A fresh context, with fresh loaders, for one GraphQL operation. Never share one between operations. */
export function createGatewayContext(deps: GatewayContextDeps): GatewayContext {
  return {
    zoom: deps.zoom,
    loaders: createLoaders(deps.zoom, deps.signal),
    now: deps.now ?? Date.now,
    cursorKey: deps.cursorKey ?? processCursorKey,
    recordingLinks: deps.recordingLinks ?? (processRecordingLinks ??= createPlayableLinks({ ttlMinutes: RECORDING_LINK_DEFAULTS.ttlMinutes })),
    signal: deps.signal,
    invalidate: deps.invalidate ?? noSharedCache,
    ...(deps.pubsub === undefined ? {} : { pubsub: deps.pubsub }),
    ...(deps.caller === undefined ? {} : { caller: deps.caller }),
    ...(deps.costTally === undefined ? {} : { costTally: deps.costTally }),
    ...(deps.log === undefined ? {} : { log: deps.log }),
  };
}
