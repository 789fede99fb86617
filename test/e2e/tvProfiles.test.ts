import { describe, expect, it } from 'vitest';
import { chromiumAvailable, screenshot, tvContext } from './helpers/chromium.ts';
import { pressWithRemote, signInWithRemote } from './helpers/remote.ts';
import { e2eBackend } from './helpers/server.ts';
import { useBrowserSession } from './helpers/session.ts';
import { DEMO_ACCOUNT } from '../helpers/testNode.ts';

// "Who's watching?" after sign-in: the account's profiles with Kids marked, chosen with the
// remote; the choice is kept in the TV's device session (it survives a reload).

describe.skipIf(!chromiumAvailable)(`browser: Who's watching? (server on ${e2eBackend.name})`, () => {
  const session = useBrowserSession();

  it('asks who is watching, marks Kids, keeps the choice in the device session and offers to switch', async () => {
    const baseUrl = await session.startServer();
    const { accounts } = session.cluster.nodes[0]!.app.services;
    await accounts.create({ email: 'family@example.com', password: DEMO_ACCOUNT.password, name: 'Anna', profiles: [{ name: 'Anna' }, { name: 'Kids', kids: true }] });
    const tv = await session.open(tvContext);
    await tv.goto(`${baseUrl}/tv`);
    await signInWithRemote(tv, 'family@example.com', DEMO_ACCOUNT.password);

    await tv.locator('#whos-watching').waitFor();
    const profiles = tv.locator('.profiles button');
    expect(await profiles.allTextContents()).toEqual(['AAnna', 'KKidsKids']);
    expect(await tv.locator('.profiles button:has(.kids-badge)').count()).toBe(1);
    await screenshot(tv, '80-tv-whos-watching');

    await pressWithRemote(tv, '.profiles button:has(.kids-badge)');
    await expect.poll(() => tv.locator('#watching-as').textContent()).toBe('Watching as Kids');
    const accessToken = await tv.evaluate(() => (JSON.parse(localStorage.getItem('tv.tokens')!) as { access_token: string }).access_token);
    const info = (await (await fetch(`${baseUrl}/oauth/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } })).json()) as { profile?: { name: string; kids: boolean } };
    expect(info.profile).toMatchObject({ name: 'Kids', kids: true });

    // A reload keeps it (the server remembers it for this device).
    await tv.reload();
    await expect.poll(() => tv.locator('#watching-as').textContent()).toBe('Watching as Kids');
    await pressWithRemote(tv, '#switch-profile');
    await tv.locator('#whos-watching').waitFor();
    await screenshot(tv, '81-tv-switch-profile');
  });
});
