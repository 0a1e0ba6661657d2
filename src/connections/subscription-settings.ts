import { row, wholeNumber, type ConfigIssue, type SettingsValues } from '../config/define.ts';

/**
 * Who may hold graphql-ws connections and subscriptions, and how many (issue 12 item 1, issue 10 item 4):
 * src/connections/subscription-admission.ts and subscription-caps.ts. `SUBSCRIPTION_MAX_CONNECTIONS`, the total of
 * authenticated connections, stays in src/config/settings/subscriptions.ts with the other subscription settings.
 */
export interface SubscriptionLimitsConfig {
  /** A socket must send `connection_init` within this many milliseconds, or it is closed (4408). */
  readonly initTimeoutMs: number;
  /** Most sockets from one remote address that have not authenticated yet. */
  readonly anonymousPerAddress: number;
  /** Most sockets in all that have not authenticated yet. */
  readonly anonymousMax: number;
  /** Most authenticated connections of one caller. */
  readonly maxConnectionsPerCaller: number;
  /** Most live subscriptions on one connection. */
  readonly maxPerConnection: number;
  /** Most live subscriptions of one caller over all its connections. */
  readonly maxPerCaller: number;
}

/** Defaults of the subscription limit variables. */
export const SUBSCRIPTION_LIMIT_DEFAULTS = Object.freeze({
  initTimeoutMs: 3_000,
  anonymousPerAddress: 8,
  anonymousMax: 100,
  maxConnectionsPerCaller: 10,
  maxPerConnection: 50,
  maxPerCaller: 200,
});

const GROUP = 'Webhooks and subscriptions' as const;

export const SUBSCRIPTION_LIMIT_SETTINGS = {
  SUBSCRIPTION_INIT_TIMEOUT_MS: row(wholeNumber(100, 60_000), {
    group: GROUP,
    description: 'A graphql-ws socket must authenticate (send connection_init) within this many milliseconds, or it is closed (4408).',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.initTimeoutMs),
    example: '5000',
    expected: 'milliseconds from 100 to 60000',
  }),
  SUBSCRIPTION_ANONYMOUS_PER_ADDRESS: row(wholeNumber(1, 100_000), {
    group: GROUP,
    description: 'Most graphql-ws sockets from one remote address that have not authenticated yet; a newer one closes the oldest (1013). They never count against SUBSCRIPTION_MAX_CONNECTIONS.',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.anonymousPerAddress),
    example: '32',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_ANONYMOUS_MAX: row(wholeNumber(1, 100_000), {
    group: GROUP,
    description: 'Most graphql-ws sockets in all that have not authenticated yet; a newer one closes the oldest (1013), so sockets that never authenticate cannot keep a caller out.',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.anonymousMax),
    example: '500',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_MAX_CONNECTIONS_PER_CALLER: row(wholeNumber(1, 100_000), {
    group: GROUP,
    description: 'Most authenticated graphql-ws connections of one caller (API key name or JWT subject); one more is closed at connection_init (1013).',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.maxConnectionsPerCaller),
    example: '20',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_MAX_PER_CONNECTION: row(wholeNumber(1, 100_000), {
    group: GROUP,
    description: 'Most live subscriptions on one graphql-ws connection; one more is refused with TOO_MANY_SUBSCRIPTIONS (reason PER_CONNECTION) before it reaches Zoom.',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.maxPerConnection),
    example: '100',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_MAX_PER_CALLER: row(wholeNumber(1, 1_000_000), {
    group: GROUP,
    description: 'Most live subscriptions of one caller over all its connections; one more is refused with TOO_MANY_SUBSCRIPTIONS (reason PER_CALLER) before it reaches Zoom.',
    defaultText: String(SUBSCRIPTION_LIMIT_DEFAULTS.maxPerCaller),
    example: '1000',
    expected: 'a whole number from 1 to 1000000',
  }),
};

/** Builds `GatewayConfig.subscriptionLimits`. */
export function resolveSubscriptionLimitsConfig(
  values: SettingsValues<typeof SUBSCRIPTION_LIMIT_SETTINGS>,
  _issues: ConfigIssue[],
): SubscriptionLimitsConfig {
  return {
    initTimeoutMs: values.SUBSCRIPTION_INIT_TIMEOUT_MS ?? SUBSCRIPTION_LIMIT_DEFAULTS.initTimeoutMs,
    anonymousPerAddress: values.SUBSCRIPTION_ANONYMOUS_PER_ADDRESS ?? SUBSCRIPTION_LIMIT_DEFAULTS.anonymousPerAddress,
    anonymousMax: values.SUBSCRIPTION_ANONYMOUS_MAX ?? SUBSCRIPTION_LIMIT_DEFAULTS.anonymousMax,
    maxConnectionsPerCaller: values.SUBSCRIPTION_MAX_CONNECTIONS_PER_CALLER ?? SUBSCRIPTION_LIMIT_DEFAULTS.maxConnectionsPerCaller,
    maxPerConnection: values.SUBSCRIPTION_MAX_PER_CONNECTION ?? SUBSCRIPTION_LIMIT_DEFAULTS.maxPerConnection,
    maxPerCaller: values.SUBSCRIPTION_MAX_PER_CALLER ?? SUBSCRIPTION_LIMIT_DEFAULTS.maxPerCaller,
  };
}
