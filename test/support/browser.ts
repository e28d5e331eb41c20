import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium, which .ci/run installs; GitHub's runners have Google Chrome instead.
 * CHROMIUM_PATH names another.
 */
export const CHROMIUM =
  process.env.CHROMIUM_PATH ??
  ['/usr/bin/chromium', '/usr/bin/google-chrome'].find((path) => existsSync(path)) ??
  '/usr/bin/chromium';

/** Screenshots for a person to look at; CI uploads this folder as an artifact. */
export const SCREENSHOTS = 'out/screenshots';

/**
 * Without the background-networking and component-update flags Chromium reaches for Google's
 * hosts at start, which this closed network refuses; the sandbox needs a user namespace we lack as root.
 */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** A page in headless Chromium that records every request it makes and every error it logs. */
export interface WatchedPage {
  readonly page: Page;
  /** Every request the page made, as URLs, in order. */
  readonly requests: string[];
  /** Console errors and uncaught exceptions. */
  readonly errors: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export async function openPage(viewport = { width: 1280, height: 900 }): Promise<WatchedPage> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'journeys-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw new Error(
      `Chromium did not start from ${CHROMIUM} (install Debian's chromium, as .ci/run does, or set CHROMIUM_PATH): ${(error as Error).message}`,
    );
  }
  const requests: string[] = [];
  const errors: string[] = [];
  // Every request passes through here, so none can leave unseen.
  await context.route('**/*', async (route) => {
    requests.push(route.request().url());
    await route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return {
    page,
    requests,
    errors,
    async screenshot(name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
