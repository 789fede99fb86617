import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { signInOverWebSocket, userinfo } from '../helpers/deviceClient.ts';
import { DeviceSessionLink, revokeDevice, type TokenStore } from '../../tv-client/src/deviceSession.ts';
import { WebSignIn } from '../../tv-client/src/webSignIn.ts';
import { Browser } from '../helpers/companion.ts';
import type { TokenResponse } from '../../shared/protocol.ts';

// The TV app's own code for staying reachable (tv-client/src/deviceSession.ts), run under Node
// against real server nodes: it registers, refreshes an expired access token by itself, and
// forgets its tokens when the device is signed out elsewhere.

function memoryStore(initial: TokenResponse): TokenStore & { current: TokenResponse | null } {
  return {
    current: initial,
    load() {
      return this.current;
    },
    save(tokens) {
      this.current = tokens;
    },
    clear() {
      this.current = null;
    },
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`the TV app's device session link on ${backend.name}`, () => {
    let cluster: TestCluster;
    const links: DeviceSessionLink[] = [];
    afterEach(async () => {
      links.splice(0).forEach((link) => link.stop());
      await cluster?.close();
    });

    async function signedInTv(baseUrl: string, wsUrl: string, linkOrigin: string) {
      const tokens = await signInOverWebSocket(baseUrl, wsUrl);
      const store = memoryStore(tokens);
      let signedOut = 0;
      const link = new DeviceSessionLink({
        store,
        signedOut: () => (signedOut += 1),
        origin: linkOrigin,
        WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
      });
      links.push(link);
      return { tokens, store, link, signedOutCount: () => signedOut };
    }

    async function signOutEverywhere() {
      const { accounts, deviceSessions } = cluster.nodes[0]!.app.services;
      await deviceSessions.revokeAllFor((await accounts.findByLogin(DEMO_ACCOUNT.email))!.id);
    }

    it('registers on another node and returns to signed out when the account owner signs it out', async () => {
      cluster = await startCluster(backend, { count: 2 });
      const [nodeA, nodeB] = cluster.nodes;
      const tv = await signedInTv(nodeA!.baseUrl, nodeA!.wsUrl, nodeB!.baseUrl);
      tv.link.start();
      await expect.poll(() => nodeB!.app.services.deviceListeners.size()).toBe(1);
      await signOutEverywhere();
      await expect.poll(() => tv.signedOutCount()).toBe(1);
      expect(tv.store.current).toBeNull();
    });

    it('signed in from the web, stays reachable on the very socket its tokens came on', async () => {
      cluster = await startCluster(backend);
      const node = cluster.nodes[0]!;
      const store = memoryStore(null as unknown as TokenResponse);
      let signedOut = 0;
      const link = new DeviceSessionLink({ store, signedOut: () => (signedOut += 1), origin: node.baseUrl, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket });
      links.push(link);
      const codes: string[] = [];
      const signIn = new WebSignIn(
        {
          code: (code) => void codes.push(code.user_code), scanned() {}, denied() {}, connection() {},
          approved(tokens, socket) {
            store.save(tokens);
            link.start(socket);
            return true;
          },
        },
        { name: 'Node TV', model: 'test' },
        { baseUrl: node.baseUrl, openSocket: (url) => new WebSocket(url) as unknown as globalThis.WebSocket },
      );
      signIn.start();
      await expect.poll(() => codes.length).toBe(1);
      const phone = new Browser(node.baseUrl);
      await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      expect((await phone.decide(codes[0]!, 'approve')).status).toBe(303);
      await expect.poll(() => node.app.services.deviceListeners.size()).toBe(1);
      // One socket all along: the sign-in's, now registered for the device session.
      expect(node.app.sockets.connectionCount()).toBe(1);
      await signOutEverywhere();
      await expect.poll(() => signedOut).toBe(1);
      expect(store.current).toBeNull();
    });

    it('refreshes an expired access token by itself, then registers', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const tv = await signedInTv(node!.baseUrl, node!.wsUrl, node!.baseUrl);
      cluster.clock.advance(3600_000);
      tv.link.start();
      await expect.poll(() => node!.app.services.deviceListeners.size()).toBe(1);
      expect(tv.store.current?.refresh_token).not.toBe(tv.tokens.refresh_token);
      expect((await userinfo(node!.baseUrl, tv.store.current!.access_token)).status).toBe(200);
      expect(tv.signedOutCount()).toBe(0);
    });

    it('signed out while it was off, with an expired access token: the refresh fails and it signs out', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const tv = await signedInTv(node!.baseUrl, node!.wsUrl, node!.baseUrl);
      await signOutEverywhere();
      cluster.clock.advance(3600_000);
      tv.link.start();
      await expect.poll(() => tv.signedOutCount()).toBe(1);
      expect(tv.store.current).toBeNull();
    });

    it('Sign Out on the TV revokes the device on the server', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      const tokens = await signInOverWebSocket(node!.baseUrl, node!.wsUrl);
      await revokeDevice(tokens, node!.baseUrl);
      expect((await userinfo(node!.baseUrl, tokens.access_token)).status).toBe(401);
      const refreshed = await request(node!.baseUrl).post('/oauth/token').type('form')
        .send({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: 'tv' });
      expect(refreshed.status).toBe(400);
    });
  });
}
