import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, keysMatching } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { findAccountByBilling, outbox, resetLinkIn } from '../helpers/accountHelp.ts';

// "I don't remember my email or phone": find the account by name and card number, on the
// embedded store and on real Redis. The card number is a weak secret: hard limits, no storage.

const DEMO_BILLING = { firstName: 'demo', lastName: 'VIEWER', card: '4111-1111-1111-1111' };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`recovery by billing details on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    it('Find Account sends a reset email to the account’s address; the link works', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      expect((await browser.agent.get('/loginhelp')).text).toContain('remember my email or phone');
      const page = await browser.agent.get('/loginhelp/recover');
      expect(page.text).toContain('Find Account');
      expect(page.text).toContain('Contact support');
      const found = await findAccountByBilling(browser, DEMO_BILLING);
      expect(found.status).toBe(200);
      expect(found.text).not.toContain('4111');
      const [mail] = await outbox(node, DEMO_ACCOUNT.email);
      expect(mail?.subject).toBe('Reset your password');
      expect((await browser.agent.get(resetLinkIn(mail))).headers.location).toBe('/password');
    });

    it('answers the same for details that match no account, and sends nothing', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      await browser.csrf('/loginhelp');
      const known = await findAccountByBilling(browser, DEMO_BILLING);
      const unknown = await findAccountByBilling(browser, { ...DEMO_BILLING, card: '5555 5555 5555 4444' });
      expect(unknown.status).toBe(known.status);
      expect(unknown.text).toBe(known.text);
      expect(await outbox(node)).toHaveLength(1);
    });

    it('keeps no card number anywhere in the store', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const redis = node.app.context.redis;
      for (const key of await keysMatching(redis, `${node.prefix}*`)) {
        const value = (await redis.type(key)) === 'hash' ? JSON.stringify(await redis.hgetall(key)) : '';
        expect(`${key} ${value}`).not.toMatch(/4111\D?1111\D?1111/);
      }
      expect((await node.app.context.accounts.findByLogin(DEMO_ACCOUNT.email))?.billing).toEqual({ method: 'card', cardLast4: '1111' });
    });

    it('refuses malformed details with a code (card number checked with Luhn)', async () => {
      cluster = await startCluster(backend);
      const browser = new Browser(cluster.nodes[0]!.baseUrl);
      const bad = await findAccountByBilling(browser, { ...DEMO_BILLING, card: '4111 1111 1111 1112' });
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('TV-331');
      expect(bad.text).not.toContain('4111 1111 1111 1112');
    });

    it('is limited hard: five tries per IP a day', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      for (let i = 0; i < 5; i++) {
        expect((await findAccountByBilling(browser, { ...DEMO_BILLING, lastName: `Guess${i}` })).status).toBe(200);
      }
      const limited = await findAccountByBilling(browser, DEMO_BILLING);
      expect(limited.status).toBe(429);
      expect(limited.text).toContain('TV-332');
      expect(await outbox(node)).toHaveLength(0);
      cluster.clock.advance(24 * 3600_000);
      expect((await findAccountByBilling(browser, DEMO_BILLING)).status).toBe(200);
    });

    it('is limited per name too, whichever IP asks', async () => {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback' } });
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      const _csrf = await browser.csrf('/loginhelp');
      const attempt = (ip: string) =>
        browser.agent.post('/loginhelp/recover').set('X-Forwarded-For', ip).type('form').send({ ...DEMO_BILLING, card: '5555 5555 5555 4444', _csrf });
      for (let i = 0; i < 5; i++) expect((await attempt(`198.51.100.${i}`)).status).toBe(200);
      expect((await attempt('198.51.100.99')).status).toBe(429);
    });

    it('where the region does not offer it, the option is hidden and the page says to contact support', async () => {
      cluster = await startCluster(backend, { env: { BILLING_RECOVERY: 'off' } });
      const browser = new Browser(cluster.nodes[0]!.baseUrl);
      expect((await browser.agent.get('/loginhelp')).text).not.toContain('/loginhelp/recover');
      const page = await browser.agent.get('/loginhelp/recover');
      expect(page.status).toBe(404);
      expect(page.text).toContain('TV-330');
      expect(page.text).toContain('Contact support');
      expect((await findAccountByBilling(browser, DEMO_BILLING)).status).toBe(404);
    });

    it('an account billed by a third party is never found by card', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      await node.app.context.accounts.create({
        email: 'tp@example.com', password: 'lilac tram verses', billing: { method: 'third_party', firstName: 'Tess', lastName: 'Party' },
      });
      await findAccountByBilling(new Browser(node.baseUrl), { firstName: 'Tess', lastName: 'Party', card: DEMO_BILLING.card });
      expect(await outbox(node, 'tp@example.com')).toHaveLength(0);
    });
  });
}
