import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { RATE_LIMITS } from '../../server/http/rateLimiter.ts';

// POST /oauth/device_authorization: at most RATE_LIMITS.deviceAuthorizationPerIp codes a minute
// per address. The limit and the create go to Redis together (issue 11), so a refused request's
// code exists for a moment: it must be deleted, never left behind or handed out.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`device authorization rate limit on ${backend.name}`, { timeout: 120_000 }, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    it('refuses the code over the per-address limit with Retry-After, and keeps no code for it', async () => {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback' } });
      const node = cluster.nodes[0]!;
      const ask = (ip: string) => request(node.baseUrl).post('/oauth/device_authorization').set('X-Forwarded-For', ip).type('form').send({ client_id: 'tv' });
      const { limit } = RATE_LIMITS.deviceAuthorizationPerIp;
      const answers = await Promise.all(Array.from({ length: limit }, () => ask('198.51.100.9')));
      expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: limit }, () => 200));
      const refused = await ask('198.51.100.9');
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'TV-101' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect((await ask('198.51.100.10')).status).toBe(200);
      if (!node.connections.commands.isCluster) {
        // Every code handed out is there; the refused one is not.
        expect(await node.connections.commands.keys(`${node.prefix}pairing:*`)).toHaveLength(limit + 1);
      }
    });
  });
}
