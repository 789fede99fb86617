import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import type { RedisConnections } from '../../server/store/redisClient.ts';
import { createDeviceSessions, type DeviceSessions } from '../../server/devices/deviceSessionStore.ts';
import type { ManualClock } from '../../server/clock.ts';
import type { RedisKeys } from '../../server/store/keys.ts';
import { collectEvents } from '../helpers/eventSubscriber.ts';

// The device session store's contract (refresh rotation, reuse detection, sign-out, expiry),
// on the embedded store and on real Redis alike.

const ACCOUNT = '7c1e4a52-8d0b-4f3e-9a51-2b6f0c9d1e23';
const OTHER_ACCOUNT = '0f5d2c1b-3a4e-4b6c-8d9e-1f2a3b4c5d6e';
const LIFETIME_SECONDS = 30 * 86400;
const signIn = { accountId: ACCOUNT, clientId: 'tv', scope: 'openid profile', deviceName: 'Living room TV', deviceModel: 'Model X' };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`device sessions on ${backend.name}`, () => {
    let connections: RedisConnections;
    let clock: ManualClock;
    let sessions: DeviceSessions;
    let redisKeys: RedisKeys;
    const fixture = useStoreFixture(backend, (parts) =>
      createDeviceSessions({ redis: parts.connections.commands, keys: parts.keys, clock: parts.clock, lifetimeSeconds: LIFETIME_SECONDS }),
    );

    let alsoClose: (extra: RedisConnections) => void;

    function setup() {
      ({ connections, clock, keys: redisKeys, store: sessions, alsoClose } = fixture());
    }

    it('creates a session the account lists, with device, client and times', async () => {
      setup();
      const { session } = await sessions.create(signIn);
      clock.advance(1000);
      const second = await sessions.create({ ...signIn, deviceName: 'Bedroom TV' });
      const listed = await sessions.list(ACCOUNT);
      expect(listed.map((s) => s.deviceName)).toEqual(['Bedroom TV', 'Living room TV']);
      expect(listed[1]).toEqual({ ...session, signedInAt: clock.now() - 1000, lastSeenAt: clock.now() - 1000, expiresAt: clock.now() - 1000 + LIFETIME_SECONDS * 1000 });
      expect(second.session.id).not.toBe(session.id);
      expect(await sessions.list(OTHER_ACCOUNT)).toEqual([]);
    });

    it("remembers who is watching on a signed-in device, and nothing for a signed-out one", async () => {
      setup();
      const { session } = await sessions.create(signIn);
      expect(await sessions.chooseProfile(ACCOUNT, session.id, 'kids-1')).toBe(true);
      expect((await sessions.get(ACCOUNT, session.id))?.profileId).toBe('kids-1');
      await sessions.revoke(ACCOUNT, session.id);
      expect(await sessions.chooseProfile(ACCOUNT, session.id, 'kids-1')).toBe(false);
      expect(await connections.commands.exists(redisKeys.deviceSession(ACCOUNT, session.id))).toBe(0);
    });

    it('keeps the network a device was last seen from as a keyed hash, never the address', async () => {
      setup();
      const home = sessions.networkOf('203.0.113.7');
      expect(home).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(sessions.networkOf('::ffff:203.0.113.7')).toBe(home);
      expect(sessions.networkOf('2001:db8:1:2::1')).toBe(sessions.networkOf('2001:db8:1:2:ffff::2'));
      expect(sessions.networkOf(undefined)).toBe('');

      const { session, refreshToken } = await sessions.create({ ...signIn, ip: '203.0.113.7' });
      expect(session.lastNetwork).toBe(home);
      const stored = JSON.stringify(await connections.commands.hgetall(redisKeys.deviceSession(ACCOUNT, session.id)));
      expect(stored).not.toContain('203.0.113');
      expect((await sessions.get(ACCOUNT, session.id))?.lastNetwork).toBe(home);
      // Seen without an address (userinfo, say): the last known network stays.
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(true);
      expect((await sessions.get(ACCOUNT, session.id))?.lastNetwork).toBe(home);
      // Its socket from elsewhere, then a refresh from home again.
      expect(await sessions.touch(ACCOUNT, session.id, 'node-a', '198.51.100.20')).toBe(true);
      expect((await sessions.get(ACCOUNT, session.id))?.lastNetwork).toBe(sessions.networkOf('198.51.100.20'));
      const rotated = await sessions.rotate(refreshToken, 'tv', '203.0.113.7');
      expect(rotated.outcome === 'rotated' && rotated.session.lastNetwork).toBe(home);
      // A session signed in before networks were kept has none: "not known yet".
      expect((await sessions.create(signIn)).session.lastNetwork).toBeUndefined();
    });

    it('stores the refresh token only as a hash', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      const stored = await connections.commands.hgetall(redisKeys.deviceSession(ACCOUNT, session.id));
      const secret = refreshToken.split('.')[2]!;
      expect(JSON.stringify(stored)).not.toContain(secret);
      expect(stored.refreshHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('rotates the refresh token on every use: the new one works, the old one no longer does', async () => {
      setup();
      const { refreshToken } = await sessions.create(signIn);
      clock.advance(5000);
      const first = await sessions.rotate(refreshToken, 'tv');
      if (first.outcome !== 'rotated') throw new Error(`expected rotation, got ${first.outcome}`);
      expect(first.refreshToken).not.toBe(refreshToken);
      expect(first.session.lastSeenAt).toBe(clock.now());
      const second = await sessions.rotate(first.refreshToken, 'tv');
      expect(second.outcome).toBe('rotated');
    });

    it('a rotated token used again signs the whole device out (reuse detection)', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      const rotated = await sessions.rotate(refreshToken, 'tv');
      if (rotated.outcome !== 'rotated') throw new Error('expected rotation');
      expect((await sessions.rotate(refreshToken, 'tv')).outcome).toBe('reused');
      // The thief's replay also ends the legitimate holder's newest token.
      expect((await sessions.rotate(rotated.refreshToken, 'tv')).outcome).toBe('invalid');
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(false);
      expect(await sessions.list(ACCOUNT)).toEqual([]);
    });

    it('two refreshes with the same token at once: one rotates, the other counts as reuse', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      const results = await Promise.all([sessions.rotate(refreshToken, 'tv'), sessions.rotate(refreshToken, 'tv')]);
      expect(results.map((r) => r.outcome).sort()).toEqual(['reused', 'rotated']);
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(false);
    });

    it('a token someone merely guessed for a real session does not sign the device out', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      const guessed = `${ACCOUNT}.${session.id}.${'A'.repeat(43)}`;
      expect((await sessions.rotate(guessed, 'tv')).outcome).toBe('invalid');
      expect((await sessions.rotate(refreshToken, 'tv')).outcome).toBe('rotated');
    });

    it('refuses a refresh token presented by another client, without signing the device out', async () => {
      setup();
      const { refreshToken } = await sessions.create(signIn);
      expect((await sessions.rotate(refreshToken, 'stick')).outcome).toBe('invalid');
      expect((await sessions.rotate(refreshToken, 'tv')).outcome).toBe('rotated');
    });

    it('answers garbage refresh tokens with invalid', async () => {
      setup();
      for (const garbage of ['', 'x', 'a.b.c', `${ACCOUNT}.short.${'A'.repeat(43)}`, 'é'.repeat(300), `${ACCOUNT}.${'A'.repeat(22)}.${'A'.repeat(43)}.x`]) {
        expect((await sessions.rotate(garbage, 'tv')).outcome).toBe('invalid');
        expect(await sessions.revokeByRefreshToken(garbage, 'tv')).toBe(false);
      }
    });

    it('signs out one device: its refresh token stops working, the others keep theirs', async () => {
      setup();
      const living = await sessions.create(signIn);
      const bedroom = await sessions.create({ ...signIn, deviceName: 'Bedroom TV' });
      expect(await sessions.revoke(ACCOUNT, living.session.id)).toBe(true);
      expect(await sessions.revoke(ACCOUNT, living.session.id)).toBe(false);
      expect((await sessions.rotate(living.refreshToken, 'tv')).outcome).toBe('invalid');
      expect(await sessions.touch(ACCOUNT, living.session.id)).toBe(false);
      expect(await sessions.touch(ACCOUNT, bedroom.session.id)).toBe(true);
      expect((await sessions.list(ACCOUNT)).map((s) => s.id)).toEqual([bedroom.session.id]);
    });

    it("cannot sign out another account's device", async () => {
      setup();
      const { session } = await sessions.create(signIn);
      expect(await sessions.revoke(OTHER_ACCOUNT, session.id)).toBe(false);
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(true);
    });

    it('signs out every device of an account, and only that account', async () => {
      setup();
      const a = await sessions.create(signIn);
      const b = await sessions.create({ ...signIn, deviceName: 'Bedroom TV' });
      const other = await sessions.create({ ...signIn, accountId: OTHER_ACCOUNT });
      await sessions.revokeAllFor(ACCOUNT);
      expect(await sessions.list(ACCOUNT)).toEqual([]);
      expect((await sessions.rotate(a.refreshToken, 'tv')).outcome).toBe('invalid');
      expect((await sessions.rotate(b.refreshToken, 'tv')).outcome).toBe('invalid');
      expect((await sessions.rotate(other.refreshToken, 'tv')).outcome).toBe('rotated');
    });

    it('revokes by refresh token (RFC 7009) only for the client that holds it', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      expect(await sessions.revokeByRefreshToken(refreshToken, 'stick')).toBe(false);
      expect(await sessions.revokeByRefreshToken(refreshToken, 'tv')).toBe(true);
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(false);
    });

    it('signs out a device that has not refreshed within the lifetime; refreshing slides it', async () => {
      setup();
      const { session, refreshToken } = await sessions.create(signIn);
      clock.advance(LIFETIME_SECONDS * 1000 - 1);
      const rotated = await sessions.rotate(refreshToken, 'tv');
      if (rotated.outcome !== 'rotated') throw new Error('expected rotation just before the deadline');
      clock.advance(LIFETIME_SECONDS * 1000 - 1);
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(true);
      clock.advance(1);
      expect(await sessions.touch(ACCOUNT, session.id)).toBe(false);
      expect((await sessions.rotate(rotated.refreshToken, 'tv')).outcome).toBe('invalid');
      expect(await sessions.list(ACCOUNT)).toEqual([]);
    });

    it('listing drops devices that ran out from the account index', async () => {
      setup();
      await sessions.create(signIn);
      clock.advance(LIFETIME_SECONDS * 1000);
      const fresh = await sessions.create({ ...signIn, deviceName: 'Bedroom TV' });
      expect((await sessions.list(ACCOUNT)).map((s) => s.id)).toEqual([fresh.session.id]);
      expect(await connections.commands.zrange(redisKeys.accountDevices(ACCOUNT), 0, -1)).toEqual([fresh.session.id]);
    });

    it('publishes a sign-out to the node holding the TV, only once it is registered there', async () => {
      setup();
      const { session } = await sessions.create(signIn);
      const subscriber = backend.connectAlongside(connections);
      alsoClose(subscriber);
      const received = await collectEvents(subscriber.subscriber, redisKeys.nodeDeviceChannel('node-b'), redisKeys.accountDeviceEvents, ACCOUNT);
      expect(await sessions.touch(ACCOUNT, session.id, 'node-b')).toBe(true);
      await sessions.revoke(ACCOUNT, session.id);
      await expect.poll(() => received).toEqual([`${ACCOUNT} ${session.id}`]);
    });
  });
}
