import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, phoneContext, screenshot } from './helpers/chromium.ts';
import { e2eBackend } from './helpers/server.ts';
import { signInFirst, tvShowingCode, useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';
import { translator } from '../../shared/i18n/index.ts';
import { errorMessage } from '../../shared/i18n/index.ts';
import type { ErrorId } from '../../shared/errors.ts';
import { TV_GONE_GRACE_MS } from '../../server/realtime/pairingListeners.ts';

// The phone says why a code cannot be used, to a person who is signed in: expired, already
// signed in, approved by you, approved by another phone, or the TV stopped waiting (went back,
// reloaded, or was switched off and did not come back within the grace period). Someone not
// signed in keeps getting the one answer TV-100.

const t = translator('en');
const OTHER = { email: 'bo@example.com', password: 'lilac tram verses' };

describe.skipIf(!chromiumAvailable)(`browser: the phone says why a code failed (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  async function enterCode(phone: Page, userCode: string): Promise<string> {
    await phone.goto(`${session.baseUrl}/tv8`);
    await phone.getByLabel(t('tv8.codeLabel')).fill(userCode);
    await phone.getByRole('button', { name: t('common.continue') }).click();
    return (await phone.locator('.error').textContent()) ?? '';
  }

  async function openConfirm(phone: Page, userCode: string): Promise<void> {
    await phone.goto(`${session.baseUrl}/tv8?code=${userCode}`);
    await phone.getByRole('button', { name: t('common.continue') }).click();
    await phone.getByRole('button', { name: t('confirm.startWatching') }).waitFor();
  }

  const says = (id: ErrorId) => errorMessage('en', id);

  it('used, approved on another phone, approved by you, expired: each said plainly; a stranger gets TV-100', async () => {
    const baseUrl = await session.startServer();
    await session.cluster.nodes[0]!.app.services.accounts.create({ email: OTHER.email, password: OTHER.password });
    const { tv, userCode } = await tvShowingCode(session);

    // Two phones on the confirm page; the first one's Start Watching wins.
    const mine = await session.open(phoneContext);
    await signInFirst(mine, baseUrl);
    const theirs = await session.open(phoneContext);
    await theirs.goto(`${baseUrl}/login`);
    await theirs.getByLabel(t('signIn.loginLabel')).fill(OTHER.email);
    await theirs.getByLabel(t('signIn.passwordLabel'), { exact: true }).fill(OTHER.password);
    await theirs.getByRole('button', { name: t('common.signIn') }).click();
    await theirs.waitForURL(`${baseUrl}/`);
    await openConfirm(mine, userCode);
    await openConfirm(theirs, userCode);
    await mine.getByRole('button', { name: t('confirm.startWatching') }).click();
    await tv.locator('#signed-in').waitFor();
    await theirs.getByRole('button', { name: t('confirm.startWatching') }).click();
    expect(await theirs.locator('.error').textContent()).toContain(says('code_approved_elsewhere'));
    expect(await theirs.locator('.error').textContent()).toContain('TV-111');
    await screenshot(theirs, '70-phone-approved-by-another-phone');

    expect(await enterCode(mine, userCode)).toContain(says('tv_already_signed_in'));
    const stranger = await session.open(phoneContext);
    expect(await enterCode(stranger, userCode)).toContain(says('code_not_found'));

    // Approved but not collected yet (a TV that polls slowly): "you already approved this code".
    const started = await fetch(`${baseUrl}/oauth/device_authorization`, { method: 'POST', body: new URLSearchParams({ client_id: 'tv' }) });
    const waiting = ((await started.json()) as { user_code: string }).user_code;
    await openConfirm(mine, waiting);
    await mine.getByRole('button', { name: t('confirm.startWatching') }).click();
    await mine.waitForURL(/\/tv8\/done/);
    expect(await enterCode(mine, waiting)).toContain(says('code_approved_by_you'));
    await screenshot(mine, '71-phone-already-approved-by-you');

    // A code past its lifetime.
    const old = await fetch(`${baseUrl}/oauth/device_authorization`, { method: 'POST', body: new URLSearchParams({ client_id: 'tv' }) });
    const expiring = ((await old.json()) as { user_code: string; expires_in: number });
    session.cluster.clock.advance((expiring.expires_in + 1) * 1000);
    expect(await enterCode(mine, expiring.user_code)).toContain(says('code_expired'));
    expect(await enterCode(stranger, expiring.user_code)).toContain(says('code_not_found'));
  }, 45_000);

  it('a TV that goes back or reloads tells the server; the phone says the TV stopped waiting', async () => {
    const baseUrl = await session.startServer();
    const { tv, userCode } = await tvShowingCode(session);
    const phone = await session.open(phoneContext);
    await signInFirst(phone, baseUrl);
    await openConfirm(phone, userCode);

    // The viewer presses Back on the TV while the phone shows Start Watching.
    await tv.keyboard.press('Escape');
    await tv.locator('#sign-in-from-web').waitFor();
    await expect.poll(async () => (await session.cluster.nodes[0]!.app.services.pairings.read(userCode))?.tvLeftAt).toBeTruthy();
    await phone.getByRole('button', { name: t('confirm.startWatching') }).click();
    expect(await phone.locator('.error').textContent()).toContain(says('tv_stopped_waiting'));
    await screenshot(phone, '72-phone-tv-stopped-waiting');

    // A reload leaves the code too (pagehide).
    await tv.keyboard.press('Enter');
    const second = (await tv.locator('#user-code').textContent())!;
    await tv.reload();
    await tv.locator('#sign-in-from-web').waitFor();
    await expect.poll(async () => (await session.cluster.nodes[0]!.app.services.pairings.read(second))?.tvLeftAt).toBeTruthy();
    expect(await enterCode(phone, second)).toContain(says('tv_stopped_waiting'));
  });

  it('a TV switched off while the phone shows Start Watching: after the grace period the phone says the TV stopped waiting', async () => {
    const baseUrl = await session.startServer();
    const { tv, userCode } = await tvShowingCode(session);
    const phone = await session.open(phoneContext);
    await signInFirst(phone, baseUrl);
    await openConfirm(phone, userCode);

    // Switched off: no page-hide beacon gets out, the socket just closes.
    await tv.context().setOffline(true);
    await tv.context().close();
    const node = session.cluster.nodes[0]!;
    await expect.poll(() => node.app.services.listeners.size()).toBe(0);
    await node.app.services.listeners.settle();
    session.cluster.clock.advance(TV_GONE_GRACE_MS);
    await phone.getByRole('button', { name: t('confirm.startWatching') }).click();
    expect(await phone.locator('.error').textContent()).toContain(says('tv_stopped_waiting'));
    await screenshot(phone, '73-phone-tv-switched-off');
  });

  it('refused on the phone: the TV says so once, with its code; the Dutch Account page fits 320 px', async () => {
    const baseUrl = await session.startServer();
    const { tv, userCode } = await tvShowingCode(session);
    const phone = await session.open(phoneContext);
    await signInFirst(phone, baseUrl);
    await openConfirm(phone, userCode);
    await phone.getByRole('button', { name: t('confirm.deny') }).click();
    await tv.getByText(t('tv.denied')).waitFor();
    const screenText = (await tv.locator('main').textContent())!;
    expect(screenText).toContain(t('tv.denied'));
    expect(screenText).not.toContain(says('code_denied'));
    expect(screenText).toContain('TV-103');
    await screenshot(tv, '73-tv-refused');

    // With a signed-in device whose name is long, beside this browser's own row.
    const { accounts, deviceSessions } = session.cluster.nodes[0]!.app.services;
    const demo = (await accounts.findByLogin(DEMO_ACCOUNT.email))!;
    await deviceSessions.create({
      accountId: demo.id, clientId: 'tv', scope: 'openid', deviceName: 'Woonkamertelevisie-bovenverdieping', deviceModel: 'Streamingstick 4K Ultra HD', ip: '192.0.2.1',
    });
    await phone.setViewportSize({ width: 320, height: 640 });
    await phone.goto(`${baseUrl}/account?lang=nl`);
    await phone.locator('[data-testid=device-network]').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(phone, '74-phone-account-dutch-320');
  });
});
