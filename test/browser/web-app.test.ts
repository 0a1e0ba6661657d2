import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { startGateway, type StartedGateway } from '../../src/server/start.ts';
import { HAS_CHROMIUM, NO_CHROMIUM, openBrowser, type BrowserSession } from './chromium.ts';
import { serveStatic } from './static-server.ts';

/** examples/web built (`npm ci && npm run build` there; .ci/run does it before `npm test`). */
const DIST = resolve(import.meta.dirname, '../../examples/web/dist');
const HAS_BUILD = existsSync(resolve(DIST, 'index.html'));
const title = !HAS_CHROMIUM
  ? NO_CHROMIUM
  : !HAS_BUILD
    ? 'SKIPPED: examples/web is not built (cd examples/web && npm ci && npm run build; .ci/run does it)'
    : 'the example web app in Chromium, on its own origin';

// The default reporter shows only "skipped": say why on the run's output too.
if (!HAS_CHROMIUM || !HAS_BUILD) console.warn(`test/browser/web-app.test.ts ${title}`);

/**
 * examples/web served on an origin of its own, against a sandbox-mode gateway allowing that origin (CORS_ORIGINS):
 * it signs in with a development JWT, pages through meetings, creates one and sees its CREATED event arrive.
 */
describe.skipIf(!HAS_CHROMIUM || !HAS_BUILD)(title, () => {
  let site: Awaited<ReturnType<typeof serveStatic>>;
  let started: StartedGateway;
  let browser: BrowserSession;
  beforeAll(async () => {
    site = await serveStatic(DIST);
    const { config } = loadConfig({ env: { NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', CORS_ORIGINS: site.url }, envFile: null });
    started = await startGateway(config);
    browser = await openBrowser([site.url, started.gateway.url, started.gateway.url.replace('http', 'ws')]);
  }, 40_000);
  afterAll(async () => {
    await browser?.close();
    await started?.gateway.close();
    await site?.close();
  });

  it('signs in, pages through meetings, creates one and sees its CREATED event', async () => {
    const { page } = browser;
    const subscribed = page.waitForEvent('websocket').then((socket) =>
      socket.waitForEvent('framesent', { predicate: (frame) => String(frame.payload).includes('"subscribe"') }));
    await page.goto(`${site.url}/?gateway=${encodeURIComponent(started.gateway.url)}`);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByTestId('signed-in').waitFor();

    // First page, then the next one appended through fetchMore with the page's endCursor.
    const count = page.getByTestId('meeting-count');
    await count.filter({ hasText: /\(3 of \d+\)/ }).waitFor();
    const total = Number(/of (\d+)/.exec((await count.textContent())!)![1]);
    expect(total).toBeGreaterThan(3);
    await page.getByRole('button', { name: 'More' }).click();
    await count.filter({ hasText: new RegExp(`\\(${Math.min(6, total)} of ${total}\\)`) }).waitFor();
    expect(await page.locator('ul.meetings li').count()).toBe(Math.min(6, total));

    // Details of a meeting on the second page.
    const fourth = page.locator('ul.meetings li button').nth(3);
    const fourthTopic = (await fourth.textContent())!;
    await fourth.click();
    await page.getByTestId('meeting-details').getByRole('heading', { name: fourthTopic }).waitFor();

    // Create one; the subscription (opened at sign-in) shows its CREATED event.
    await subscribed;
    const topic = `Browser ${Date.now()}`;
    await page.getByLabel('Topic').fill(topic);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByTestId('meeting-details').getByRole('heading', { name: topic }).waitFor();
    await page.getByTestId('events').locator('li', { hasText: topic }).filter({ hasText: 'CREATED' }).waitFor();

    expect(browser.problems).toEqual([]);
    expect(browser.offsite).toEqual([]);
  }, 50_000);
});
