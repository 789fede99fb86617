import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Redis } from 'ioredis';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv, settle } from '../helpers/tvSocket.ts';
import { Browser, startPairing } from '../helpers/companion.ts';
import { TV_GONE_GRACE_MS } from '../../server/realtime/pairingListeners.ts';

// The whole pairing over HTTP and the WebSocket, as a TV and a phone see it, on the embedded
// store and on real Redis.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`TV sign-in flow on ${backend.name}`, () => {
    let cluster: TestCluster;
    const tvs: TestTv[] = [];

    afterEach(async () => {
      await Promise.all(tvs.splice(0).map((tv) => tv.close()));
      await cluster?.close();
    });

    async function tvAt(wsUrl: string) {
      const tv = await TestTv.connect(wsUrl);
      tvs.push(tv);
      return tv;
    }

    /** A TV on the given node that has sent listen for the device code (nothing awaited). */
    async function tvListeningAt(wsUrl: string, deviceCode: string) {
      const tv = await tvAt(wsUrl);
      tv.listen(deviceCode);
      return tv;
    }

    /** A TV that asked the given node for a code and is listening for it. */
    async function waitingTv(node: { baseUrl: string; wsUrl: string }) {
      const start = await startPairing(node.baseUrl);
      const tv = await tvAt(node.wsUrl);
      tv.listen(start.device_code);
      await tv.next('pending');
      return { start, tv };
    }

    async function signedInPhone(baseUrl: string) {
      const phone = new Browser(baseUrl);
      const response = await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      expect(response.status).toBe(303);
      return phone;
    }

    it('signs a TV in: start, listen, scan, sign in, Start Watching, token pushed and verifiable', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const start = await startPairing(node!.baseUrl);
      expect(start.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
      expect(start.verification_uri).toBe(`${node!.baseUrl}/tv8`);
      expect(start.verification_uri_complete).toBe(`${node!.baseUrl}/tv8?code=${start.user_code.replace('-', '')}`);
      expect(start).toMatchObject({ expires_in: 600, interval: 5 });

      const tv = await tvAt(node!.wsUrl);
      tv.listen(start.device_code);
      expect(await tv.next('pending')).toMatchObject({ expires_in: 600 });

      // The phone opens the QR link, is not signed in yet: Continue leads to sign-in and back.
      const phone = new Browser(node!.baseUrl);
      const qrPage = await phone.agent.get(new URL(start.verification_uri_complete).pathname + new URL(start.verification_uri_complete).search);
      expect(qrPage.text).toContain(`value="${start.user_code}"`);
      const continued = await phone.enterCode(start.user_code.toLowerCase().replace('-', ' '));
      expect(continued.status).toBe(303);
      await tv.next('scanned');
      const confirmUrl = continued.headers.location!;
      const toLogin = await phone.agent.get(confirmUrl);
      expect(toLogin.status).toBe(303);
      expect(toLogin.headers.location).toBe(`/login?next=${encodeURIComponent(confirmUrl)}`);
      const _csrf = await phone.csrf('/login');
      const login = await phone.agent.post('/login').type('form').send({ login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, next: confirmUrl, _csrf });
      expect(login.headers.location).toBe(confirmUrl);

      const confirm = await phone.agent.get(confirmUrl);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('Living room TV');
      expect(confirm.text).toContain(start.user_code);
      expect(confirm.text).toContain('Start Watching');

      const approved = await phone.decide(start.user_code, 'approve');
      expect(approved.status).toBe(303);
      const token = await tv.next('approved');
      expect(token).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });

      const jwks = createRemoteJWKSet(new URL(`${node!.baseUrl}/.well-known/jwks.json`));
      const { payload, protectedHeader } = await jwtVerify(token.access_token, jwks, {
        issuer: node!.baseUrl, audience: node!.baseUrl, algorithms: ['EdDSA'], currentDate: new Date(cluster.clock.now()),
      });
      expect(protectedHeader.kid).toBeTruthy();
      const account = await node!.app.services.accounts.findByLogin(DEMO_ACCOUNT.email);
      expect(payload.sub).toBe(account!.id);

      const userinfo = await request(node!.baseUrl).get('/oauth/userinfo').set('Authorization', `Bearer ${token.access_token}`);
      expect(userinfo.body).toMatchObject({ sub: account!.id, name: DEMO_ACCOUNT.name, email: DEMO_ACCOUNT.email });

      // The phone says "signed in" only after the TV's receipt.
      const code = start.user_code.replace('-', '');
      // (Still 'approved': the tokens came with the approval event, no claim; the receipt claims them.)
      expect((await phone.agent.get(`/tv8/status?code=${code}`)).body).toEqual({ state: 'approved', received: false, tvLeft: false });
      tv.send(JSON.stringify({ type: 'received' }));
      await settle();
      expect((await phone.agent.get(`/tv8/status?code=${code}`)).body).toEqual({ state: 'claimed', received: true, tvLeft: false });
      expect((await phone.agent.get(`/tv8/done?code=${code}`)).text).toContain('Your TV is signed in');
    });

    it('tells the TV when the phone refuses the sign-in', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const { start, tv } = await waitingTv(node!);
      const phone = await signedInPhone(node!.baseUrl);
      await phone.enterCode(start.user_code);
      const denied = await phone.decide(start.user_code, 'deny');
      expect(denied.status).toBe(200);
      expect(await tv.next('denied')).toEqual({ type: 'denied', code: 'TV-103' });
      expect(tv.count('approved')).toBe(0);
    });

    it('expires codes by the clock: the TV is told, and the signed-in phone is told the code expired', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const { start, tv } = await waitingTv(node!);
      cluster.clock.advance(600_000);
      await node!.app.services.listeners.checkExpired();
      expect(await tv.next('expired')).toEqual({ type: 'expired', code: 'TV-102' });
      const phone = await signedInPhone(node!.baseUrl);
      const late = await phone.enterCode(start.user_code);
      expect(late.status).toBe(400);
      expect(late.text).toContain('TV-102');
    });

    it('delivers a token approved while the TV was away when it listens again, exactly once', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const { start, tv: first } = await waitingTv(node!);
      await first.close();

      const phone = await signedInPhone(node!.baseUrl);
      await phone.enterCode(start.user_code);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);

      const back = await tvAt(node!.wsUrl);
      back.listen(start.device_code);
      await back.next('approved');
      back.send(JSON.stringify({ type: 'received' }));
      await settle(100);
      // After `received` the sign-in is final: the device code gets nothing more.
      const again = await tvAt(node!.wsUrl);
      again.listen(start.device_code);
      expect(await again.next('error')).toMatchObject({ code: 'TV-104' });
      expect(back.count('approved') + again.count('approved')).toBe(1);
    });

    // The first listen on the node that issued the code is answered from what that node knows
    // (server/realtime/freshCodes.ts); these are the cases where that knowledge is not enough.
    it('a code approved before its TV first listens, on the node that issued it, is handed at that listen', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const start = await startPairing(nodeA!.baseUrl);
      const phone = await signedInPhone(nodeB!.baseUrl);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      // The approval's event reached node A while no TV listened there yet.
      await settle(100);
      const tv = await tvListeningAt(nodeA!.wsUrl, start.device_code);
      expect(await tv.next('approved')).toMatchObject({ token_type: 'Bearer' });
      expect(tv.count('pending')).toBe(0);
    });

    // One Redis only: the embedded store's connection cannot drop, and on a Cluster the first
    // listen always subscribes and claims (freshCodes.ts is off there).
    if (backend.name === 'redis') it('a code approved while the issuing node\'s subscription was down is handed at the first listen there', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const start = await startPairing(nodeA!.baseUrl);
      const phone = await signedInPhone(nodeB!.baseUrl);
      // Node A's subscriber connection drops (and stays down for 2 s); the approval is published
      // meanwhile and lost.
      const subscriber = nodeA!.connections.subscriber as Redis;
      const retryStrategy = subscriber.options.retryStrategy;
      subscriber.options.retryStrategy = () => 2_000;
      subscriber.disconnect(true);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      expect(nodeA!.app.bus.isReady()).toBe(false);
      subscriber.options.retryStrategy = retryStrategy;
      await expect.poll(() => nodeA!.app.bus.isReady(), { timeout: 5_000 }).toBe(true);
      // Node A heard nothing, yet must not answer from memory: its subscription was interrupted.
      const tv = await tvListeningAt(nodeA!.wsUrl, start.device_code);
      expect(await tv.next('approved')).toMatchObject({ token_type: 'Bearer' });
    });

    it('a TV that listened on another node and comes back to the issuing node is not answered from memory there', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const start = await startPairing(nodeA!.baseUrl);
      const onB = await tvListeningAt(nodeB!.wsUrl, start.device_code);
      await onB.next('pending');
      await onB.close();
      // Approved while the TV is between sockets: the event goes to node B, which has no TV now.
      const phone = await signedInPhone(nodeB!.baseUrl);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      const backOnA = await tvListeningAt(nodeA!.wsUrl, start.device_code);
      expect(await backOnA.next('approved')).toMatchObject({ token_type: 'Bearer' });
    });

    it('a code the TV left before its first listen is ended at that listen', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const start = await startPairing(node!.baseUrl);
      const left = await request(node!.baseUrl).post('/api/tv/leave').type('form').send({ device_code: start.device_code });
      expect(left.status).toBe(204);
      await settle(100);
      const tv = await tvListeningAt(node!.wsUrl, start.device_code);
      expect(await tv.next('expired')).toMatchObject({ code: 'TV-102' });
    });

    it('a first listen with a forged device code is refused, and the TV with the real one is still told and signed in', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const start = await startPairing(node!.baseUrl);
      const [userCode] = start.device_code.split('.');
      const forger = await tvListeningAt(node!.wsUrl, `${userCode}.${'A'.repeat(43)}`);
      expect(await forger.next('error')).toMatchObject({ code: 'TV-105' });
      const tv = await tvListeningAt(node!.wsUrl, start.device_code);
      await tv.next('pending');
      const phone = await signedInPhone(node!.baseUrl);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      await tv.next('approved');
      expect(forger.count('approved')).toBe(0);
    });

    it('hands the same tokens again, on another node, to a TV whose socket died before it said received', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const { start, tv: onA } = await waitingTv(nodeA!);
      const phone = await signedInPhone(nodeB!.baseUrl);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      const first = await onA.next('approved');
      // The push reached the socket but the TV never confirmed (its socket or node died).
      await onA.close();
      const onB = await tvAt(nodeB!.wsUrl);
      onB.listen(start.device_code);
      const second = await onB.next('approved');
      expect(second).toEqual(first);
      const account = await nodeA!.app.services.accounts.findByLogin(DEMO_ACCOUNT.email);
      const devices = await nodeA!.app.services.deviceSessions.list(account!.id);
      expect(devices.filter((device) => device.deviceName === 'Living room TV')).toHaveLength(1);
      // The refresh token handed out (twice) is the one the device session knows.
      const refreshed = await request(nodeB!.baseUrl).post('/oauth/token').type('form')
        .send({ grant_type: 'refresh_token', refresh_token: second.refresh_token, client_id: 'tv' });
      expect(refreshed.status).toBe(200);
      // Someone with only the user code gets nothing.
      const stranger = await tvAt(nodeB!.wsUrl);
      stranger.listen(`${start.user_code.replace('-', '')}.${'A'.repeat(43)}`);
      expect(await stranger.next('error')).toMatchObject({ code: 'TV-105' });
    });

    it('two approvals at once: one succeeds, the TV gets one token', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const { start, tv } = await waitingTv(node!);
      const [phoneA, phoneB] = await Promise.all([signedInPhone(node!.baseUrl), signedInPhone(node!.baseUrl)]);
      const results = await Promise.all([phoneA.decide(start.user_code, 'approve'), phoneB.decide(start.user_code, 'approve')]);
      expect(results.map((r) => r.status).sort()).toEqual([303, 400]);
      await tv.next('approved');
      await settle(200);
      expect(tv.count('approved')).toBe(1);
    });

    it('two sockets claiming one code at once: one token set, one device session', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const start = await startPairing(node!.baseUrl);
      const tvA = await tvAt(node!.wsUrl);
      const tvB = await tvAt(node!.wsUrl);
      tvA.listen(start.device_code);
      tvB.listen(start.device_code);
      await Promise.all([tvA.next('pending'), tvB.next('pending')]);
      const phone = await signedInPhone(node!.baseUrl);
      await phone.decide(start.user_code, 'approve');
      await settle(300);
      // Both hold the device code, so either may be handed the sign-in; it is minted once.
      const tokens = [...tvA.messages, ...tvB.messages].filter((m) => m.type === 'approved');
      expect(tokens.length).toBeGreaterThanOrEqual(1);
      expect(new Set(tokens.map((t) => JSON.stringify(t))).size).toBe(1);
    });

    it('crosses nodes: the TV listens on one node, the phone approves on another', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const { start, tv } = await waitingTv(nodeA!);
      const phone = await signedInPhone(nodeB!.baseUrl);
      await phone.enterCode(start.user_code);
      await tv.next('scanned');
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      const token = await tv.next('approved');
      expect(await nodeB!.app.services.accessTokens.verify(token.access_token)).toMatchObject({ clientId: 'tv' });
    });

    it('follows a TV that reconnects to another node before the approval', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const { start, tv: onA } = await waitingTv(nodeA!);
      await onA.close();
      const onB = await tvAt(nodeB!.wsUrl);
      onB.listen(start.device_code);
      await onB.next('pending');
      const phone = await signedInPhone(nodeA!.baseUrl);
      await phone.decide(start.user_code, 'approve');
      await onB.next('approved');
    });

    it('a TV switched off while waiting: its code ends after the grace period and the phone hears TV-112', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const { start, tv } = await waitingTv(nodeA!);
      const phone = await signedInPhone(nodeB!.baseUrl);
      expect((await phone.enterCode(start.user_code)).status).toBe(303);
      await tv.next('scanned');
      // Switched off: the socket closes and nothing comes back (no /api/tv/leave either).
      await tv.close();
      await expect.poll(() => nodeA!.app.services.listeners.size()).toBe(0);
      await nodeA!.app.services.listeners.settle();
      cluster.clock.advance(TV_GONE_GRACE_MS - 1);
      expect((await nodeB!.app.services.pairings.read(start.user_code))?.state).toBe('scanned');
      cluster.clock.advance(1);

      const refused = await phone.decide(start.user_code, 'approve');
      expect(refused.status).toBe(400);
      expect(refused.text).toContain('TV-112');
      expect((await nodeB!.app.services.pairings.read(start.user_code))?.tvLeftAt).toBeDefined();
      // A TV that comes back after all is told its code ended (and asks for a new one).
      const late = await tvAt(nodeB!.wsUrl);
      late.listen(start.device_code);
      expect(await late.next('expired')).toMatchObject({ code: 'TV-102' });
    });

    it('a TV whose socket drops and that listens again on another node within the grace period keeps its code', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const { start, tv } = await waitingTv(nodeA!);
      await tv.close();
      await expect.poll(() => nodeA!.app.services.listeners.size()).toBe(0);
      await nodeA!.app.services.listeners.settle();
      cluster.clock.advance(TV_GONE_GRACE_MS - 1_000);
      const back = await tvAt(nodeB!.wsUrl);
      back.listen(start.device_code);
      await back.next('pending');
      cluster.clock.advance(5 * TV_GONE_GRACE_MS);
      const phone = await signedInPhone(nodeA!.baseUrl);
      expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
      const token = await back.next('approved');
      expect(await nodeA!.app.services.accessTokens.verify(token.access_token)).toMatchObject({ clientId: 'tv' });
    });
  });
}
