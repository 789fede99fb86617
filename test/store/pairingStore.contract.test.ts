import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import type { RedisConnections } from '../../server/store/redisClient.ts';
import { approvalOfEvent, createPairingStore, type PairingStore } from '../../server/pairing/pairingStore.ts';
import type { ManualClock } from '../../server/clock.ts';
import type { RedisKeys } from '../../server/store/keys.ts';
import { formatUserCode } from '../../shared/userCode.ts';
import { collectEvents } from '../helpers/eventSubscriber.ts';

// The pairing store's contract, run on the embedded store and on real Redis alike.

const newPairing = {
  clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X',
  requestIp: '203.0.113.7', lifetimeSeconds: 600, intervalSeconds: 5,
};

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`pairing store on ${backend.name}`, () => {
    let connections: RedisConnections;
    let clock: ManualClock;
    let store: PairingStore;
    let redisKeys: RedisKeys;
    const fixture = useStoreFixture(backend, (parts) => createPairingStore(parts.connections.commands, parts.keys, parts.clock));

    function setup() {
      ({ connections, clock, keys: redisKeys, store } = fixture());
    }

    it('creates a pending pairing readable by its user code in any spelling', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect(deviceCode.startsWith(`${pairing.userCode}.`)).toBe(true);
      const sloppy = ` ${formatUserCode(pairing.userCode).toLowerCase()} `;
      const read = await store.read(sloppy);
      expect(read).toMatchObject({ state: 'pending', deviceName: 'Living room TV', clientId: 'tv', intervalSeconds: 5 });
      expect(read?.expiresAt).toBe(clock.now() + 600_000);
    });

    it('stores the device code only as a hash', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      const stored = await connections.commands.hgetall(redisKeys.pairing(pairing.userCode));
      const secret = deviceCode.split('.')[1]!;
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(stored.deviceCodeHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('walks pending → scanned → approved → claimed, exactly once', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect((await store.claim(deviceCode, { by: 'ws' })).outcome).toBe('pending');
      expect((await store.scan(pairing.userCode))?.state).toBe('scanned');
      expect((await store.claim(deviceCode, { by: 'ws' })).outcome).toBe('scanned');
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(true);
      const won = await store.claim(deviceCode, { by: 'ws' });
      expect(won).toMatchObject({ outcome: 'claimed', pairing: { accountId: 'acct-1', state: 'claimed' } });
      expect((await store.claim(deviceCode, { by: 'poll' })).outcome).toBe('already_claimed');
    });

    it('hands an unacknowledged claim to its TV again (same box) for a minute, then never', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      let mints = 0;
      const seal = async () => `box-${++mints}`;
      expect(await store.claim(deviceCode, { by: 'ws', seal })).toMatchObject({ outcome: 'claimed', box: 'box-1' });
      // The socket died before the TV said received: it listens again, on any node.
      clock.advance(59_000);
      expect(await store.claim(deviceCode, { by: 'ws', seal })).toMatchObject({ outcome: 'redeliver', box: 'box-1' });
      expect(mints).toBe(1);
      // Without the device code there is nothing to be had.
      expect((await store.claim(`${pairing.userCode}.${'A'.repeat(43)}`, { by: 'ws', seal })).outcome).toBe('unknown');
      clock.advance(1_000);
      expect((await store.claim(deviceCode, { by: 'ws', seal })).outcome).toBe('already_claimed');
      expect(await connections.commands.hexists(redisKeys.pairing(pairing.userCode), 'tokenBox')).toBe(0);
    });

    it('after received the sign-in is final and the box is gone', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      await store.claim(deviceCode, { by: 'ws', seal: async () => 'box' });
      expect(await store.markReceived(deviceCode)).toBe(true);
      expect((await store.claim(deviceCode, { by: 'ws', seal: async () => 'other' })).outcome).toBe('already_claimed');
      expect(await connections.commands.hexists(redisKeys.pairing(pairing.userCode), 'tokenBox')).toBe(0);
    });

    it('a claim that dies before storing its box leaves the pairing approved', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      const dying = store.claim(deviceCode, { by: 'ws', seal: () => Promise.reject(new Error('node died while minting')) });
      await expect(dying).rejects.toThrow('node died');
      expect((await store.read(pairing.userCode))?.state).toBe('approved');
      expect(await store.claim(deviceCode, { by: 'ws', seal: async () => 'box' })).toMatchObject({ outcome: 'claimed', box: 'box' });
    });

    it('many claims with boxes at once: one box is stored and every claimer gets that one', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.claim(deviceCode, { by: i % 2 ? 'ws' : 'poll', seal: async () => `box-${i}` })),
      );
      expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
      const boxes = new Set(outcomes.map((o) => ('box' in o ? o.box : o.outcome)));
      expect(boxes.size).toBe(1);
    });

    it('refuses a second decision and approval after denial', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect((await store.decide(pairing.userCode, 'denied', 'acct-1')).ok).toBe(true);
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(false);
      expect((await store.claim(deviceCode, { by: 'ws' })).outcome).toBe('denied');
    });

    it('two approvals at once: one wins', async () => {
      setup();
      const { pairing } = await store.create(newPairing);
      const results = await Promise.all([
        store.decide(pairing.userCode, 'approved', 'acct-1'),
        store.decide(pairing.userCode, 'approved', 'acct-2'),
      ]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
    });

    it('two claims at once: exactly one gets the token', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claim(deviceCode, { by: i % 2 ? 'ws' : 'poll' })));
      expect(outcomes.filter((o) => o.outcome === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.outcome === 'already_claimed')).toHaveLength(9);
    });

    it('expires by the clock, not by sleeping', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      clock.advance(599_999);
      expect((await store.read(pairing.userCode))?.state).toBe('pending');
      clock.advance(1);
      expect((await store.read(pairing.userCode))?.state).toBe('expired');
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(false);
      expect((await store.claim(deviceCode, { by: 'ws' })).outcome).toBe('expired');
    });

    it('keeps an approval collectable for a minute even at the end of the code lifetime', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      clock.advance(599_000);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      clock.advance(30_000);
      expect((await store.claim(deviceCode, { by: 'poll' })).outcome).toBe('claimed');
    });

    it('rejects a wrong or malformed device code', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      const forged = `${pairing.userCode}.${'A'.repeat(43)}`;
      expect((await store.claim(forged, { by: 'ws' })).outcome).toBe('unknown');
      expect((await store.claim('garbage', { by: 'ws' })).outcome).toBe('unknown');
      expect((await store.claim(deviceCode, { by: 'ws' })).outcome).toBe('claimed');
    });

    it('paces polls: too early gets slow_down and a longer interval for good', async () => {
      setup();
      const { deviceCode } = await store.create(newPairing);
      expect((await store.claim(deviceCode, { by: 'poll' })).outcome).toBe('pending');
      clock.advance(4_999);
      const early = await store.claim(deviceCode, { by: 'poll' });
      expect(early).toMatchObject({ outcome: 'slow_down', pairing: { intervalSeconds: 10 } });
      clock.advance(9_000);
      expect((await store.claim(deviceCode, { by: 'poll' })).outcome).toBe('slow_down');
      clock.advance(15_000);
      expect((await store.claim(deviceCode, { by: 'poll' })).outcome).toBe('pending');
    });

    it('records the TV receipt only after a claim', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect(await store.markReceived(deviceCode)).toBe(false);
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      await store.claim(deviceCode, { by: 'ws' });
      expect(await store.markReceived(deviceCode)).toBe(true);
      expect((await store.read(pairing.userCode))?.receivedAt).toBe(clock.now());
    });

    it('a TV that leaves its code ends it: only with its device code, and never after the token was collected', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect(await store.leave(`${pairing.userCode}.${'x'.repeat(43)}`)).toBe(false);
      expect(await store.leave(deviceCode)).toBe(true);
      expect(await store.read(pairing.userCode)).toMatchObject({ state: 'expired', tvLeftAt: clock.now() });
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(false);
      expect(await store.leave(deviceCode)).toBe(false);

      const used = await store.create(newPairing);
      await store.decide(used.pairing.userCode, 'approved', 'acct-1');
      await store.claim(used.deviceCode, { by: 'ws' });
      expect(await store.leave(used.deviceCode)).toBe(false);
      expect((await store.read(used.pairing.userCode))?.state).toBe('claimed');
    });

    it('a TV whose socket closed keeps its code if it listens again within the grace period, on any node', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect((await store.claim(deviceCode, { by: 'ws', listenerNode: 'node-a', listenerId: 'node-a.L1' })).outcome).toBe('pending');
      expect(await store.tvGone(`${pairing.userCode}.${'x'.repeat(43)}`, 'node-a.L1', 15_000)).toBe(false);
      expect(await store.tvGone(deviceCode, 'node-a.L1', 15_000)).toBe(true);
      clock.advance(14_999);
      expect((await store.read(pairing.userCode))?.state).toBe('pending');
      // It reconnects to another node and listens there: the mark is gone for good.
      expect((await store.claim(deviceCode, { by: 'ws', listenerNode: 'node-b', listenerId: 'node-b.L2' })).outcome).toBe('pending');
      clock.advance(60_000);
      expect(await store.read(pairing.userCode)).toMatchObject({ state: 'pending', tvLeftAt: undefined });
      // node-a notices the old socket late: that listener is no longer the TV's latest.
      expect(await store.tvGone(deviceCode, 'node-a.L1', 15_000)).toBe(false);
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(true);
    });

    it('a TV whose socket closed and that does not come back ends its code, as if it had left', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.claim(deviceCode, { by: 'ws', listenerNode: 'node-a', listenerId: 'node-a.L1' });
      await store.scan(pairing.userCode);
      const closedAt = clock.now();
      expect(await store.tvGone(deviceCode, 'node-a.L1', 15_000)).toBe(true);
      clock.advance(15_000);
      expect(await store.read(pairing.userCode)).toMatchObject({ state: 'expired', tvLeftAt: closedAt });
      expect((await store.decide(pairing.userCode, 'approved', 'acct-1')).ok).toBe(false);
      // Listening again after the grace period is too late: the TV is told its code ended.
      expect((await store.claim(deviceCode, { by: 'ws', listenerNode: 'node-b', listenerId: 'node-b.L2' })).outcome).toBe('expired');
      expect(await store.tvGone(deviceCode, 'node-b.L2', 15_000)).toBe(false);

      // The same holds when the phone is the first to look after the grace period (decide sees it).
      const second = await store.create(newPairing);
      await store.claim(second.deviceCode, { by: 'ws', listenerId: 'node-a.L3' });
      await store.tvGone(second.deviceCode, 'node-a.L3', 15_000);
      clock.advance(20_000);
      const decided = await store.decide(second.pairing.userCode, 'approved', 'acct-1');
      expect(decided.ok).toBe(false);
      expect(decided.pairing).toMatchObject({ state: 'expired', tvLeftAt: clock.now() - 20_000 });
    });

    it('only a code waiting for a decision is marked gone; one approved meanwhile stays collectable', async () => {
      setup();
      const approved = await store.create(newPairing);
      await store.claim(approved.deviceCode, { by: 'ws', listenerId: 'node-a.L1' });
      await store.decide(approved.pairing.userCode, 'approved', 'acct-1');
      expect(await store.tvGone(approved.deviceCode, 'node-a.L1', 15_000)).toBe(false);

      // Gone, then approved within the grace period: the TV that comes back later still gets it.
      const late = await store.create(newPairing);
      await store.claim(late.deviceCode, { by: 'ws', listenerId: 'node-a.L2' });
      expect(await store.tvGone(late.deviceCode, 'node-a.L2', 15_000)).toBe(true);
      clock.advance(5_000);
      expect((await store.decide(late.pairing.userCode, 'approved', 'acct-1')).ok).toBe(true);
      clock.advance(20_000);
      expect((await store.read(late.pairing.userCode))?.state).toBe('approved');
      expect((await store.claim(late.deviceCode, { by: 'ws', listenerId: 'node-b.L3', seal: async () => 'box' })).outcome).toBe('claimed');

      // A polling TV counts as back too.
      const polled = await store.create(newPairing);
      await store.claim(polled.deviceCode, { by: 'ws', listenerId: 'node-a.L4' });
      await store.tvGone(polled.deviceCode, 'node-a.L4', 15_000);
      clock.advance(10_000);
      expect((await store.claim(polled.deviceCode, { by: 'poll' })).outcome).toBe('pending');
      clock.advance(10_000);
      expect((await store.read(polled.pairing.userCode))?.state).toBe('pending');
    });

    it('discards a code never handed out, only with its device code', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      expect(await store.discard(`${pairing.userCode}.${'A'.repeat(43)}`)).toBe(false);
      expect(await store.read(pairing.userCode)).not.toBeNull();
      expect(await store.discard(deviceCode)).toBe(true);
      expect(await store.read(pairing.userCode)).toBeNull();
      expect(await store.discard(deviceCode)).toBe(false);
    });

    it('publishes events to the node the TV listens on', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      await store.claim(deviceCode, { by: 'ws', listenerNode: 'node-a' });
      const received = await collectEvents(connections.subscriber, redisKeys.nodeChannel('node-a'), redisKeys.pairingEvents, pairing.userCode);
      await store.scan(pairing.userCode);
      const decidedAt = clock.now();
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      await new Promise((resolve) => setTimeout(resolve, 50));
      // An approval carries what minting the tokens needs (issue 11: the TV's node claims in one step).
      const approvedEvent = `${pairing.userCode} approved ${decidedAt}\nacct-1\ntv\nopenid\nLiving room TV\nModel X`;
      expect(received).toEqual([`${pairing.userCode} scanned`, approvedEvent]);
      expect(approvalOfEvent(approvedEvent)).toEqual({ decidedAt, accountId: 'acct-1', clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X' });
    });

    it('claims in one step from an approval event, and only while the pairing is still that approval', async () => {
      setup();
      const { deviceCode, pairing } = await store.create(newPairing);
      const decidedAt = clock.now();
      await store.decide(pairing.userCode, 'approved', 'acct-1');
      const minted: string[] = [];
      const seal = async (p: { accountId?: string; deviceName: string; decidedAt?: number }) => {
        minted.push(`${p.accountId}/${p.deviceName}/${p.decidedAt}`);
        return `box-${minted.length}`;
      };
      const approval = { decidedAt, accountId: 'acct-1', clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X' };
      // A stale event (another approval) mints once from the event, is not stored, then mints from the pairing.
      const stale = await store.create(newPairing);
      const staleDecidedAt = clock.now();
      clock.advance(5);
      await store.decide(stale.pairing.userCode, 'approved', 'acct-2');
      const fromStale = await store.claim(stale.deviceCode, { by: 'ws', seal, approval: { ...approval, decidedAt: staleDecidedAt, accountId: 'acct-1' } });
      expect(fromStale).toMatchObject({ outcome: 'claimed', box: 'box-2' });
      expect(minted).toEqual([`acct-1/Living room TV/${staleDecidedAt}`, `acct-2/Living room TV/${staleDecidedAt + 5}`]);
      // The event of this very approval: one mint, one claim, the box stored and handed again.
      const claimed = await store.claim(deviceCode, { by: 'ws', seal, approval });
      expect(claimed).toMatchObject({ outcome: 'claimed', box: 'box-3', pairing: { state: 'claimed', accountId: 'acct-1' } });
      expect(minted).toHaveLength(3);
      expect(await store.claim(deviceCode, { by: 'ws', seal, approval })).toMatchObject({ outcome: 'redeliver', box: 'box-3' });
    });
  });
}
