import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, screenshot, tvContext } from './helpers/chromium.ts';
import { PLATFORM_BACK_KEYS, pressRemoteKey, pressWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';

// Back on a TV: each platform's Back key, an on-screen Back reached with the arrows on every
// screen that has somewhere to go back to, and the browser's history Back, all staying inside
// the app. And a physical keyboard's Enter continues instead of pressing an on-screen key.

describe.skipIf(!chromiumAvailable)(`browser: TV Back keys and a physical keyboard (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();
  let tv: Page;
  let baseUrl: string;

  async function openTv() {
    baseUrl = await session.startServer();
    tv = await session.open(tvContext);
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
  }

  const onMenu = () => tv.locator('#sign-in-from-web').waitFor({ timeout: 5_000 });

  it("each platform's Back key leaves the QR screen; every deeper screen has an on-screen Back reached with the arrows", async () => {
    await openTv();
    for (const { key, keyCode } of PLATFORM_BACK_KEYS) {
      await pressWithRemote(tv, '#sign-in-from-web');
      await tv.locator('#user-code').waitFor();
      await pressRemoteKey(tv, key, keyCode);
      await onMenu();
      expect(tv.url(), key).toBe(`${baseUrl}/tv`);
    }

    // The QR screen has no other control: its Back has the focus and OK presses it.
    await pressWithRemote(tv, '#sign-in-from-web');
    await tv.locator('#user-code').waitFor();
    expect(await tv.evaluate(() => document.activeElement?.id)).toBe('back');
    await screenshot(tv, '50-tv-qr-with-back');
    await tv.keyboard.press('Enter');
    await onMenu();

    // Language, the login keyboard and the password keyboard: arrows up to Back, OK.
    await pressWithRemote(tv, '#language');
    await pressWithRemote(tv, '#back');
    await onMenu();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.keyboard.type('demo@example.com');
    await pressWithRemote(tv, '#login-continue');
    await tv.locator('#login-shown').waitFor();
    await pressWithRemote(tv, '#back');
    expect(await tv.locator('#login-field').textContent()).toBe('demo@example.com');
    await pressWithRemote(tv, '#back');
    await onMenu();
    // A top-level screen has no Back of its own: it is the platform's (leaving the app).
    expect(await tv.locator('#back').count()).toBe(0);
  });

  it("the browser's history Back goes back a screen inside the app", async () => {
    await openTv();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.keyboard.type(DEMO_ACCOUNT.email);
    await tv.keyboard.press('Enter');
    await tv.locator('#login-shown').waitFor();
    await tv.goBack();
    // Back from the password screen: the login screen, with what was typed.
    await expect.poll(() => tv.locator('#login-field').textContent()).toBe(DEMO_ACCOUNT.email);
    await tv.goBack();
    await onMenu();
    expect(tv.url()).toBe(`${baseUrl}/tv`);
    await pressWithRemote(tv, '#sign-in-from-web');
    await tv.locator('#user-code').waitFor();
    await tv.goBack();
    await onMenu();
  });

  it('Enter on a physical keyboard continues (email, then password); after an arrow, OK presses the focused key again', async () => {
    await openTv();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.locator('#login-field').waitFor();
    await tv.keyboard.type(DEMO_ACCOUNT.email);
    await tv.keyboard.press('Enter');
    expect(await tv.locator('#login-shown').textContent()).toBe(DEMO_ACCOUNT.email);

    // Back on the remote: arrow to a key and OK types it.
    await tv.keyboard.type('x');
    await tv.keyboard.press('ArrowRight');
    await tv.keyboard.press('Enter');
    expect(await tv.locator('#password-field').textContent()).toBe('••');
    await pressWithRemote(tv, '.keyboard [data-key="delete"]');
    await tv.keyboard.press('Enter');
    expect(await tv.locator('#password-field').textContent()).toBe('');

    await tv.keyboard.type(DEMO_ACCOUNT.password);
    await tv.keyboard.press('Enter');
    await tv.locator('#signed-in').waitFor();
  });
});
