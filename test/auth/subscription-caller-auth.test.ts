import { describe, expect, it } from 'vitest';
import { createCallerAuthenticator, createDevelopmentCredentials, isCallerAuthError } from '../../src/auth/index.ts';
import { createSubscriptionAuthenticator } from '../../src/auth/subscription-caller-auth.ts';

const { apiKey, entry } = createDevelopmentCredentials();
const authenticate = createSubscriptionAuthenticator(createCallerAuthenticator({ apiKeys: [entry] }));
const noHeaders = { headers: {} };

describe('createSubscriptionAuthenticator', () => {
  it.each([
    ['apiKey', { apiKey }],
    ['x-api-key, as GraphiQL sends its headers panel', { 'x-api-key': apiKey }],
    ['X-Api-Key in any case', { 'X-Api-Key': apiKey }],
    ['authorization: ApiKey', { authorization: `ApiKey ${apiKey}` }],
    ['Authorization: ApiKey', { Authorization: `ApiKey ${apiKey}` }],
  ])('accepts the key in connectionParams as %s', async (_title, connectionParams) => {
    const { caller } = await authenticate({ request: noHeaders, connectionParams });
    expect(caller.role).toBe('admin');
  });

  it('falls back to the upgrade request headers when connectionParams carry no credential', async () => {
    const { caller } = await authenticate({ request: { headers: { 'x-api-key': apiKey } }, connectionParams: {} });
    expect(caller.role).toBe('admin');
  });

  it.each([
    ['nothing', {}],
    ['an unknown key', { apiKey: 'zgw_dev_not-the-key' }],
    ['a non-string key', { apiKey: 42 }],
  ])('refuses %s with UNAUTHENTICATED', async (_title, connectionParams) => {
    const refusal = await authenticate({ request: noHeaders, connectionParams }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isCallerAuthError(refusal)).toBe(true);
    expect((refusal as { code: string }).code).toBe('UNAUTHENTICATED');
  });
});
