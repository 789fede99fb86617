import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { startPairing } from '../helpers/companion.ts';
import { TV_SOCKET_LIMITS } from '../../server/realtime/tvSocketServer.ts';
import { TV_GONE_GRACE_MS } from '../../server/realtime/pairingListeners.ts';

// Issue 12, item 5: the TV WebSocket caps open sockets per client address (TRUST_PROXY honoured),
// closes sockets that say nothing, and drops sockets that stop answering pings.

const embedded = BACKENDS[0]!;
const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

describe('TV WebSocket limits', () => {
  let cluster: TestCluster;
  const open: TestTv[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((tv) => tv.close()));
    await cluster?.close();
  });

  it('caps open sockets per address, generously, and counts the address behind a trusted proxy', async () => {
    cluster = await startCluster(embedded, { env: { TRUST_PROXY: 'loopback' } });
    const { wsUrl } = cluster.nodes[0]!;
    expect(TV_SOCKET_LIMITS.maxSocketsPerAddress).toBeGreaterThanOrEqual(16);
    const household = { 'X-Forwarded-For': '198.51.100.20' };
    for (let i = 0; i < TV_SOCKET_LIMITS.maxSocketsPerAddress; i++) open.push(await TestTv.connect(wsUrl, household));
    await expect(TestTv.connect(wsUrl, household)).rejects.toThrow('429');
    // Another address behind the same proxy is not affected.
    open.push(await TestTv.connect(wsUrl, { 'X-Forwarded-For': '198.51.100.21' }));
    // A socket that closes frees its place.
    await open.shift()!.close();
    await expect.poll(async () => {
      try {
        open.push(await TestTv.connect(wsUrl, household));
        return true;
      } catch {
        return false;
      }
    }).toBe(true);
    expect(cluster.nodes[0]!.app.services.securityCounters.snapshot().websocket_refused).toBeGreaterThanOrEqual(1);
  });

  it('closes a socket that says nothing, and keeps one that listened', async () => {
    cluster = await startCluster(embedded, { deps: { tvSocketLimits: { firstMessageTimeoutMs: 1000 } } });
    const node = cluster.nodes[0]!;
    const start = await startPairing(node.baseUrl);
    const talking = await TestTv.connect(node.wsUrl);
    talking.listen(start.device_code);
    open.push(talking);
    const silent = await TestTv.connect(node.wsUrl);
    await talking.next('pending');
    expect(await closeCode(silent.socket)).toBe(1008);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(talking.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('drops a socket that stops answering pings', async () => {
    cluster = await startCluster(embedded, { deps: { tvSocketLimits: { heartbeatMs: 1000 } } });
    const node = cluster.nodes[0]!;
    const dead = new WebSocket(node.wsUrl, { autoPong: false });
    await new Promise((resolve) => dead.once('open', resolve));
    dead.send(JSON.stringify({ type: 'listen', device_code: 'nothing' }));
    const answering = await TestTv.connect(node.wsUrl);
    open.push(answering);
    answering.listen('nothing');
    expect(await closeCode(dead)).toBe(1006);
    expect(answering.socket.readyState).toBe(WebSocket.OPEN);
  });

  it('spreads the pings of sockets that connected together over the interval instead of pinging them all at once', async () => {
    // A node's TVs reconnect together after a restart; pinging them all in one tick (17,000
    // socket writes on a full node) held its event loop, and the tokens pushed meanwhile.
    cluster = await startCluster(embedded, { deps: { tvSocketLimits: { waitingHeartbeatMs: 1000, heartbeatMs: 1000 } } });
    const node = cluster.nodes[0]!;
    const sockets = await Promise.all(Array.from({ length: 30 }, () => new Promise<WebSocket>((resolve) => {
      const socket = new WebSocket(node.wsUrl);
      socket.once('open', () => resolve(socket));
    })));
    const connectedAt = Date.now();
    const firstPingAfterMs = await Promise.all(sockets.map((socket) => new Promise<number>((resolve) => {
      socket.once('ping', () => resolve(Date.now() - connectedAt));
      socket.send(JSON.stringify({ type: 'listen', device_code: 'nothing' }));
    })));
    for (const socket of sockets) socket.close();
    // Every socket is pinged within one interval (and a tick) of connecting…
    expect(Math.max(...firstPingAfterMs)).toBeLessThan(1_000 + 300);
    // …and at its own moment: spread over the interval, never most of them in one tenth of it.
    expect(Math.max(...firstPingAfterMs) - Math.min(...firstPingAfterMs)).toBeGreaterThan(500);
    const perTenth = new Map<number, number>();
    for (const ms of firstPingAfterMs) perTenth.set(Math.floor(ms / 100), (perTenth.get(Math.floor(ms / 100)) ?? 0) + 1);
    expect(Math.max(...perTenth.values())).toBeLessThanOrEqual(12);
  });

  it('pings a TV waiting for its code more often: one that vanishes without a goodbye ends its code soon after', async () => {
    cluster = await startCluster(embedded, { deps: { tvSocketLimits: { waitingHeartbeatMs: 300, heartbeatMs: 60_000 } } });
    const node = cluster.nodes[0]!;
    const start = await startPairing(node.baseUrl);
    // Switched off: the socket stays open at the TCP level but nothing answers any more.
    const switchedOff = new WebSocket(node.wsUrl, { autoPong: false });
    await new Promise((resolve) => switchedOff.once('open', resolve));
    switchedOff.send(JSON.stringify({ type: 'listen', device_code: start.device_code }));
    const startedAt = Date.now();
    expect(await closeCode(switchedOff)).toBe(1006);
    const foundMs = Date.now() - startedAt;
    expect(foundMs).toBeLessThan(2_000);
    await expect.poll(() => node.app.services.listeners.size()).toBe(0);
    await node.app.services.listeners.settle();
    cluster.clock.advance(TV_GONE_GRACE_MS);
    expect(await node.app.services.pairings.read(start.user_code)).toMatchObject({ state: 'expired', tvLeftAt: expect.any(Number) });

    // A signed-in TV that does not answer either keeps the long interval (60 s here).
    const signedIn = new WebSocket(node.wsUrl, { autoPong: false });
    await new Promise((resolve) => signedIn.once('open', resolve));
    signedIn.send(JSON.stringify({ type: 'session', access_token: 'not-a-token' }));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(signedIn.readyState).toBe(WebSocket.OPEN);
    signedIn.close();
    console.info(`a waiting TV that stopped answering was dropped after ${foundMs} ms (waiting ping 300 ms)`);
  });
});
