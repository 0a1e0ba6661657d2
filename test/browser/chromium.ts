import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). No browser is ever downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
/** Shown as the suite's name when it is skipped, so the test report says why. */
export const NO_CHROMIUM = `SKIPPED: ${CHROMIUM_PATH} not found (apt-get install -y chromium; .ci/run installs it)`;

/**
 * The flags that keep Chromium off the (closed) network and quiet: without the background-networking ones it keeps
 * trying to reach Google's hosts. Root in a container needs --no-sandbox.
 */
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, uncaught page errors and CSP violations, as text. */
  readonly problems: string[];
  /** Requests that left the allowed origins (and were aborted). */
  readonly offsite: string[];
  close(): Promise<void>;
}

/**
 * A fresh Chromium (its own empty user-data-dir) whose page may reach only `allowedOrigins`: anything else is
 * aborted and recorded, which is how "works offline" is checked.
 */
export async function openBrowser(allowedOrigins: readonly string[]): Promise<BrowserSession> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'zgw-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
    timeout: 20_000,
  });
  const problems: string[] = [];
  const offsite: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || allowedOrigins.some((origin) => url.startsWith(`${origin}/`) || url === origin)) return route.continue();
    offsite.push(url);
    return route.abort();
  });
  // CSP violations are also console errors, but this names them even if Chromium's wording changes.
  // (A string: the project's TypeScript has no DOM types.)
  await context.addInitScript(
    "document.addEventListener('securitypolicyviolation', (event) => console.error('CSP violation: ' + event.violatedDirective + ' ' + event.blockedURI));",
  );
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    context,
    page,
    problems,
    offsite,
    async close() {
      await context.close().catch(() => undefined);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
