import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, screenshot, tvContext } from './helpers/chromium.ts';
import { focusWithRemote, pressWithRemote, typeWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { decodeQr } from './helpers/qr.ts';
import { useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';

// Signing the TV in with nothing but a remote: arrow keys, OK (Enter) and Back.

describe.skipIf(!chromiumAvailable)(`browser: sign in with the remote (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();
  let tv: Page;

  async function openTv() {
    const baseUrl = await session.startServer();
    tv = await session.open(tvContext);
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
  }

  const focusedId = () => tv.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('data-key'));

  it('email, Previous to fix it, a wrong password (capital via ⇧) → password help, Show Password, then signed in', async () => {
    await openTv();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.locator('#login-field').waitFor();
    expect(await focusedId()).toBe('a');

    // A typo first, fixed after seeing it on the next screen.
    await typeWithRemote(tv, 'demo@example.se');
    await pressWithRemote(tv, '#login-continue');
    expect(await tv.locator('#login-shown').textContent()).toBe('demo@example.se');
    await screenshot(tv, '20-tv-remote-password');
    await pressWithRemote(tv, '#previous');
    expect(await tv.locator('#login-field').textContent()).toBe('demo@example.se');
    await focusWithRemote(tv, '.keyboard [data-key="delete"]');
    await tv.keyboard.press('Enter');
    await tv.keyboard.press('Enter');
    await typeWithRemote(tv, 'com');
    await screenshot(tv, '21-tv-remote-email');
    await pressWithRemote(tv, '#login-continue');
    expect(await tv.locator('#login-shown').textContent()).toBe(DEMO_ACCOUNT.email);

    // Passwords are case-sensitive: a capital W is a wrong password, which points to help.
    const wrong = `W${DEMO_ACCOUNT.password.slice(1)}`;
    await typeWithRemote(tv, wrong);
    expect(await tv.locator('#password-field').textContent()).toBe('•'.repeat(wrong.length));
    await pressWithRemote(tv, '#password-sign-in');
    await tv.locator('#password-help').waitFor();
    expect(await tv.locator('#remote-message').textContent()).toContain('Incorrect email, phone number or password.');
    expect(await tv.locator('#remote-message').textContent()).toContain('Error code: TV-200');
    expect(await tv.locator('#password-help').textContent()).toContain('/loginhelp');
    // Beside the address, a QR code a phone can open password help with, in the TV's language.
    await tv.locator('#password-help-qr svg').waitFor();
    expect(decodeQr(await screenshot(tv, '22-tv-remote-wrong-password'))).toBe(`${session.baseUrl}/loginhelp?lang=en`);

    await typeWithRemote(tv, DEMO_ACCOUNT.password);
    await pressWithRemote(tv, '#show-password');
    expect(await tv.locator('#password-field').textContent()).toBe(DEMO_ACCOUNT.password);
    await screenshot(tv, '23-tv-remote-show-password');
    await pressWithRemote(tv, '#password-sign-in');
    await tv.locator('#signed-in').waitFor();
    expect(await tv.locator('#signed-in').textContent()).toBe(`Signed in as ${DEMO_ACCOUNT.name}`);
    expect(await focusedId()).not.toBe('');
    // Many key presses, each a round trip to the browser: generous on a busy machine.
  }, 45_000);

  it('with the service out of reach, Sign In keeps the password, says so, tries again by itself and offers Try Again', async () => {
    await openTv();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.keyboard.type(DEMO_ACCOUNT.email);
    await tv.keyboard.press('Enter');
    await typeWithRemote(tv, DEMO_ACCOUNT.password.slice(0, 3));
    await tv.keyboard.type(DEMO_ACCOUNT.password.slice(3));
    // The first two tries find no server at all (the network drops them).
    let attempts = 0;
    await tv.route('**/api/tv/signin', (route) => (++attempts <= 2 ? route.abort('internetdisconnected') : route.continue()));
    await pressWithRemote(tv, '#password-sign-in');
    await tv.locator('#try-again').waitFor();
    const bullets = '•'.repeat(DEMO_ACCOUNT.password.length);
    expect(await tv.locator('#password-field').textContent()).toBe(bullets);
    const message = (await tv.locator('#remote-message').textContent())!;
    expect(message).toContain('Error code: TV-700');
    expect(message).toMatch(/What you typed is kept\. Trying again in \d+ s/);
    await screenshot(tv, '24-tv-remote-unreachable');

    await pressWithRemote(tv, '#try-again');
    await expect.poll(() => attempts).toBe(2);
    await tv.locator('#try-again').waitFor();
    expect(await tv.locator('#password-field').textContent()).toBe(bullets);
    // The network is back: the TV's own next try signs in, nobody presses anything.
    await tv.locator('#signed-in').waitFor({ timeout: 10_000 });
    expect(attempts).toBe(3);
  });

  it('Back (Escape/Backspace) walks back through the screens; arrows keep focus visible', async () => {
    await openTv();
    await pressWithRemote(tv, '#sign-in-with-remote');
    await tv.locator('#login-field').waitFor();
    await tv.keyboard.press('Escape');
    await tv.locator('#sign-in-from-web').waitFor();
    await tv.keyboard.press('Enter');
    await tv.locator('#user-code').waitFor();
    await tv.keyboard.press('Backspace');
    await tv.locator('#sign-in-from-web').waitFor();
    for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await tv.keyboard.press(key);
    expect(await focusedId()).toBe('sign-in-with-remote');
    const outline = await tv.evaluate(() => getComputedStyle(document.activeElement!).borderColor);
    expect(outline).toBe('rgb(255, 255, 255)');
  });
});
