import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import type { PairingStore } from '../../server/pairing/pairingStore.ts';
import { NEW_PAIRING, signInServices } from '../helpers/signInServices.ts';
import { createSignInApprover } from '../../server/pairing/signInApprover.ts';
import { createSignInCollector } from '../../server/pairing/signInCollector.ts';
import { sha256Hex } from '../../server/crypto.ts';

// Start Watching stores the approval together with the TV's sealed token response and its device
// session (server/pairing/signInApprover.ts): exactly one response and one session per approval,
// whoever presses the button how often, and no session left behind by an approval that did not
// happen.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`sign-in approver on ${backend.name}`, () => {
    const fixture = useStoreFixture(backend, (parts) => {
      const { pairings, deviceSessions, tokenIssuer, boxes, singleRedis } = signInServices(backend, parts);
      const approverWith = (store: PairingStore) => createSignInApprover({
        pairings: store, tokenIssuer, deviceSessions, boxes, storeSessionWithApproval: singleRedis, logger: pino({ level: 'silent' }),
      });
      const collector = createSignInCollector({ pairings, tokenIssuer, deviceSessions, boxes, storeSessionWhileClaiming: singleRedis });
      return { pairings, deviceSessions, boxes, collector, approver: approverWith(pairings), approverWith };
    });

    it('stores the approval with a token response only its TV can open, and one device session', async () => {
      const store = fixture().store;
      const { deviceCode, pairing } = await store.pairings.create(NEW_PAIRING);
      const decided = await store.approver.prepare(pairing.userCode, 'approved').decide('account-a');
      expect(decided).toMatchObject({ ok: true, pairing: { state: 'approved', accountId: 'account-a' } });
      const stored = await store.pairings.readForDecision(pairing.userCode);
      const contents = store.boxes.open(pairing.userCode, sha256Hex(deviceCode), stored!.tokenBox!);
      expect(contents?.session).toMatchObject({ accountId: 'account-a', clientId: 'tv', deviceName: 'Living room TV' });
      expect(store.boxes.open(pairing.userCode, sha256Hex(`${pairing.userCode}.${'x'.repeat(43)}`), stored!.tokenBox!)).toBeNull();
      expect(await store.deviceSessions.list('account-a')).toHaveLength(1);

      // The TV (listening again, or polling) is handed that very response; it signs in with it.
      const collected = await store.collector.collect(deviceCode, { by: 'poll' });
      if (collected.outcome !== 'tokens') throw new Error(collected.outcome);
      expect(collected.tokens).toEqual(contents!.tokens);
      expect(await store.deviceSessions.list('account-a')).toHaveLength(1);
      expect((await store.deviceSessions.rotate(collected.tokens.refresh_token!, 'tv')).outcome).toBe('rotated');
    });

    it('Start Watching twice at once: one approval, one response, one device session', async () => {
      const store = fixture().store;
      const { pairing } = await store.pairings.create(NEW_PAIRING);
      const [one, two] = await Promise.all([
        store.approver.prepare(pairing.userCode, 'approved').decide('account-b'),
        store.approver.prepare(pairing.userCode, 'approved').decide('account-b'),
      ]);
      expect([one.ok, two.ok].sort()).toEqual([false, true]);
      expect(await store.deviceSessions.list('account-b')).toHaveLength(1);
    });

    it('a code that no longer waits: refused, and no device session is left', async () => {
      const store = fixture().store;
      const { pairing } = await store.pairings.create(NEW_PAIRING);
      // Read ahead while the code still waited; refused on the TV's other phone meanwhile.
      const prepared = store.approver.prepare(pairing.userCode, 'approved');
      expect((await store.approver.prepare(pairing.userCode, 'denied').decide('account-x')).ok).toBe(true);
      expect(await prepared.decide('account-c')).toMatchObject({ ok: false, pairing: { state: 'denied' } });
      expect(await store.deviceSessions.list('account-c')).toHaveLength(0);
    });

    it('an approval whose call fails: once Redis answers, the session it stored is removed', async () => {
      const store = fixture().store;
      const { pairing } = await store.pairings.create(NEW_PAIRING);
      // The approval's command is lost (a timeout, a failover): its box never reaches the pairing.
      const lost = store.approverWith({ ...store.pairings, decide: async () => { throw new Error('Command timed out'); } });
      await expect(lost.prepare(pairing.userCode, 'approved').decide('account-d')).rejects.toThrow('Command timed out');
      // Stored alongside (on a Cluster, before the approval), then removed once the pairing shows no box of it.
      await expect.poll(async () => (await store.deviceSessions.list('account-d')).length, { timeout: 500, interval: 10 }).toBe(1);
      await expect.poll(async () => (await store.deviceSessions.list('account-d')).length, { timeout: 3_000, interval: 100 }).toBe(0);
      // The person presses Start Watching again: signed in, with one session.
      expect((await store.approver.prepare(pairing.userCode, 'approved').decide('account-d')).ok).toBe(true);
      expect(await store.deviceSessions.list('account-d')).toHaveLength(1);
    });
  });
}
