import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv, settle } from '../helpers/tvSocket.ts';
import { approvedPairing, pollToken } from '../helpers/deviceClient.ts';

// Polling and the WebSocket share one pairing: whichever claims first mints the tokens; the other,
// holding the same device code, gets nothing or (before the sign-in is confirmed) the very same
// token response, never a second one. Repeated, so the interleavings vary.

const ROUNDS = 5;

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`poll racing the WebSocket on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => {
      await cluster?.close();
    });

    async function race(order: 'poll first' | 'websocket first') {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      for (let round = 0; round < ROUNDS; round++) {
        const { device_code } = await approvedPairing(node.baseUrl);
        const tv = await TestTv.connect(node.wsUrl);
        const listen = async () => tv.listen(device_code);
        const poll = async () => pollToken(node.baseUrl, device_code);
        const [first, second] = order === 'poll first' ? [poll, listen] : [listen, poll];
        const results = await Promise.all([first(), second()]);
        const polled = results.find((result) => result && typeof result === 'object' && 'status' in result)!;
        await expect.poll(() => tv.count('approved') + tv.count('error'), { timeout: 5000 }).toBe(1);
        await settle(50);

        const pushed = tv.messages.find((m) => m.type === 'approved');
        const tokenSets = [polled.status === 200 ? polled.body : undefined, pushed && { ...pushed, type: undefined }]
          .filter((tokens) => tokens !== undefined)
          .map((tokens) => `${tokens.access_token} ${tokens.refresh_token}`);
        expect(tokenSets.length, `round ${round}`).toBeGreaterThanOrEqual(1);
        expect(new Set(tokenSets).size, `round ${round}`).toBe(1);
        if (polled.status !== 200) expect(polled.body).toMatchObject({ error: 'invalid_grant', code: 'TV-104' });
        if (!pushed) expect(tv.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'TV-104' });
        await tv.close();
      }
      // One sign-in per round: exactly one device session each, never two.
      const { accounts, deviceSessions } = node.app.context;
      const account = await accounts.findByLogin(DEMO_ACCOUNT.email);
      expect((await deviceSessions.list(account!.id)).length).toBe(ROUNDS);
    }

    it('poll first, WebSocket right after: exactly one token set', async () => {
      await race('poll first');
    });

    it('WebSocket first, poll right after: exactly one token set', async () => {
      await race('websocket first');
    });
  });
}
