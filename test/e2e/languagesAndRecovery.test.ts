import { describe, expect, it } from 'vitest';
import type { WebSocketRoute } from 'playwright-core';
import { chromiumAvailable, phoneContext, screenshot, tvContext } from './helpers/chromium.ts';
import { pressWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { fillSignInForm, signInFirst, useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';
import { translator } from '../../shared/i18n/index.ts';

// Swedish and Dutch in real browsers (the TV from the device language or its menu, the phone
// from Accept-Language or the switcher), and a TV that says "no connection" and recovers.

describe.skipIf(!chromiumAvailable)(`browser: languages and recovery (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  it('a Swedish TV signed in from a Dutch phone, each in its own words', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext, 'sv-SE');
    await tv.goto(`${baseUrl}/tv`);
    expect(await tv.locator('h1').textContent()).toBe('Logga in');
    expect(await tv.locator('#sign-in-from-web').textContent()).toBe('Logga in från webben');
    await tv.keyboard.press('Enter');
    await tv.locator('#user-code').waitFor();
    expect(await tv.locator('main').textContent()).toContain('och ange den här koden:');
    await screenshot(tv, '30-tv-swedish');
    const userCode = (await tv.locator('#user-code').textContent())!;

    const phone = await session.open(phoneContext, 'nl-NL');
    await phone.goto(`${baseUrl}/tv8?code=${userCode}`);
    expect(await phone.locator('h1').textContent()).toBe('Log in op je tv');
    await screenshot(phone, '31-phone-dutch-code');
    await phone.getByRole('button', { name: 'Doorgaan' }).click();
    await expect.poll(() => tv.locator('#web-message').textContent()).toBe('Fortsätt på din mobil …');
    await fillSignInForm(phone, 'nl');
    expect(await phone.getByText('Wachtwoord weergeven').count()).toBe(1);
    await phone.getByRole('button', { name: 'Inloggen' }).click();
    await phone.getByRole('button', { name: 'Begin met kijken' }).waitFor();
    // The TV named itself in Swedish; the phone says when and from where in words, in Dutch.
    expect(await phone.locator('[data-testid=device-name]').textContent()).toBe('Vardagsrummets tv · Webb-tv');
    expect(await phone.locator('[data-testid=network]').textContent()).toBe('Hetzelfde netwerk als deze telefoon of computer');
    expect(await phone.locator('[data-testid=requested]').textContent()).toBe('nu');
    await screenshot(phone, '32-phone-dutch-confirm');
    await phone.getByRole('button', { name: 'Begin met kijken' }).click();
    await tv.locator('#signed-in').waitFor();
    expect(await tv.locator('#signed-in').textContent()).toBe(`Inloggad som ${DEMO_ACCOUNT.name}`);
    await expect.poll(() => phone.locator('#tv-status').textContent(), { timeout: 10_000 }).toBe('Je tv is ingelogd. Veel kijkplezier!');

    // The switcher: the same page in Swedish, remembered on the next page.
    await phone.getByRole('link', { name: 'Svenska' }).click();
    expect(await phone.locator('#tv-status').textContent()).toBe('Din tv är inloggad. Trevlig tittning!');
    await phone.goto(`${baseUrl}/tv8`);
    expect(await phone.getByRole('button', { name: 'Fortsätt' }).count()).toBe(1);
    await screenshot(phone, '33-phone-switched-to-swedish');
  });

  it('billed by a third party: "Kontakta kundtjänst" leads to a page that gives a way back in, in Swedish', async () => {
    const baseUrl = await session.startServer();
    const phone = await session.open(phoneContext, 'sv-SE');
    await phone.goto(`${baseUrl}/loginhelp/recover`);
    const t = translator('sv');
    await phone.getByRole('link', { name: t('common.contactSupport') }).click();
    await phone.waitForURL(`${baseUrl}/support`);
    expect(await phone.locator('h1').textContent()).toBe(t('support.title'));
    expect(await phone.locator('[data-testid=support-provider]').textContent()).toBe(t('support.provider'));
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, '37-phone-support-swedish');
  });

  it('the TV Language menu switches to Dutch with the remote and keeps it', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext, 'en-GB');
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#language').waitFor();
    await pressWithRemote(tv, '#language');
    await pressWithRemote(tv, '[data-locale="nl"]');
    await tv.waitForURL(`${baseUrl}/tv`);
    await expect.poll(() => tv.locator('#sign-in-from-web').textContent()).toBe('Inloggen via internet');
    expect(await tv.locator('#language').textContent()).toBe('Taal: Nederlands');
    await tv.reload();
    await expect.poll(() => tv.locator('#sign-in-with-remote').textContent()).toBe('Inloggen met de afstandsbediening');
    await screenshot(tv, '34-tv-dutch-menu');
  });

  it('shows "no connection" with its code while the server cannot be reached, and recovers by itself', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext, 'en-US');
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
    // The TV asks for its code on its WebSocket, which passes through the test: cut until the network is back.
    let networkDown = true;
    await tv.routeWebSocket(/\/ws\/tv$/, (socket) => {
      if (networkDown) return void socket.close();
      socket.connectToServer();
    });
    await tv.keyboard.press('Enter');
    await expect.poll(() => tv.locator('#status-bar').textContent()).toBe('No connection. Trying again… Error code: TV-700');
    expect(await tv.locator('#status-bar').isVisible()).toBe(true);
    await screenshot(tv, '35-tv-no-connection');
    networkDown = false;
    await tv.locator('#user-code').waitFor({ timeout: 15_000 });
    await expect.poll(() => tv.locator('#status-bar').isVisible()).toBe(false);
  });

  it('keeps its code through a network drop: says so, reconnects, and is still signed in by that code', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext, 'en-US');
    await tv.goto(`${baseUrl}/tv`);
    await tv.locator('#sign-in-from-web').waitFor();
    // The TV's WebSocket passes through the test, which can cut it and refuse new ones.
    let networkDown = false;
    const open: WebSocketRoute[] = [];
    await tv.routeWebSocket(/\/ws\/tv$/, (socket) => {
      if (networkDown) return void socket.close();
      socket.connectToServer();
      open.push(socket);
    });
    await tv.keyboard.press('Enter');
    const userCode = (await tv.locator('#user-code').textContent())!;
    await expect.poll(() => open.length).toBe(1);
    networkDown = true;
    await Promise.all(open.map((socket) => socket.close()));
    await expect.poll(() => tv.locator('#status-bar').textContent()).toBe('No connection. Trying again… Error code: TV-700');
    await screenshot(tv, '36-tv-connection-lost');
    networkDown = false;
    await expect.poll(() => tv.locator('#status-bar').isVisible(), { timeout: 15_000 }).toBe(false);
    expect(open.length).toBe(2);
    expect(await tv.locator('#user-code').textContent()).toBe(userCode);

    const phone = await session.open(phoneContext, 'en-US');
    await signInFirst(phone, baseUrl);
    await phone.goto(`${baseUrl}/tv8?code=${userCode}`);
    await phone.getByRole('button', { name: 'Continue' }).click();
    await phone.getByRole('button', { name: 'Start Watching' }).click();
    await tv.locator('#signed-in').waitFor();
  });
});
