import { row, secretList, wholeNumber } from '../define.ts';
import { CONFIG_DEFAULTS } from '../defaults.ts';

/** The 'Webhooks and subscriptions' group: Zoom's webhook secrets and the graphql-ws server's bounds. */
export const WEBHOOK_SUBSCRIPTION_SETTINGS = {
  ZOOM_WEBHOOK_SECRET_TOKENS: row(secretList, {
    group: 'Webhooks and subscriptions',
    description: 'Secret Token(s) of your Zoom app\'s Event Subscription, comma-separated; setting it turns on POST /webhooks/zoom. A delivery signed with any of them is accepted, so during a rotation list the new and the old one. In sandbox mode the sandbox\'s own token is added. Never logged.',
    defaultText: '(none: webhooks off, except in sandbox mode)',
    example: 'NewSecretToken123,OldSecretToken456',
    secret: true,
    expected: 'one or more secret tokens separated by commas, without spaces',
  }),
  SUBSCRIPTION_MAX_CONNECTIONS: row(wholeNumber(1, 100_000), {
    group: 'Webhooks and subscriptions',
    description: 'Most authenticated graphql-ws (subscription) connections; more are refused with 503 at the upgrade, or 1013 at connection_init. Sockets not yet authenticated do not count (SUBSCRIPTION_ANONYMOUS_*).',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxConnections),
    example: '5000',
    expected: 'a whole number from 1 to 100000',
  }),
  SUBSCRIPTION_MAX_MESSAGE_BYTES: row(wholeNumber(1_024, 10_485_760), {
    group: 'Webhooks and subscriptions',
    description: 'Largest graphql-ws message a client may send, in bytes; a larger one closes its connection (1009).',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxMessageBytes),
    example: '131072',
    expected: 'bytes from 1024 to 10485760',
  }),
  SUBSCRIPTION_MAX_QUEUED_EVENTS: row(wholeNumber(1, 100_000), {
    group: 'Webhooks and subscriptions',
    description: 'Most events queued for one subscription whose client is not reading; one more and the client is disconnected, so a stalled client never grows the server\'s memory.',
    defaultText: String(CONFIG_DEFAULTS.subscriptionMaxQueuedEvents),
    example: '1000',
    expected: 'a whole number from 1 to 100000',
  }),
};
