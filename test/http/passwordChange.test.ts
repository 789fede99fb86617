import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster, type TestNode } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { outbox, requestSmsReset, smsCodeIn, submitNewPassword } from '../helpers/accountHelp.ts';

// Changing the password at /password, Kids profiles, signing devices out, and the phone number
// on the Account page — on the embedded store and on real Redis.

const NEW_PASSWORD = 'quiet harbour lamps at dusk';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`password change and account page on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    async function signedIn(): Promise<{ node: TestNode; browser: Browser }> {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      expect((await browser.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      return { node, browser };
    }

    async function demoAccountId(node: TestNode): Promise<string> {
      return (await node.app.services.accounts.findByLogin(DEMO_ACCOUNT.email))!.id;
    }

    async function chooseProfile(browser: Browser, name: string) {
      const page = await browser.agent.get('/profiles');
      const match = new RegExp(`name="profileId" value="([^"]+)">\\s*<button[^>]*>${name}`).exec(page.text);
      const _csrf = await browser.csrf('/profiles');
      return browser.agent.post('/profiles').type('form').send({ profileId: match![1], _csrf });
    }

    it('asks for the current password, and refuses a wrong one with a code', async () => {
      const { browser } = await signedIn();
      const form = await browser.agent.get('/password');
      expect(form.status).toBe(200);
      expect(form.text).toContain('name="current"');
      expect(form.text).toContain('Require all devices to sign in again');
      const wrong = await submitNewPassword(browser, { current: 'not it at all', password: NEW_PASSWORD });
      expect(wrong.status).toBe(401);
      expect(wrong.text).toContain('TV-304');
      const missing = await submitNewPassword(browser, { password: NEW_PASSWORD });
      expect(missing.status).toBe(400);
      expect((await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: NEW_PASSWORD })).status).toBe(303);
      expect((await new Browser(cluster.nodes[0]!.baseUrl).signIn(DEMO_ACCOUNT.email, NEW_PASSWORD)).status).toBe(303);
    });

    it('refuses the previous password and common passwords', async () => {
      const { browser } = await signedIn();
      const same = await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: DEMO_ACCOUNT.password });
      expect(same.text).toContain('TV-303');
      const common = await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: 'iloveyou123' });
      expect(common.text).toContain('This password is not secure or too common');
    });

    it('sends people who are not signed in to sign in first', async () => {
      cluster = await startCluster(backend);
      const response = await new Browser(cluster.nodes[0]!.baseUrl).agent.get('/password');
      expect(response.status).toBe(303);
      expect(response.headers.location).toBe('/login?next=%2Fpassword');
    });

    it('a Kids profile is not offered /password and gets a coded refusal', async () => {
      const { browser } = await signedIn();
      expect((await chooseProfile(browser, 'Kids')).status).toBe(303);
      const account = await browser.agent.get('/account');
      expect(account.text).toContain('Kids profiles cannot change the password');
      expect(account.text).not.toContain('href="/password"');
      const page = await browser.agent.get('/password');
      expect(page.status).toBe(403);
      expect(page.text).toContain('TV-306');
      const post = await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: NEW_PASSWORD });
      expect(post.status).toBe(403);
      expect(post.text).toContain('TV-306');
      // Nor can it change the phone number the SMS reset goes to.
      expect(account.text).not.toContain('href="/account/phone"');
      expect((await browser.agent.get('/account/phone')).status).toBe(403);
      const _csrf = await browser.csrf('/profiles');
      expect((await browser.agent.post('/account/phone').type('form').send({ phone: '+46707654321', _csrf })).status).toBe(403);
      expect((await new Browser(cluster.nodes[0]!.baseUrl).signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      // Back on the regular profile, the page is offered again.
      await chooseProfile(browser, 'Demo Viewer');
      expect((await browser.agent.get('/password')).status).toBe(200);
    });

    it('signs TVs out only when the person ticks the box; other browsers always', async () => {
      const { node, browser } = await signedIn();
      const accountId = await demoAccountId(node);
      const tv = { accountId, clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X' };
      const { deviceSessions } = node.app.services;
      await deviceSessions.create(tv);
      const other = new Browser(node.baseUrl);
      await other.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);

      expect((await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: NEW_PASSWORD })).headers.location).toBe('/account?changed=browsers');
      expect(await deviceSessions.list(accountId)).toHaveLength(1);
      expect((await other.agent.get('/account')).status).toBe(303);
      expect((await browser.agent.get('/account')).status).toBe(200);

      const changed = await submitNewPassword(browser, { current: NEW_PASSWORD, password: 'violet tram under bridges', signOutDevices: true });
      expect(changed.headers.location).toBe('/account?changed=devices');
      expect(await deviceSessions.list(accountId)).toEqual([]);
      expect((await browser.agent.get(changed.headers.location!)).text).toContain('All other devices, TVs included, must sign in again');
    });

    it('after a reset the box is ticked by default', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      await requestSmsReset(browser, DEMO_ACCOUNT.phone);
      const code = /\b(\d{6})\b/.exec((await outbox(node))[0]!.text)![1]!;
      const _csrf = await browser.csrf('/loginhelp');
      await browser.agent.post('/loginhelp/sms/verify').type('form').send({ phone: DEMO_ACCOUNT.phone, code, _csrf });
      expect((await browser.agent.get('/password')).text).toMatch(/name="signOutDevices" value="1" checked/);
    });

    it('rate-limits password attempts per account before checking them', async () => {
      const { browser } = await signedIn();
      for (let i = 0; i < 10; i++) await submitNewPassword(browser, { current: 'wrong guess', password: NEW_PASSWORD });
      const limited = await submitNewPassword(browser, { current: DEMO_ACCOUNT.password, password: NEW_PASSWORD });
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('TV-307');
    });

    it('adds and changes the phone number on the Account page (password, then the texted code); SMS reset then uses the new number', async () => {
      const { node, browser } = await signedIn();
      expect((await browser.agent.get('/account')).text).toContain('Change phone number');
      const _csrf = await browser.csrf('/account/phone');
      const asked = await browser.agent.post('/account/phone').type('form').send({ phone: '+46 70 765 43 21', password: DEMO_ACCOUNT.password, _csrf });
      expect(asked.status).toBe(200);
      const code = smsCodeIn((await outbox(node, '+46707654321'))[0]);
      const saved = await browser.agent.post('/account/phone/confirm').type('form').send({ code, _csrf });
      expect(saved.headers.location).toBe('/account?changed=phone');
      expect((await browser.agent.get('/account')).text).toContain('+46707654321');
      await requestSmsReset(new Browser(node.baseUrl), '+46707654321');
      expect(await outbox(node, '+46707654321')).toHaveLength(2);
      const oldNumberMessages = (await outbox(node, DEMO_ACCOUNT.phone)).length;
      await requestSmsReset(new Browser(node.baseUrl), DEMO_ACCOUNT.phone);
      expect(await outbox(node, DEMO_ACCOUNT.phone)).toHaveLength(oldNumberMessages);

      await node.app.services.accounts.create({ email: 'bo@example.com', password: 'lilac tram verses', phone: '+46701111111' });
      const taken = await browser.agent.post('/account/phone').type('form').send({ phone: '+46701111111', password: DEMO_ACCOUNT.password, _csrf });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain('TV-323');
      const garbage = await browser.agent.post('/account/phone').type('form').send({ phone: 'call me', password: DEMO_ACCOUNT.password, _csrf });
      expect(garbage.status).toBe(400);
      expect(garbage.text).toContain('TV-322');
    });

    it('an account without a phone number is offered to add one', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      await node.app.services.accounts.create({ email: 'nophone@example.com', password: 'lilac tram verses' });
      const browser = new Browser(node.baseUrl);
      await browser.signIn('nophone@example.com', 'lilac tram verses');
      expect((await browser.agent.get('/account')).text).toContain('Add phone number');
    });

    it('refuses profiles of other accounts', async () => {
      const { browser } = await signedIn();
      const _csrf = await browser.csrf('/profiles');
      expect((await browser.agent.post('/profiles').type('form').send({ profileId: 'someone-elses', _csrf })).status).toBe(400);
    });
  });
}
