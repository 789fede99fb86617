import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { signInByPolling, userinfo } from '../helpers/deviceClient.ts';

// POST /api/tv/profile ("Who's watching?"): only with a signed-in device's access token, only a
// profile of that account; the choice shows in userinfo.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`choosing a profile on a TV on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    it('records a profile of the account, refuses others and requests without a token', async () => {
      cluster = await startCluster(backend);
      const { baseUrl } = cluster.nodes[0]!;
      const tokens = await signInByPolling(baseUrl);
      const before = (await userinfo(baseUrl, tokens.access_token)).body as { profiles: { id: string; name: string; kids: boolean }[]; profile?: unknown };
      expect(before.profiles.map((p) => [p.name, p.kids])).toEqual([['Demo Viewer', false], ['Kids', true]]);
      expect(before.profile).toBeUndefined();

      const kids = before.profiles[1]!;
      const chosen = await request(baseUrl).post('/api/tv/profile').set('Authorization', `Bearer ${tokens.access_token}`).send({ profile_id: kids.id });
      expect(chosen.status).toBe(200);
      expect((await userinfo(baseUrl, tokens.access_token)).body.profile).toEqual(kids);

      const foreign = await request(baseUrl).post('/api/tv/profile').set('Authorization', `Bearer ${tokens.access_token}`).send({ profile_id: 'someone-else' });
      expect(foreign.status).toBe(400);
      expect(foreign.body.code).toMatch(/^TV-\d+$/);
      const anonymous = await request(baseUrl).post('/api/tv/profile').send({ profile_id: kids.id });
      expect(anonymous.status).toBe(401);
    });
  });
}
