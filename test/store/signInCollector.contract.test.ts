import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import type { ApprovalEvent } from '../../server/pairing/pairingStore.ts';
import { NEW_PAIRING, signInServices } from '../helpers/signInServices.ts';
import { createSignInCollector } from '../../server/pairing/signInCollector.ts';

// Collecting a sign-in: the device session of a freshly minted response is stored while the claim
// runs (one round trip for both; after it on a Redis Cluster), and a session stored for a response that was then not handed
// out (another claim won) is removed again: one approval, one device session, whoever collects.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`sign-in collector on ${backend.name}`, () => {
    const fixture = useStoreFixture(backend, (parts) => {
      const { pairings, deviceSessions, tokenIssuer, boxes, singleRedis: storeSessionWhileClaiming } = signInServices(backend, parts);
      const collector = createSignInCollector({ pairings, tokenIssuer, deviceSessions, boxes, storeSessionWhileClaiming });
      return { pairings, deviceSessions, collector, tokenIssuer, boxes, storeSessionWhileClaiming };
    });

    async function approvedPairing(store: ReturnType<typeof fixture>['store'], accountId: string) {
      const { deviceCode, pairing } = await store.pairings.create(NEW_PAIRING);
      expect((await store.pairings.decide(pairing.userCode, 'approved', accountId)).ok).toBe(true);
      const decided = (await store.pairings.read(pairing.userCode))!;
      const approval: ApprovalEvent = { decidedAt: decided.decidedAt!, accountId, clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X' };
      return { deviceCode, approval };
    }

    it('hands out tokens whose device session is stored, and the same ones again before `received`', async () => {
      const store = fixture().store;
      const { deviceCode, approval } = await approvedPairing(store, 'account-a');
      const first = await store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-1', approval });
      expect(first.outcome).toBe('tokens');
      const sessions = await store.deviceSessions.list('account-a');
      expect(sessions).toHaveLength(1);
      const again = await store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-2' });
      expect(again).toMatchObject({ outcome: 'tokens', again: true });
      if (first.outcome !== 'tokens' || again.outcome !== 'tokens') throw new Error('unreachable');
      expect(again.tokens.refresh_token).toBe(first.tokens.refresh_token);
      expect(await store.deviceSessions.list('account-a')).toHaveLength(1);
      expect((await store.deviceSessions.rotate(first.tokens.refresh_token!, 'tv')).outcome).toBe('rotated');
    });

    it('two nodes collecting the same approval at once: one response, one device session', async () => {
      const store = fixture().store;
      const { deviceCode, approval } = await approvedPairing(store, 'account-b');
      // Both mint and store a session while claiming; one claim wins, the other gets its box.
      const [one, two] = await Promise.all([
        store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-1', approval }),
        store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-2', approval }),
      ]);
      if (one.outcome !== 'tokens' || two.outcome !== 'tokens') throw new Error(`expected tokens twice, got ${one.outcome} and ${two.outcome}`);
      expect(two.tokens.refresh_token).toBe(one.tokens.refresh_token);
      const sessions = await store.deviceSessions.list('account-b');
      expect(sessions).toHaveLength(1);
      expect((await store.deviceSessions.rotate(one.tokens.refresh_token!, 'tv')).outcome).toBe('rotated');
    });

    it('a claim that fails after its session was stored: once Redis answers, the unused session is removed', async () => {
      const store = fixture().store;
      const { deviceCode, approval } = await approvedPairing(store, 'account-d');
      // The claim's command is lost (a failover, a timeout): its box is never stored, yet the
      // device session sent alongside it was.
      const lostClaim = createSignInCollector({
        pairings: { ...store.pairings, claim: async (code, options) => {
          await options.seal!({ ...(await store.pairings.read(code.split('.')[0]!))!, ...approval, state: 'approved' });
          throw new Error('Command timed out');
        } },
        tokenIssuer: store.tokenIssuer,
        deviceSessions: store.deviceSessions,
        boxes: store.boxes,
        storeSessionWhileClaiming: store.storeSessionWhileClaiming,
      });
      await expect(lostClaim.collect(deviceCode, { by: 'ws', listenerNode: 'node-1', approval })).rejects.toThrow('Command timed out');
      // (On a Cluster the session is stored only after a claim, so there is nothing to remove.)
      await expect.poll(async () => (await store.deviceSessions.list('account-d')).length, { timeout: 2_000, interval: 20 }).toBe(store.storeSessionWhileClaiming ? 1 : 0);
      const [orphan] = await store.deviceSessions.list('account-d');
      // The TV listens again elsewhere and collects normally: in the end one session, the one handed out.
      const collected = await store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-2', approval });
      if (collected.outcome !== 'tokens') throw new Error(collected.outcome);
      await expect.poll(async () => (await store.deviceSessions.list('account-d')).length, { timeout: 5_000, interval: 100 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const [only] = await store.deviceSessions.list('account-d');
      expect(only!.id).not.toBe(orphan?.id);
      expect((await store.deviceSessions.rotate(collected.tokens.refresh_token!, 'tv')).outcome).toBe('rotated');
    });

    it('an approval event that is no longer the pairing\'s: the session minted from it is removed', async () => {
      const store = fixture().store;
      const { deviceCode, approval } = await approvedPairing(store, 'account-c');
      // The event says another decision time: the claim does not take that box, mints again.
      const collected = await store.collector.collect(deviceCode, { by: 'ws', listenerNode: 'node-1', approval: { ...approval, decidedAt: approval.decidedAt - 1 } });
      expect(collected.outcome).toBe('tokens');
      expect(await store.deviceSessions.list('account-c')).toHaveLength(1);
    });
  });
}
