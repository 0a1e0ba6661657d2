import { createLoaders, type Loaders } from '../loaders/index.ts';
import type { ZoomClient } from '../zoom/client-types.ts';

/** What every resolver receives. Built fresh for each GraphQL operation by `createGatewayContext`. */
export interface GatewayContext {
  /** The process-wide Zoom client (shared token, rate limits, retries). */
  zoom: ZoomClient;
  /** Per-operation DataLoaders: deduplicate and cache Zoom reads for this operation only. */
  loaders: Loaders;
  /** Epoch milliseconds; drives cursor expiry. */
  now: () => number;
  /** Aborts this operation's Zoom calls (e.g. when the HTTP client disconnects). */
  signal?: AbortSignal;
}

/** What a context is built from. Later concerns (the authenticated caller, pub/sub) add optional members here. */
export interface GatewayContextDeps {
  zoom: ZoomClient;
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Cancels the operation's Zoom calls. */
  signal?: AbortSignal;
}

/** A fresh context, with fresh loaders, for one GraphQL operation. Never share one between operations. */
export function createGatewayContext(deps: GatewayContextDeps): GatewayContext {
  return {
    zoom: deps.zoom,
    loaders: createLoaders(deps.zoom, deps.signal),
    now: deps.now ?? Date.now,
    signal: deps.signal,
  };
}
