import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { chromiumAvailable, desktopContext, launchChromium, screenshot, tvContext } from './helpers/chromium.ts';
import { e2eBackend, startE2eServer } from './helpers/server.ts';
import { DEMO_ACCOUNT, type TestCluster } from '../helpers/testNode.ts';

// In real Chromium: a TV signed in from a computer, then signed out from the Account page on
// that computer, goes back to its Sign In screen by itself and forgets its tokens.

describe.skipIf(!chromiumAvailable)(`browser: sign a TV out from the Account page (server on ${e2eBackend.name})`, () => {
  let browser: Browser;
  let cluster: TestCluster;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await cluster?.close();
  });

  it('the TV returns to Sign In when its device is signed out on the Account page, and stays signed out after a reload', async () => {
    cluster = await startE2eServer();
    const baseUrl = cluster.nodes[0]!.baseUrl;
    const tvBrowser = await tvContext(browser);
    const computerBrowser = await desktopContext(browser);
    contexts.push(tvBrowser, computerBrowser);

    const tv = await tvBrowser.newPage();
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
    await tv.keyboard.press('Enter');
    const userCode = (await tv.locator('#user-code').textContent())!;

    const computer = await computerBrowser.newPage();
    await computer.goto(`${baseUrl}/tv8`);
    await computer.getByLabel('Sign-in code').fill(userCode);
    await computer.getByRole('button', { name: 'Continue' }).click();
    await computer.getByLabel('Email or phone number').fill(DEMO_ACCOUNT.email);
    await computer.getByLabel('Password', { exact: true }).fill(DEMO_ACCOUNT.password);
    await computer.getByRole('button', { name: 'Sign In' }).click();
    await computer.getByRole('button', { name: 'Start Watching' }).click();
    await tv.locator('#signed-in').waitFor();
    // Signed in, the TV registers its socket for its device session.
    await expect.poll(() => cluster.nodes[0]!.app.context.deviceListeners.size()).toBe(1);

    await computer.goto(`${baseUrl}/account`);
    await computer.getByRole('button', { name: 'Sign out Living room TV · Web TV' }).waitFor();
    await screenshot(computer, '30-account-signed-in-devices');
    const clickedAt = Date.now();
    await computer.getByRole('button', { name: 'Sign out Living room TV · Web TV' }).click();

    await tv.locator('#sign-in-from-web').waitFor();
    const signOutMs = Date.now() - clickedAt;
    expect(await tv.evaluate(() => localStorage.getItem('tv.tokens'))).toBeNull();
    await screenshot(tv, '31-tv-back-to-sign-in');
    await expect.poll(() => computer.locator('.notice').textContent()).toContain('The device is signed out');
    expect(await computer.locator('[data-testid=no-devices]').count()).toBe(1);

    await tv.reload();
    await tv.locator('#sign-in-from-web').waitFor();
    expect(await tv.locator('#signed-in').count()).toBe(0);
    console.info(`browser: Sign out click → TV back at Sign In: ${signOutMs} ms`);
  });
});
