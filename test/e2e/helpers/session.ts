import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium, tvContext } from './chromium.ts';
import { startE2eServer } from './server.ts';
import { DEMO_ACCOUNT, type TestCluster } from '../../helpers/testNode.ts';
import { translator } from '../../../shared/i18n/index.ts';

// One Chromium per test file, a fresh server and fresh browser contexts (TV, phone, computer)
// per test, all closed afterwards.

export interface BrowserSession {
  readonly browser: Browser;
  readonly cluster: TestCluster;
  readonly baseUrl: string;
  startServer(): Promise<string>;
  /** A new page in its own context (its own cookies), made by one of helpers/chromium.ts. */
  open(makeContext: (browser: Browser, locale: string) => Promise<BrowserContext>, locale?: string): Promise<Page>;
  openWith(options: BrowserContextOptions): Promise<Page>;
}

export function useBrowserSession(): BrowserSession {
  let browser: Browser;
  let cluster: TestCluster | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await cluster?.close();
    cluster = undefined;
  });
  const track = async (context: BrowserContext) => {
    contexts.push(context);
    return context.newPage();
  };
  return {
    get browser() {
      return browser;
    },
    get cluster() {
      return cluster!;
    },
    get baseUrl() {
      return cluster!.nodes[0]!.baseUrl;
    },
    async startServer() {
      cluster = await startE2eServer();
      return cluster.nodes[0]!.baseUrl;
    },
    open: async (makeContext, locale = 'en-US') => track(await makeContext(browser, locale)),
    openWith: async (options) => track(await browser.newContext(options)),
  };
}

/** Fills the companion's sign-in form with the demo account, reading the labels in `locale`. */
export async function fillSignInForm(page: Page, locale = 'en'): Promise<void> {
  const t = translator(locale);
  await page.getByLabel(t('signIn.loginLabel')).fill(DEMO_ACCOUNT.email);
  await page.getByLabel(t('signIn.passwordLabel'), { exact: true }).fill(DEMO_ACCOUNT.password);
}

/** Signs the page in on the companion (the demo account) before anything else. */
export async function signInFirst(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await fillSignInForm(page);
  await page.getByRole('button', { name: translator('en')('common.signIn') }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** A TV page (in its own context) that chose Sign In from Web and shows its code. */
export async function tvShowingCode(session: BrowserSession): Promise<{ tv: Page; userCode: string }> {
  const tv = await session.open(tvContext);
  await tv.goto(`${session.baseUrl}/tv`);
  await tv.locator('#sign-in-from-web').waitFor();
  await tv.keyboard.press('Enter');
  const userCode = (await tv.locator('#user-code').textContent())!;
  return { tv, userCode };
}
