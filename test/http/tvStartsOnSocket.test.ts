import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { Browser } from '../helpers/companion.ts';
import { RATE_LIMITS } from '../../server/http/rateLimiter.ts';

// Our TV app asks for its code on its WebSocket (`start`), not with a separate
// POST /oauth/device_authorization: one connection per TV. The code is the same (same checks, same
// per-address limit, counted together with the HTTP endpoint's), and the socket then listens for it.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`a TV asking for its code on its socket, on ${backend.name}`, { timeout: 60_000 }, () => {
    let cluster: TestCluster;
    const tvs: TestTv[] = [];
    afterEach(async () => {
      await Promise.all(tvs.splice(0).map((tv) => tv.close()));
      await cluster?.close();
    });

    async function tvAt(wsUrl: string, headers: Record<string, string> = {}) {
      const tv = await TestTv.connect(wsUrl, headers);
      tvs.push(tv);
      return tv;
    }

    it('gets its code and waits on the same socket; Start Watching pushes the token there', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const tv = await tvAt(node.wsUrl);
      tv.start();
      const code = await tv.next('code');
      expect(code.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(code).toMatchObject({ verification_uri: `${node.baseUrl}/tv8`, expires_in: 600, interval: 5 });
      expect(await tv.next('pending')).toMatchObject({ expires_in: 600 });

      const phone = new Browser(node.baseUrl);
      await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      const confirm = await phone.agent.get(`/tv8/confirm?code=${code.user_code.replace('-', '')}`);
      expect(confirm.text).toContain('Living room TV');
      expect((await phone.decide(code.user_code, 'approve')).status).toBe(303);
      expect(await tv.next('approved')).toMatchObject({ token_type: 'Bearer' });
      // The device code it was given is its own: after a reconnect it listens with it again.
      const again = await tvAt(node.wsUrl);
      again.listen(code.device_code);
      expect(await again.next('approved')).toMatchObject({ token_type: 'Bearer' });
    });

    it('refuses a start with a clear error and keeps the socket for a good one', async () => {
      cluster = await startCluster(backend);
      const tv = await tvAt(cluster.nodes[0]!.wsUrl);
      tv.start({ client_id: 'not-a-client' });
      expect(await tv.next('error')).toMatchObject({ code: 'TV-401', error: 'invalid_client' });
      tv.start({ client_id: 'tv', scope: 'openid\u0000' });
      tv.start();
      expect(await tv.next('code')).toMatchObject({ expires_in: 600 });
    });

    it('counts codes asked for on sockets and over HTTP against one per-address limit', async () => {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback' } });
      const node = cluster.nodes[0]!;
      const address = { 'X-Forwarded-For': '198.51.100.20' };
      const { limit } = RATE_LIMITS.deviceAuthorizationPerIp;
      const overHttp = Math.floor(limit / 2);
      const answers = await Promise.all(Array.from({ length: overHttp }, () =>
        request(node.baseUrl).post('/oauth/device_authorization').set(address).type('form').send({ client_id: 'tv' })));
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // The rest on sockets (a socket may ask 20 times a minute: several sockets, as a household's TVs).
      let asked = overHttp;
      while (asked < limit) {
        const tv = await tvAt(node.wsUrl, address);
        const now = Math.min(15, limit - asked);
        for (let i = 0; i < now; i++) tv.start();
        await expect.poll(() => tv.count('code'), { timeout: 5_000 }).toBe(now);
        asked += now;
      }
      const refusedTv = await tvAt(node.wsUrl, address);
      refusedTv.start();
      expect(await refusedTv.next('error')).toMatchObject({ code: 'TV-101', error: 'slow_down' });
      expect(refusedTv.count('code')).toBe(0);
      // Another address is not affected.
      const other = await tvAt(node.wsUrl, { 'X-Forwarded-For': '198.51.100.21' });
      other.start();
      await other.next('code');
    });
  });
}
