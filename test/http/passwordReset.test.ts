import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { enterSmsCode, outbox, requestEmailReset, requestSmsReset, resetLinkIn, smsCodeIn, submitNewPassword, followResetLink } from '../helpers/accountHelp.ts';

// Resetting a forgotten password by email link or SMS code, as a person does it in a browser, on
// the embedded store and on real Redis. Expiry is tested by moving the cluster's clock.

const NEW_PASSWORD = 'quiet harbour lamps at dusk';
const HOUR_MS = 3600_000;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`password reset on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    async function start() {
      cluster = await startCluster(backend);
      return cluster.nodes[0]!;
    }

    it('email: Email Me, the link signs in and asks for a new password, the old password stops working', async () => {
      const node = await start();
      const elsewhere = new Browser(node.baseUrl);
      expect((await elsewhere.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);

      const browser = new Browser(node.baseUrl);
      const sent = await requestEmailReset(browser, ' Demo@Example.com ');
      expect(sent.status).toBe(200);
      expect(sent.text).toContain('demo@example.com');
      const [mail] = await outbox(node, DEMO_ACCOUNT.email);
      expect(mail?.subject).toBe('Reset your password');
      const link = resetLinkIn(mail);

      const opened = await followResetLink(browser, link);
      expect(opened.status).toBe(303);
      // The token is exchanged and leaves the address bar.
      expect(opened.headers.location).toBe('/password');
      const form = await browser.agent.get('/password');
      expect(form.status).toBe(200);
      expect(form.text).toContain('Create a new password');
      expect(form.text).not.toContain('name="current"');

      const saved = await submitNewPassword(browser, { password: NEW_PASSWORD });
      expect(saved.status).toBe(303);
      expect(saved.headers.location).toBe('/account?changed=browsers');
      expect((await browser.agent.get(saved.headers.location!)).text).toContain('Your password has been changed');

      // The other browser's session ended; the old password no longer works, the new one does.
      expect((await elsewhere.agent.get('/account')).status).toBe(303);
      expect((await new Browser(node.baseUrl).signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(401);
      expect((await new Browser(node.baseUrl).signIn(DEMO_ACCOUNT.email, NEW_PASSWORD)).status).toBe(303);
      const notice = (await outbox(node, DEMO_ACCOUNT.email)).find((m) => m.subject === 'Your password was changed');
      expect(notice?.text).toContain('was changed');
      expect(notice?.text).not.toContain(NEW_PASSWORD);
    });

    it('email: a mail scanner fetching the link burns nothing and gets no session; the person\'s button still works (issue 12)', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      const link = resetLinkIn((await outbox(node))[0]);
      // Outlook Safe Links and the like: a plain GET (twice), no cookies kept.
      for (let i = 0; i < 2; i++) {
        const scanned = await request(node.baseUrl).get(link);
        expect(scanned.status).toBe(200);
        expect(scanned.text).toContain('Continue');
        expect(([] as string[]).concat(scanned.headers['set-cookie'] ?? []).some((c) => c.startsWith('sid='))).toBe(false);
      }
      // The button without the CSRF token (a cross-site form) does nothing.
      const token = decodeURIComponent(link.split('token=')[1]!);
      expect((await request(node.baseUrl).post('/loginhelp/reset').type('form').send({ token })).status).toBe(403);
      const pressed = await followResetLink(browser, link);
      expect(pressed.status).toBe(303);
      expect(pressed.headers.location).toBe('/password');
      expect((await browser.agent.get('/password')).text).toContain('Create a new password');
    });

    it('email: the link works once', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      const link = resetLinkIn((await outbox(node))[0]);
      expect((await followResetLink(browser, link)).status).toBe(303);
      const again = await followResetLink(new Browser(node.baseUrl), link);
      expect(again.status).toBe(400);
      expect(again.text).toContain('TV-310');
    });

    it('email: the link expires after 24 hours', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      const link = resetLinkIn((await outbox(node))[0]);
      cluster.clock.advance(24 * HOUR_MS);
      const late = await followResetLink(browser, link);
      expect(late.status).toBe(400);
      expect(late.text).toContain('TV-310');
      expect(late.text).toContain('24 hours');
    });

    it('email: a newer link makes older ones useless', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      const older = resetLinkIn((await outbox(node))[0]);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      const newer = resetLinkIn((await outbox(node))[0]);
      expect(newer).not.toBe(older);
      expect((await followResetLink(browser, older)).status).toBe(400);
      expect((await followResetLink(browser, newer)).status).toBe(303);
    });

    it('email: the same answer for an address with and without an account, and nothing sent to a stranger', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await browser.csrf('/loginhelp');
      const known = await requestEmailReset(browser, 'demo@example.com');
      const unknown = await requestEmailReset(browser, 'nobody@example.com');
      expect(unknown.status).toBe(known.status);
      expect(unknown.text.replaceAll('nobody@example.com', 'demo@example.com')).toBe(known.text);
      expect(await outbox(node, 'nobody@example.com')).toEqual([]);
    });

    it('new password: not the previous one, not a common one, with the article’s message', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      await followResetLink(browser, resetLinkIn((await outbox(node))[0]));

      const same = await submitNewPassword(browser, { password: DEMO_ACCOUNT.password });
      expect(same.status).toBe(400);
      expect(same.text).toContain('TV-303');
      const common = await submitNewPassword(browser, { password: 'Password123' });
      expect(common.status).toBe(400);
      expect(common.text).toContain('This password is not secure or too common');
      expect(common.text).toContain('TV-302');
      const short = await submitNewPassword(browser, { password: 'k7#Qz!m' });
      expect(short.text).toContain('TV-300');
      const mismatch = await submitNewPassword(browser, { password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` });
      expect(mismatch.text).toContain('TV-305');
      // Still in the reset step: the form keeps not asking for the current password.
      expect(mismatch.text).not.toContain('name="current"');
      expect((await submitNewPassword(browser, { password: NEW_PASSWORD })).status).toBe(303);
    });

    it('the reset step does not last forever: after 30 minutes the current password is asked again', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      await followResetLink(browser, resetLinkIn((await outbox(node))[0]));
      cluster.clock.advance(31 * 60_000);
      const late = await submitNewPassword(browser, { password: NEW_PASSWORD });
      expect(late.status).toBe(400);
      expect(late.text).toContain('TV-313');
      expect((await browser.agent.get('/password')).text).toContain('name="current"');
    });

    it('SMS: Text Me, enter the code, set a new password', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      const sent = await requestSmsReset(browser, '+46 70 000 00 00');
      expect(sent.status).toBe(200);
      expect(sent.text).toContain('Enter the verification code');
      const [sms] = await outbox(node, DEMO_ACCOUNT.phone);
      expect(sms?.kind).toBe('sms');
      expect(sms?.text).toContain('20 minutes');
      const verified = await enterSmsCode(browser, DEMO_ACCOUNT.phone, smsCodeIn(sms));
      expect(verified.status).toBe(303);
      expect(verified.headers.location).toBe('/password');
      expect((await submitNewPassword(browser, { password: NEW_PASSWORD })).status).toBe(303);
      expect((await new Browser(node.baseUrl).signIn(DEMO_ACCOUNT.phone, NEW_PASSWORD)).status).toBe(303);
    });

    it('SMS: the code expires after 20 minutes', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestSmsReset(browser, DEMO_ACCOUNT.phone);
      const code = smsCodeIn((await outbox(node))[0]);
      cluster.clock.advance(20 * 60_000);
      const late = await enterSmsCode(browser, DEMO_ACCOUNT.phone, code);
      expect(late.status).toBe(400);
      expect(late.text).toContain('TV-312');
    });

    it('SMS: a few wrong tries and the code is dead', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await requestSmsReset(browser, DEMO_ACCOUNT.phone);
      const code = smsCodeIn((await outbox(node))[0]);
      const wrong = code === '123456' ? '654321' : '123456';
      for (let i = 0; i < 4; i++) expect((await enterSmsCode(browser, DEMO_ACCOUNT.phone, wrong)).text).toContain('TV-311');
      expect((await enterSmsCode(browser, DEMO_ACCOUNT.phone, wrong)).text).toContain('TV-312');
      const tooLate = await enterSmsCode(browser, DEMO_ACCOUNT.phone, code);
      expect(tooLate.status).toBe(400);
      expect(tooLate.text).toContain('TV-312');
    });

    it('SMS: the same answer whether or not the number has an account; nothing is texted to a stranger', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      await browser.csrf('/loginhelp');
      const known = await requestSmsReset(browser, DEMO_ACCOUNT.phone);
      const unknown = await requestSmsReset(browser, '+46709999999');
      expect(unknown.status).toBe(known.status);
      expect(unknown.text.replaceAll('+46709999999', DEMO_ACCOUNT.phone)).toBe(known.text);
      expect(unknown.text).toContain('Reset by email instead');
      expect(await outbox(node, '+46709999999')).toEqual([]);
    });

    it('SMS: typing codes tells nothing about the number either (same wrong/dead answers)', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      const answers = async (phone: string) => {
        const seen: string[] = [];
        for (let i = 0; i < 6; i++) seen.push(/TV-31\d/.exec((await enterSmsCode(browser, phone, '000000')).text)?.[0] ?? '');
        return seen;
      };
      // Before any Text Me: no live code either way.
      expect(await answers(DEMO_ACCOUNT.phone)).toEqual(await answers('+46709999999'));
      await requestSmsReset(browser, DEMO_ACCOUNT.phone);
      await requestSmsReset(browser, '+46709999999');
      await outbox(node);
      const known = await answers(DEMO_ACCOUNT.phone);
      expect(known).toEqual(['TV-311', 'TV-311', 'TV-311', 'TV-311', 'TV-312', 'TV-312']);
      expect(await answers('+46709999999')).toEqual(known);
    });

    it('an account without a phone number gets no text and is pointed to email', async () => {
      const node = await start();
      await node.app.services.accounts.create({ email: 'nophone@example.com', password: 'lilac tram verses' });
      const browser = new Browser(node.baseUrl);
      const page = await browser.agent.get('/loginhelp?method=sms');
      expect(page.text).toContain('Never added a phone number to your account? Reset by email instead.');
    });

    it('rate-limits sends per address and code tries per IP', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      for (let i = 0; i < 5; i++) expect((await requestEmailReset(browser, DEMO_ACCOUNT.email)).status).toBe(200);
      const limited = await requestEmailReset(browser, DEMO_ACCOUNT.email);
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('TV-320');
      expect(limited.headers['retry-after']).toBeTruthy();
      expect((await outbox(node, DEMO_ACCOUNT.email)).length).toBe(5);

      for (let i = 0; i < 3; i++) expect((await requestSmsReset(browser, DEMO_ACCOUNT.phone)).status).toBe(200);
      expect((await requestSmsReset(browser, DEMO_ACCOUNT.phone)).status).toBe(429);
      expect((await outbox(node, DEMO_ACCOUNT.phone)).length).toBe(3);

      for (let i = 0; i < 30; i++) await enterSmsCode(browser, '+46709999999', '000000');
      expect((await enterSmsCode(browser, '+46709999999', '000000')).status).toBe(429);
    });

    it('garbage gets a 4xx with a code, never a 5xx', async () => {
      const node = await start();
      const browser = new Browser(node.baseUrl);
      const _csrf = await browser.csrf('/loginhelp');
      const cases: Array<[string, Record<string, unknown>]> = [
        ['/loginhelp/email', { email: 'not an email' }],
        ['/loginhelp/email', { email: ['a@example.com', 'b@example.com'] }],
        ['/loginhelp/sms', { phone: 'call me maybe' }],
        ['/loginhelp/sms/verify', { phone: '+46700000000', code: 'x'.repeat(5000) }],
        ['/loginhelp/sms/verify', { phone: '', code: '123456' }],
        ['/loginhelp/recover', { firstName: '', lastName: 'x', card: '1' }],
      ];
      for (const [path, body] of cases) {
        const response = await browser.agent.post(path).type('form').send({ ...body, _csrf });
        expect(response.status, `${path} ${JSON.stringify(body)}`).toBeGreaterThanOrEqual(400);
        expect(response.status, `${path} ${JSON.stringify(body)}`).toBeLessThan(500);
        expect(response.text).toMatch(/TV-\d{3}/);
      }
      for (const token of ['', 'x', '../../etc', 'a'.repeat(5000)]) {
        expect((await browser.agent.get(`/loginhelp/reset?token=${encodeURIComponent(token)}`)).status).toBe(400);
      }
      // Forms without the CSRF token are refused.
      expect((await browser.agent.post('/loginhelp/email').type('form').send({ email: DEMO_ACCOUNT.email })).status).toBe(403);
    });
  });
}
