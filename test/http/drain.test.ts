import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { WebSignIn, type DeviceCode } from '../../tv-client/src/webSignIn.ts';
import type { TokenResponse } from '../../shared/protocol.ts';

// A node drains (what SIGTERM does in main.ts): the TV app's own sign-in code, talking to the node
// through a stand-in load balancer, is closed with 1012, reconnects at once to the other node,
// listens there with the same code, and the approval reaches it.

const real = BACKENDS.find((backend) => backend.name === 'redis')!;

describe.skipIf(!real.available)('graceful drain (real Redis)', () => {
  let cluster: TestCluster;
  afterEach(async () => {
    await cluster?.close();
  });

  it('moves waiting TVs to another node at once (1012) and loses nothing', { timeout: 30_000 }, async () => {
    cluster = await startCluster(real, { count: 2 });
    const [nodeA, nodeB] = cluster.nodes as [(typeof cluster.nodes)[0], (typeof cluster.nodes)[0]];
    // The load balancer: every new connection goes to A until A drains, then to B.
    let target = nodeA;
    const closeCodes: number[] = [];
    const codes: DeviceCode[] = [];
    const signedIn: TokenResponse[] = [];
    const tvs = Array.from({ length: 5 }, (_, i) =>
      new WebSignIn(
        { code: (code) => codes.push(code), scanned() {}, approved: (tokens) => void signedIn.push(tokens), denied() {}, connection() {} },
        { name: `Drain TV ${i}`, model: 'test' },
        {
          get baseUrl() {
            return target.baseUrl;
          },
          openSocket(url) {
            const socket = new NodeWebSocket(url);
            socket.on('close', (code) => closeCodes.push(code));
            return socket as unknown as WebSocket;
          },
        },
      ),
    );
    tvs.forEach((tv) => tv.start());
    await expect.poll(() => nodeA.app.services.listeners.size(), { timeout: 10_000 }).toBe(5);

    target = nodeB;
    const drainedAt = Date.now();
    await nodeA.app.close();
    await expect.poll(() => nodeB.app.services.listeners.size(), { timeout: 5_000 }).toBe(5);
    expect(Date.now() - drainedAt).toBeLessThan(5_000);
    expect(closeCodes).toEqual([1012, 1012, 1012, 1012, 1012]);
    expect(codes).toHaveLength(5);

    const phone = new Browser(nodeB.baseUrl);
    await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    for (const code of codes) expect((await phone.decide(code.user_code, 'approve')).status).toBe(303);
    await expect.poll(() => signedIn.length, { timeout: 10_000 }).toBe(5);
    tvs.forEach((tv) => tv.stop());
  });
});
