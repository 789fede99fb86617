import { describe, expect, it } from 'vitest';
import { chromiumAvailable, desktopContext, screenshot } from './helpers/chromium.ts';
import { e2eBackend } from './helpers/server.ts';
import { fillSignInForm, tvShowingCode, useBrowserSession } from './helpers/session.ts';

// In real Chromium: a TV signed in from a computer, then signed out from the Account page on
// that computer, goes back to its Sign In screen by itself and forgets its tokens.

describe.skipIf(!chromiumAvailable)(`browser: sign a TV out from the Account page (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  it('the TV returns to Sign In when its device is signed out on the Account page, and stays signed out after a reload', async () => {
    const baseUrl = await session.startServer();
    const cluster = session.cluster;
    const { tv, userCode } = await tvShowingCode(session);

    const computer = await session.open(desktopContext);
    await computer.goto(`${baseUrl}/tv8`);
    await computer.getByLabel('Sign-in code').fill(userCode);
    await computer.getByRole('button', { name: 'Continue' }).click();
    await fillSignInForm(computer);
    await computer.getByRole('button', { name: 'Sign In' }).click();
    await computer.getByRole('button', { name: 'Start Watching' }).click();
    await tv.locator('#signed-in').waitFor();
    // Signed in, the TV registers its socket for its device session.
    await expect.poll(() => cluster.nodes[0]!.app.services.deviceListeners.size()).toBe(1);

    await computer.goto(`${baseUrl}/account`);
    await computer.getByRole('button', { name: 'Sign out Living room TV · Web TV' }).waitFor();
    // The TV and this computer are on one network (loopback here): the row says so, in words.
    expect(await computer.locator('[data-testid=device] [data-testid=device-network]').textContent()).toBe('This network (the one you are on now)');
    expect(await computer.locator('[data-testid=this-browser] strong').textContent()).toBe('This browser');
    expect(await computer.locator('[data-testid=this-browser]').getAttribute('aria-current')).toBe('true');
    const signOutAll = computer.getByRole('link', { name: 'Sign out of all devices' });
    expect(await signOutAll.getAttribute('class')).toBe('button secondary');
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
