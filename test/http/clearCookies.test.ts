import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';

// "Link doesn't work": /clearcookies signs the person out, clears this site's cookies and returns
// to the start page, after which a fresh reset email can be requested.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`/clearcookies on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    it('signs out, clears the cookies and returns to the start page with a notice', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const browser = new Browser(node.baseUrl);
      const signedIn = await browser.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      const sid = ([] as string[]).concat(signedIn.headers['set-cookie'] ?? []).map((c) => /^sid=([^;]+)/.exec(c)?.[1]).find(Boolean);
      expect(sid).toBeTruthy();
      expect((await request(node.baseUrl).get('/account').set('Cookie', `sid=${sid}`)).status).toBe(200);

      const cleared = await browser.agent.get('/clearcookies');
      expect(cleared.status).toBe(303);
      expect(cleared.headers.location).toBe('/?cleared=1&lang=en');
      expect(cleared.headers['clear-site-data']).toBe('"cookies"');
      const setCookies = ([] as string[]).concat(cleared.headers['set-cookie'] ?? []);
      for (const name of ['sid', 'csrf']) expect(setCookies.some((c) => c.startsWith(`${name}=;`) && /Expires=Thu, 01 Jan 1970/.test(c)), name).toBe(true);
      expect((await browser.agent.get('/?cleared=1')).text).toContain('cookies are cleared');

      // Asked in Swedish, answered in Swedish (the language cookie is among those cleared).
      const swedish = await browser.agent.get('/clearcookies?lang=sv');
      expect(swedish.headers.location).toBe('/?cleared=1&lang=sv');
      expect((await request(node.baseUrl).get(swedish.headers.location!)).text).toContain('webbplatsens cookies är rensade');

      // The old session cookie, replayed, no longer signs anyone in.
      const replay = await request(node.baseUrl).get('/account').set('Cookie', `sid=${sid}`);
      expect(replay.status).toBe(303);
    });
  });
}
