import { describe, expect, it } from 'vitest';
import { chromiumAvailable, phoneContext, screenshot, tvContext } from './helpers/chromium.ts';
import { pressWithRemote, typeWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { fillSignInForm, signInFirst, tvShowingCode, useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';
import { translator } from '../../shared/i18n/index.ts';

// The signed-in TV hears a sign-out from the Account page at once; and the companion's core path
// works in a browser with JavaScript switched off.

const t = translator('en');

describe.skipIf(!chromiumAvailable)(`browser: signed-in TV and the companion without JavaScript (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  it('a TV signed in with the remote returns to Sign In when the phone signs it out', async () => {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext);
    await tv.goto(`${baseUrl}/tv?name=Bedroom%20TV`);
    await pressWithRemote(tv, '#sign-in-with-remote');
    await typeWithRemote(tv, DEMO_ACCOUNT.email);
    await pressWithRemote(tv, '#login-continue');
    await typeWithRemote(tv, DEMO_ACCOUNT.password);
    await pressWithRemote(tv, '#password-sign-in');
    await tv.locator('#signed-in').waitFor();

    const phone = await session.open(phoneContext);
    await signInFirst(phone, baseUrl);
    await phone.goto(`${baseUrl}/account/devices`);
    await phone.getByRole('button', { name: t('devices.signOutLabel', { device: 'Bedroom TV' }) }).click();
    await tv.locator('#sign-in-from-web').waitFor({ timeout: 10_000 });
    expect(await tv.evaluate(() => localStorage.getItem('tv.tokens'))).toBeNull();
  });

  it('without JavaScript: type the code, sign in, Start Watching; the page refreshes itself until the TV has it', async () => {
    const baseUrl = await session.startServer();
    const { tv, userCode } = await tvShowingCode(session);

    const phone = await session.openWith({ viewport: { width: 360, height: 740 }, isMobile: true, javaScriptEnabled: false, locale: 'en-US' });
    await phone.goto(`${baseUrl}/tv8`);
    expect(await phone.getAttribute('#code', 'autocomplete')).toBe('one-time-code');
    await phone.getByLabel(t('tv8.codeLabel')).fill(userCode.toLowerCase());
    await phone.getByRole('button', { name: t('common.continue') }).click();
    expect(await phone.getAttribute('#login', 'autocomplete')).toBe('username');
    expect(await phone.getAttribute('#password', 'autocomplete')).toBe('current-password');
    await fillSignInForm(phone);
    await phone.getByRole('button', { name: t('common.signIn') }).click();
    await phone.getByRole('button', { name: t('confirm.startWatching') }).click();
    await tv.locator('#signed-in').waitFor();
    // No script: the page's meta refresh brings the receipt.
    await expect.poll(() => phone.locator('#tv-status').textContent(), { timeout: 10_000 }).toBe(t('done.received'));
    expect(await phone.locator('h1').textContent()).toBe(t('done.titleSignedIn'));
    await screenshot(phone, '40-phone-no-javascript-done');
  });

  it('says plainly when the TV went away before it got its sign-in', async () => {
    const baseUrl = await session.startServer();
    const { tv, userCode } = await tvShowingCode(session);
    // The TV is switched off: it has no chance to say it stopped waiting (a closing page would).
    await tv.context().setOffline(true);
    await tv.context().close();

    const phone = await session.openWith({ viewport: { width: 360, height: 740 }, isMobile: true, javaScriptEnabled: false, locale: 'en-US' });
    await signInFirst(phone, baseUrl);
    await phone.goto(`${baseUrl}/tv8?code=${userCode}`);
    await phone.getByRole('button', { name: t('common.continue') }).click();
    await phone.getByRole('button', { name: t('confirm.startWatching') }).click();
    expect(await phone.locator('#tv-status').textContent()).toBe(t('done.waiting'));
    // 30 s without the TV's receipt (on the server's clock); the page's refresh then says so.
    session.cluster.clock.advance(31_000);
    await expect.poll(() => phone.locator('#tv-status').textContent(), { timeout: 10_000 }).toBe(t('done.notReceived'));
    await screenshot(phone, '41-phone-tv-went-away');
  });
});
