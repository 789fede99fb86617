import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Redis } from 'ioredis';
import { BACKENDS, REAL_REDIS_URL } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv, settle } from '../helpers/tvSocket.ts';
import {
  deviceIdsOn, expectOAuthError, refreshTokens, registeredTv, signedInPhone, signInOverWebSocket, userinfo,
} from '../helpers/deviceClient.ts';
import { csrfTokenIn } from '../helpers/companion.ts';
import { createRedisKeys } from '../../server/store/keys.ts';

// Signing a device out on the Account page reaches the TV over its WebSocket, whichever node it
// is connected to, and its tokens stop working; a TV that was off hears it when it reconnects.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`remote sign-out on ${backend.name}`, () => {
    let cluster: TestCluster;
    const tvs: TestTv[] = [];
    afterEach(async () => {
      await Promise.all(tvs.splice(0).map((tv) => tv.close()));
      await cluster?.close();
    });

    async function track(tv: Promise<TestTv>) {
      tvs.push(await tv);
      return tvs.at(-1)!;
    }

    it('Sign out on the Account page (node A) reaches the TV connected to node B, and its tokens stop working', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const tokens = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl);
      const tv = await track(registeredTv(nodeB!.wsUrl, tokens.access_token));

      const phone = await signedInPhone(nodeA!.baseUrl);
      const list = await phone.agent.get('/account/devices');
      expect(list.status).toBe(200);
      expect(list.text).toContain('Living room TV · Model X');
      expect(list.text).toContain('TV app');
      const [deviceId] = deviceIdsOn(list.text);
      const signOut = await phone.agent.post('/account/devices/sign-out').type('form').send({ device: deviceId!, _csrf: csrfTokenIn(list.text) });
      expect(signOut.status).toBe(303);
      expect(signOut.headers.location).toBe('/account/devices?signedOut=one');

      expect(await tv.next('signed_out')).toEqual({ type: 'signed_out' });
      expectOAuthError(await userinfo(nodeB!.baseUrl, tokens.access_token), 401, 'invalid_token', 'TV-403');
      expectOAuthError(await refreshTokens(nodeB!.baseUrl, tokens.refresh_token), 400, 'invalid_grant', 'TV-600');
      const after = await phone.agent.get('/account/devices?signedOut=one');
      expect(after.text).toContain('The device is signed out');
      expect(deviceIdsOn(after.text)).toEqual([]);
    });

    it('Sign out of all devices reaches every TV, on either node', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const living = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl);
      const bedroom = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl, { device_name: 'Bedroom TV' });
      const tvA = await track(registeredTv(nodeA!.wsUrl, living.access_token));
      const tvB = await track(registeredTv(nodeB!.wsUrl, bedroom.access_token));

      const phone = await signedInPhone(nodeB!.baseUrl);
      const list = await phone.agent.get('/account/devices');
      expect(deviceIdsOn(list.text)).toHaveLength(2);
      const all = await phone.agent.post('/account/devices/sign-out-all').type('form').send({ _csrf: csrfTokenIn(list.text) });
      expect(all.headers.location).toBe('/account/devices?signedOut=all');

      await Promise.all([tvA.next('signed_out'), tvB.next('signed_out')]);
      for (const tokens of [living, bedroom]) {
        expectOAuthError(await userinfo(nodeA!.baseUrl, tokens.access_token), 401, 'invalid_token', 'TV-403');
      }
      expect(deviceIdsOn((await phone.agent.get('/account/devices')).text)).toEqual([]);
    });

    it('a TV that was off when it was signed out is told as soon as it connects again', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const tokens = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl);
      const before = await registeredTv(nodeA!.wsUrl, tokens.access_token);
      await before.close();

      const { accounts, deviceSessions } = nodeA!.app.services;
      await deviceSessions.revokeAllFor((await accounts.findByLogin(DEMO_ACCOUNT.email))!.id);

      const back = await track(TestTv.connect(nodeB!.wsUrl));
      back.send(JSON.stringify({ type: 'session', access_token: tokens.access_token }));
      expect(await back.next('signed_out')).toEqual({ type: 'signed_out' });
      expect(back.count('session_active')).toBe(0);
    });

    it('a TV that reconnects to another node is followed there; the old node no longer hears of it', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const tokens = await signInOverWebSocket(nodeA!.baseUrl, nodeA!.wsUrl);
      const onA = await registeredTv(nodeA!.wsUrl, tokens.access_token);
      await onA.close();
      await settle(50);
      expect(nodeA!.app.services.deviceListeners.size()).toBe(0);
      const onB = await track(registeredTv(nodeB!.wsUrl, tokens.access_token));

      const { accounts, deviceSessions } = nodeA!.app.services;
      const account = await accounts.findByLogin(DEMO_ACCOUNT.email);
      const [session] = await deviceSessions.list(account!.id);
      expect(await deviceSessions.revoke(account!.id, session!.id)).toBe(true);
      await onB.next('signed_out');
      expect(nodeB!.app.services.deviceListeners.size()).toBe(0);
    });

    it('revoking its refresh token (RFC 7009) also tells the TV', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const tokens = await signInOverWebSocket(node!.baseUrl, node!.wsUrl);
      const tv = await track(registeredTv(node!.wsUrl, tokens.access_token));
      await request(node!.baseUrl).post('/oauth/revocation').type('form').send({ client_id: 'tv', token: tokens.refresh_token });
      await tv.next('signed_out');
    });

    it('a session message with an expired or foreign token gets TV-403 and registers nothing', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const tokens = await signInOverWebSocket(node!.baseUrl, node!.wsUrl);
      const tv = await track(TestTv.connect(node!.wsUrl));
      tv.send(JSON.stringify({ type: 'session', access_token: 'not-a-token' }));
      expect(await tv.next('error')).toMatchObject({ code: 'TV-403', error: 'invalid_token' });
      cluster.clock.advance(3600_000);
      tv.messages.length = 0;
      tv.send(JSON.stringify({ type: 'session', access_token: tokens.access_token }));
      expect(await tv.next('error')).toMatchObject({ code: 'TV-403' });
      expect(node!.app.services.deviceListeners.size()).toBe(0);
      // After refreshing (what the TV app does on TV-403) it registers fine.
      const refreshed = (await refreshTokens(node!.baseUrl, tokens.refresh_token)).body as { access_token: string };
      tv.send(JSON.stringify({ type: 'session', access_token: refreshed.access_token }));
      await tv.next('session_active');
    });
  });
}

const real = BACKENDS.find((b) => b.name === 'redis')!;
describe.skipIf(!real.available)('sign-out while the node holding the TV has lost its subscription (real Redis)', () => {
  let cluster: TestCluster;
  let tv: TestTv;
  afterEach(async () => {
    await tv?.close();
    await cluster?.close();
  });

  it('still reaches the TV once the subscription is back', async () => {
    cluster = await startCluster(real);
    const [node] = cluster.nodes;
    const tokens = await signInOverWebSocket(node!.baseUrl, node!.wsUrl);
    tv = await registeredTv(node!.wsUrl, tokens.access_token);

    // Cut only this node's subscriber connection, then sign the device out: the publish reaches nobody.
    const subscriberPort = (node!.connections.subscriber as unknown as { stream: { localPort: number } }).stream.localPort;
    const admin = new Redis(REAL_REDIS_URL);
    await admin.client('KILL', 'ADDR', `127.0.0.1:${subscriberPort}`);
    const [, subscribers] = (await admin.pubsub('NUMSUB', createRedisKeys(node!.prefix).nodeDeviceChannel('node-0'))) as [string, number];
    expect(subscribers).toBe(0);
    const { accounts, deviceSessions } = node!.app.services;
    await deviceSessions.revokeAllFor((await accounts.findByLogin(DEMO_ACCOUNT.email))!.id);
    await admin.quit();

    expect(await tv.next('signed_out', 10_000)).toEqual({ type: 'signed_out' });
  });
});
