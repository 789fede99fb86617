import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { csrfTokenIn } from '../helpers/companion.ts';

// The companion's session cookie is "<account id>.<secret>" (issue 11): the account id lets the
// session and the account be read in one round trip. It is only a hint: a session is found by its
// secret alone, and an account id that is not the session's signs nobody in as anyone else.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`session cookie on ${backend.name}`, { timeout: 120_000 }, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    it('is the account id and the secret; a wrong account id signs nobody in; the secret alone (older cookies) still works', async () => {
      cluster = await startCluster(backend);
      const { baseUrl, app } = cluster.nodes[0]!;
      const other = await app.services.accounts.create({ email: 'mallory@example.com', password: 'another long password', name: 'Mallory' });
      const loginPage = await request(baseUrl).get('/login');
      const csrfCookie = (loginPage.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
      const signedIn = await request(baseUrl).post('/login').set('Cookie', csrfCookie).type('form')
        .send({ login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, next: '/', _csrf: csrfTokenIn(loginPage.text) });
      expect(signedIn.status).toBe(303);
      const sid = (signedIn.headers['set-cookie'] as unknown as string[]).map((c) => /^sid=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
      const dot = sid.lastIndexOf('.');
      const [accountId, secret] = [sid.slice(0, dot), sid.slice(dot + 1)];
      const demo = await app.services.accounts.findByLogin(DEMO_ACCOUNT.email);
      expect(accountId).toBe(demo!.id);

      const accountPage = (value: string) => request(baseUrl).get('/account').set('Cookie', `sid=${value}`);
      const signedInAs = async (value: string) => {
        const page = await accountPage(value);
        return page.status === 200 ? (page.text.includes('mallory@example.com') ? 'mallory' : page.text.includes(DEMO_ACCOUNT.email) ? 'demo' : 'someone') : 'nobody';
      };
      expect(await signedInAs(sid)).toBe('demo');
      expect(await signedInAs(secret)).toBe('demo');
      expect(await signedInAs(`${other.id}.${secret}`)).toBe('demo');
      expect(await signedInAs(`${other.id}.${'A'.repeat(43)}`)).toBe('nobody');
    });
  });
}
