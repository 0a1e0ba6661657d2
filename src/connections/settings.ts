import { row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/** Timeouts and caps of the HTTP server's sockets (src/connections/use-connection-limits.ts). */
export interface ConnectionLimitsConfig {
  /** A client must send its complete request headers within this many milliseconds. */
  readonly headersTimeoutMs: number;
  /** A client must send its complete request (headers and body) within this many milliseconds. */
  readonly requestTimeoutMs: number;
  /** Most open TCP connections; more are closed as they arrive. */
  readonly maxConnections: number;
  /** Most open TCP connections from one remote address; 0: no per-address cap. */
  readonly maxConnectionsPerAddress: number;
}

/** Defaults of the connection variables. */
export const CONNECTION_DEFAULTS = Object.freeze({
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 30_000,
  maxConnections: 10_000,
  maxConnectionsPerAddress: 256,
});

export const CONNECTION_SETTINGS = {
  SERVER_HEADERS_TIMEOUT_MS: row(wholeNumber(1_000, 120_000), {
    group: 'Server',
    description: 'A client must send its complete request headers within this many milliseconds, or its connection is closed (408): a client sending one header line every few seconds cannot hold a socket.',
    defaultText: String(CONNECTION_DEFAULTS.headersTimeoutMs),
    example: '10000',
    expected: 'milliseconds from 1000 to 120000',
  }),
  SERVER_REQUEST_TIMEOUT_MS: row(wholeNumber(1_000, 600_000), {
    group: 'Server',
    description: 'A client must send its complete request, headers and body, within this many milliseconds, or its connection is closed (408). At least SERVER_HEADERS_TIMEOUT_MS.',
    defaultText: String(CONNECTION_DEFAULTS.requestTimeoutMs),
    example: '60000',
    expected: 'milliseconds from 1000 to 600000',
  }),
  SERVER_MAX_CONNECTIONS: row(wholeNumber(1, 1_000_000), {
    group: 'Server',
    description: 'Most open TCP connections to the gateway (HTTP and WebSocket); more are closed as they arrive.',
    defaultText: String(CONNECTION_DEFAULTS.maxConnections),
    example: '20000',
    expected: 'a whole number from 1 to 1000000',
  }),
  SERVER_MAX_CONNECTIONS_PER_ADDRESS: row(wholeNumber(0, 1_000_000), {
    group: 'Server',
    description: 'Most open TCP connections from one remote address; more are closed as they arrive. Behind a proxy or load balancer every client shares its address: raise it, or 0 to turn the per-address cap off.',
    defaultText: String(CONNECTION_DEFAULTS.maxConnectionsPerAddress),
    example: '1000',
    expected: 'a whole number from 0 (off) to 1000000',
  }),
};

/** Builds `GatewayConfig.connections`. */
export function resolveConnectionLimitsConfig(values: SettingsValues<typeof CONNECTION_SETTINGS>, issues: ConfigIssue[]): ConnectionLimitsConfig {
  const config = {
    headersTimeoutMs: values.SERVER_HEADERS_TIMEOUT_MS ?? CONNECTION_DEFAULTS.headersTimeoutMs,
    requestTimeoutMs: values.SERVER_REQUEST_TIMEOUT_MS ?? CONNECTION_DEFAULTS.requestTimeoutMs,
    maxConnections: values.SERVER_MAX_CONNECTIONS ?? CONNECTION_DEFAULTS.maxConnections,
    maxConnectionsPerAddress: values.SERVER_MAX_CONNECTIONS_PER_ADDRESS ?? CONNECTION_DEFAULTS.maxConnectionsPerAddress,
  };
  if (config.requestTimeoutMs < config.headersTimeoutMs) {
    issues.push({
      variables: ['SERVER_REQUEST_TIMEOUT_MS', 'SERVER_HEADERS_TIMEOUT_MS'],
      message: `SERVER_REQUEST_TIMEOUT_MS (${config.requestTimeoutMs}) is below SERVER_HEADERS_TIMEOUT_MS (${config.headersTimeoutMs}); a request includes its headers. Example: SERVER_HEADERS_TIMEOUT_MS=5000 SERVER_REQUEST_TIMEOUT_MS=30000`,
    });
  }
  return config;
}
