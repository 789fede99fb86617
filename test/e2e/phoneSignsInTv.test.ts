import { describe, expect, it } from 'vitest';
import { chromiumAvailable, desktopContext, phoneContext, screenshot, tvContext } from './helpers/chromium.ts';
import { decodeQr } from './helpers/qr.ts';
import { e2eBackend } from './helpers/server.ts';
import { fillSignInForm, useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';

// A TV page and a phone-sized page side by side, in real Chromium: the phone reads the QR code
// off the TV's screen, signs in, Continue, Start Watching, and the TV switches to signed in.

describe.skipIf(!chromiumAvailable)(`browser: sign a TV in from a phone or computer (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  async function openTv(locale?: string) {
    const baseUrl = await session.startServer();
    const tv = await session.open(tvContext, locale);
    await tv.goto(`${baseUrl}/tv`);
    return { tv, baseUrl };
  }

  it('phone scans the QR code on the TV, signs in, Continue, Start Watching: the TV is signed in', async () => {
    const { tv, baseUrl } = await openTv();
    await tv.locator('#sign-in-from-web').waitFor();
    expect(await tv.evaluate(() => document.activeElement?.id)).toBe('sign-in-from-web');
    await tv.keyboard.press('Enter');
    await tv.locator('#qr svg').waitFor();
    const userCode = (await tv.locator('#user-code').textContent())!;
    expect(userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    await expect.poll(() => tv.locator('#countdown').textContent()).toMatch(/expires in \d+:\d\d/);

    // The camera: decode the QR code from a screenshot of the TV.
    const qrUrl = decodeQr(await screenshot(tv, '01-tv-sign-in-from-web'));
    expect(qrUrl).toBe(`${baseUrl}/tv8?code=${userCode.replace('-', '')}`);

    const phone = await session.open(phoneContext);
    await phone.goto(qrUrl!);
    await expect.poll(() => phone.inputValue('#code')).toBe(userCode);
    await screenshot(phone, '02-phone-code-filled-in');
    await phone.getByRole('button', { name: 'Continue' }).click();

    // The TV notices the phone opened its code.
    await expect.poll(() => tv.locator('#web-message').textContent()).toBe('Continue on your phone…');

    // Not signed in yet: the phone asks, then returns to the confirmation.
    await fillSignInForm(phone);
    await screenshot(phone, '03-phone-sign-in');
    await phone.getByRole('button', { name: 'Sign In' }).click();
    await expect.poll(() => phone.locator('[data-testid=confirm-code]').textContent()).toBe(userCode);
    expect(await phone.locator('[data-testid=device-name]').textContent()).toBe('Living room TV · Web TV');
    expect(await phone.locator('.warning').count()).toBe(0);
    await screenshot(phone, '04-phone-confirm');
    const approvedAt = Date.now();
    await phone.getByRole('button', { name: 'Start Watching' }).click();

    await tv.locator('#signed-in').waitFor();
    const pushMs = Date.now() - approvedAt;
    expect(await tv.locator('#signed-in').textContent()).toBe(`Signed in as ${DEMO_ACCOUNT.name}`);
    await screenshot(tv, '05-tv-signed-in');
    // The phone says so only after the TV's receipt.
    await expect.poll(() => phone.locator('#tv-status').textContent(), { timeout: 10_000 }).toBe('Your TV is signed in. Enjoy watching!');
    // The heading follows: no "Your TV is signing in" left above it.
    expect(await phone.locator('h1').textContent()).toBe('Your TV is signed in');
    expect(await phone.getByText('Your TV is signing in').count()).toBe(0);
    await screenshot(phone, '06-phone-tv-signed-in');
    console.info(`browser: Start Watching click → TV shows signed in: ${pushMs} ms`);
  });

  it('computer: types the code (lower case, spaces), is warned about another network, and signs the TV in', async () => {
    const { tv, baseUrl } = await openTv();
    await tv.keyboard.press('Enter');
    const userCode = (await tv.locator('#user-code').textContent())!;

    const desktop = await session.open((browser, locale) => desktopContext(browser, locale, { 'X-Forwarded-For': '203.0.113.7' }));
    await desktop.goto(`${baseUrl}/tv8`);
    await desktop.getByLabel('Sign-in code').fill(` ${userCode.toLowerCase().replace('-', ' ')} `);
    await desktop.getByRole('button', { name: 'Continue' }).click();
    await fillSignInForm(desktop);
    await desktop.getByLabel('Show password').check();
    expect(await desktop.getAttribute('#password', 'type')).toBe('text');
    await desktop.getByRole('button', { name: 'Sign In' }).click();
    await desktop.locator('.warning').waitFor();
    expect(await desktop.locator('.warning').textContent()).toContain('different network');
    await screenshot(desktop, '10-desktop-confirm-other-network');
    await desktop.getByRole('button', { name: 'Start Watching' }).click();
    await tv.locator('#signed-in').waitFor();
    await expect.poll(() => desktop.locator('#tv-status').textContent(), { timeout: 10_000 }).toBe('Your TV is signed in. Enjoy watching!');
    await screenshot(desktop, '11-desktop-done');
  });

  it('a wrong code gets one plain message with its code and a help page', async () => {
    const baseUrl = await session.startServer();
    const phone = await session.open(phoneContext);
    await phone.goto(`${baseUrl}/tv8`);
    await phone.getByLabel('Sign-in code').fill('BCDF-GHJK');
    await phone.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => phone.locator('.error').textContent()).toContain("That code didn't work.");
    await screenshot(phone, '12-phone-wrong-code');
    await phone.getByRole('link', { name: 'What can I do?' }).click();
    expect(await phone.locator('h1').textContent()).toBe('Error code TV-100');
    await screenshot(phone, '13-phone-help-TV-100');
  });
});
