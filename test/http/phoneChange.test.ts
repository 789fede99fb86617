import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { outbox, smsCodeIn } from '../helpers/accountHelp.ts';

// Issue 12, item 3: a signed-in browser alone cannot change the phone number (which can reset the
// password). It takes the current password and a code texted to the new number, and the owner's
// email and old number are told.

const NEW_NUMBER = '+46707654321';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`adding or changing the phone number on ${backend.name}`, { timeout: 60_000 }, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    async function signedIn() {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      expect((await browser.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      const phoneOf = async () => (await node.app.services.accounts.findByLogin(DEMO_ACCOUNT.email))?.phone;
      return { node, browser, phoneOf };
    }

    async function askForCode(browser: Browser, fields: Record<string, string>) {
      const _csrf = await browser.csrf('/account/phone');
      return browser.agent.post('/account/phone').type('form').send({ ...fields, _csrf });
    }

    async function typeCode(browser: Browser, code: string) {
      const _csrf = await browser.csrf('/account/phone');
      return browser.agent.post('/account/phone/confirm').type('form').send({ code, _csrf });
    }

    it('refuses without the current password, or with a wrong one: nothing changes, nothing is texted', async () => {
      const { node, browser, phoneOf } = await signedIn();
      const missing = await askForCode(browser, { phone: NEW_NUMBER });
      expect(missing.status).toBe(401);
      expect(missing.text).toContain('TV-304');
      const wrong = await askForCode(browser, { phone: NEW_NUMBER, password: 'not my password' });
      expect(wrong.status).toBe(401);
      expect(await phoneOf()).toBe(DEMO_ACCOUNT.phone);
      expect(await outbox(node, NEW_NUMBER)).toHaveLength(0);
    });

    it('with the password, texts a code to the new number; only that code sets it; email and old number are told', async () => {
      const { node, browser, phoneOf } = await signedIn();
      const asked = await askForCode(browser, { phone: '+46 70 765 43 21', password: DEMO_ACCOUNT.password });
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('+46*******21');
      expect(await phoneOf()).toBe(DEMO_ACCOUNT.phone);
      const code = smsCodeIn((await outbox(node, NEW_NUMBER))[0]);

      const wrongCode = await typeCode(browser, code === '000000' ? '111111' : '000000');
      expect(wrongCode.status).toBe(400);
      expect(wrongCode.text).toContain('TV-311');
      expect(await phoneOf()).toBe(DEMO_ACCOUNT.phone);

      const confirmed = await typeCode(browser, code);
      expect(confirmed.headers.location).toBe('/account?changed=phone');
      expect(await phoneOf()).toBe(NEW_NUMBER);
      const mail = (await outbox(node, DEMO_ACCOUNT.email)).find((m) => m.subject === 'Your phone number was changed');
      expect(mail?.text).toContain('+46*******21');
      const oldNumberNotice = await outbox(node, DEMO_ACCOUNT.phone);
      expect(oldNumberNotice).toHaveLength(1);
      expect(oldNumberNotice[0]!.text).toContain('+46*******21');
      // Used up.
      expect((await typeCode(browser, code)).status).toBe(400);
    });

    it('a code texted to one number cannot confirm another; five wrong codes end it', async () => {
      const { node, browser, phoneOf } = await signedIn();
      await askForCode(browser, { phone: '+46701111111', password: DEMO_ACCOUNT.password });
      const firstCode = smsCodeIn((await outbox(node, '+46701111111'))[0]);
      await askForCode(browser, { phone: NEW_NUMBER, password: DEMO_ACCOUNT.password });
      const secondCode = smsCodeIn((await outbox(node, NEW_NUMBER))[0]);
      if (firstCode !== secondCode) expect((await typeCode(browser, firstCode)).status).toBe(400);
      for (let i = 0; i < 5; i++) await typeCode(browser, secondCode === '999999' ? '888888' : '999999');
      const dead = await typeCode(browser, secondCode);
      expect(dead.status).toBe(400);
      expect(dead.text).toContain('TV-312');
      expect(await phoneOf()).toBe(DEMO_ACCOUNT.phone);
    });

    it('says plainly when the number is not a number or is another account\'s, before texting anything', async () => {
      const { node, browser } = await signedIn();
      await node.app.services.accounts.create({ email: 'bo@example.com', password: 'lilac tram verses', phone: '+46701111111' });
      const taken = await askForCode(browser, { phone: '+46701111111', password: DEMO_ACCOUNT.password });
      expect(taken.status).toBe(409);
      expect(taken.text).toContain('TV-323');
      const garbage = await askForCode(browser, { phone: 'call me', password: DEMO_ACCOUNT.password });
      expect(garbage.status).toBe(400);
      expect(garbage.text).toContain('TV-322');
      expect(await outbox(node, '+46701111111')).toHaveLength(0);
    });
  });
}
