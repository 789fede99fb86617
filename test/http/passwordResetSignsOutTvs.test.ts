import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { expectOAuthError, refreshTokens, registeredTv, signInOverWebSocket, userinfo } from '../helpers/deviceClient.ts';
import { outbox, requestEmailReset, resetLinkIn, submitNewPassword, followResetLink } from '../helpers/accountHelp.ts';

// "Require all devices to sign in again": a TV signed in through the real pairing stays signed in
// after a password reset unless the box is ticked; ticked, it is told at once (on another node
// too) and its tokens stop working.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`password reset and signed-in TVs on ${backend.name}`, () => {
    let cluster: TestCluster;
    const tvs: TestTv[] = [];
    afterEach(async () => {
      await Promise.all(tvs.splice(0).map((tv) => tv.close()));
      await cluster?.close();
    });

    async function resetPassword(baseUrl: string, node: TestCluster['nodes'][number], password: string, signOutDevices: boolean) {
      const browser = new Browser(baseUrl);
      await requestEmailReset(browser, DEMO_ACCOUNT.email);
      await followResetLink(browser, resetLinkIn((await outbox(node, DEMO_ACCOUNT.email)).find((m) => m.subject === 'Reset your password')));
      const saved = await submitNewPassword(browser, { password, signOutDevices });
      expect(saved.status).toBe(303);
    }

    it('leaves TVs signed in when the box is not ticked', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const tokens = await signInOverWebSocket(node.baseUrl, node.wsUrl);
      await resetPassword(node.baseUrl, node, 'quiet harbour lamps at dusk', false);
      expect((await userinfo(node.baseUrl, tokens.access_token)).status).toBe(200);
      expect((await refreshTokens(node.baseUrl, tokens.refresh_token)).status).toBe(200);
    });

    it('signs every TV out when it is ticked: pushed to the TV on the other node, tokens refused', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const tokens = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl);
      const tv = await registeredTv(nodeB!.wsUrl, tokens.access_token);
      tvs.push(tv);
      await resetPassword(nodeA!.baseUrl, nodeA!, 'quiet harbour lamps at dusk', true);
      expect(await tv.next('signed_out')).toEqual({ type: 'signed_out' });
      expectOAuthError(await userinfo(nodeB!.baseUrl, tokens.access_token), 401, 'invalid_token', 'TV-403');
      expectOAuthError(await refreshTokens(nodeB!.baseUrl, tokens.refresh_token), 400, 'invalid_grant', 'TV-600');
    });
  });
}
