/** The messages between bench/run.ts and a system host (bench/system-host.ts) over the fork IPC channel. */

/** Which system a host runs. */
export type SystemKind = 'gateway' | 'naive';

/** How a system reaches the sandbox. Secrets travel over IPC only, never argv or logs. */
export interface ZoomTarget {
  apiUrl: string;
  oauthUrl: string;
  accountId: string;
  clientId: string;
  clientSecret: string;
  /** An access token the bench fetched from the sandbox (the baseline uses it; the gateway gets its own). */
  accessToken: string;
}

export type ParentMessage =
  | {
      type: 'start';
      system: SystemKind;
      zoom: ZoomTarget;
      /** Admin key the gateway accepts as `x-api-key`. */
      apiKey: string;
      /** Gateway configuration on top of the host's defaults (the variables of src/config/), e.g. CACHE_ENABLED. */
      env?: Record<string, string>;
    }
  | { type: 'memory' }
  | { type: 'cpu' }
  | { type: 'stop' };

/** Milliseconds since the host process started (`performance.now()` in the host, whose origin is process start). */
export interface StartPhases {
  /** Node and tsx booted, the host script running. */
  bootedAtMs: number;
  /** The system's modules imported. */
  importedAtMs: number;
  /** The system built and listening. */
  listeningAtMs: number;
}

/** Memory of the host process, in bytes. */
export interface MemorySample {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Peak resident set size of the process so far. */
  maxRss: number;
  /** Whether a full GC ran just before `heapUsed` was read (needs --expose-gc). */
  afterGc: boolean;
}

export type ChildMessage =
  | { type: 'hello'; bootedAtMs: number }
  | { type: 'listening'; graphqlUrl: string; phases: StartPhases; /** Where the gateway serves `/metrics`, when METRICS_PORT is set. */ metricsUrl?: string }
  | { type: 'memory'; memory: MemorySample }
  /** The host's CPU time so far (user + system), in microseconds: the system's own work, not the sandbox's. */
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; message: string };
