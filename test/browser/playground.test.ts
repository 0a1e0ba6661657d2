import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { HAS_CHROMIUM, NO_CHROMIUM, openBrowser, type BrowserSession } from './chromium.ts';

const ME = '{ me { email } }';
const EVENTS = 'subscription { meetingEvents(filter: { types: [CREATED] }) { type meetingId meeting { topic } } }';

// The default reporter shows only "skipped": say why on the run's output too.
if (!HAS_CHROMIUM) console.warn(`test/browser/playground.test.ts ${NO_CHROMIUM}`);

/** The playground (GraphiQL) of a sandbox-mode gateway, in a real Chromium with no network beyond the gateway. */
describe.skipIf(!HAS_CHROMIUM)(HAS_CHROMIUM ? 'the playground in Chromium' : NO_CHROMIUM, () => {
  let started: StartedGateway;
  let browser: BrowserSession;
  beforeAll(async () => {
    const { config } = loadConfig({ env: { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent' }, envFile: null });
    started = await startGateway(config, {
      examples: [{ title: 'Who am I', query: ME }, { title: 'Meetings created', query: EVENTS }],
    });
    browser = await openBrowser([started.gateway.url, started.gateway.url.replace('http', 'ws')]);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await started?.gateway.close();
  });

  it('loads offline with no console error or CSP violation, runs a query and a subscription', async () => {
    const { page } = browser;
    await page.goto(`${started.gateway.url}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();

    // The first tab's query, with the development key the sandbox's playground carries.
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.graphiql-response').filter({ hasText: '"email"' }).waitFor();
    expect(await page.locator('.graphiql-response').textContent()).not.toContain('errors');

    // The second tab: a subscription over graphql-ws; a meeting created meanwhile arrives as its CREATED event.
    await page.locator('.graphiql-tab', { hasText: 'subscription' }).or(page.locator('.graphiql-tab').nth(1)).first().click();
    // GraphiQL parses the new tab's document after it renders it; executing before that sends the previous tab's
    // parse with this tab's text, and the subscription goes out over HTTP instead of graphql-ws.
    await page.locator('.graphiql-query-editor').filter({ hasText: 'meetingEvents' }).waitFor();
    await page.waitForTimeout(500);
    const subscribed = page.waitForEvent('websocket').then((socket) =>
      socket.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"subscribe"') }));
    await page.locator('.graphiql-execute-button').click();
    await subscribed;
    const topic = `Playground ${Date.now()}`;
    const created = await fetch(`${started.gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': started.gateway.developmentApiKey! },
      body: JSON.stringify({ query: 'mutation ($topic: String!) { createMeeting(input: { topic: $topic }) { id } }', variables: { topic } }),
    });
    expect(((await created.json()) as any).data.createMeeting.id).toBeTruthy();
    await page.locator('.graphiql-response').filter({ hasText: topic }).waitFor();
    expect(await page.locator('.graphiql-response').textContent()).toContain('CREATED');

    expect(browser.problems).toEqual([]);
    expect(browser.offsite).toEqual([]);
  }, 45_000);
});
