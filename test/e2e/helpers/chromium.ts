import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Debian's Chromium driven by playwright-core (no browser downloads). Without it the browser
// suite skips with a printed reason — except under CI=true, where it fails.

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = 'test-results/e2e';

export const chromiumAvailable = existsSync(CHROMIUM_PATH);
if (!chromiumAvailable) {
  const reason = `no Chromium at ${CHROMIUM_PATH}`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires the browser tests (apt-get install chromium).`);
  console.warn(`SKIPPING the browser tests: ${reason}. Install Debian's chromium or set CHROMIUM_PATH.`);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium stalls on a closed network.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A living-room TV: 720p, driven by keys only. */
export function tvContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 720 }, locale });
}

/** A small phone (iPhone 12/13/14 sized). */
export function phoneContext(browser: Browser, locale = 'en-US', extraHTTPHeaders: Record<string, string> = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale, extraHTTPHeaders });
}

export function desktopContext(browser: Browser, locale = 'en-US', extraHTTPHeaders: Record<string, string> = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1366, height: 860 }, locale, extraHTTPHeaders });
}

/** Saves a full-page screenshot a person can look at after the run; returns the PNG. */
export async function screenshot(page: Page, name: string): Promise<Buffer> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return page.screenshot({ path: `${SCREENSHOT_DIR}/${name}.png`, fullPage: true });
}
