import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Redis } from 'ioredis';
import { BACKENDS, REAL_REDIS_URL } from '../helpers/redisBackends.ts';
import { startCluster, testSigningKeys, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { startPairing } from '../helpers/companion.ts';
import { connectRedis, closeRedis } from '../../server/store/redisClient.ts';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../app/createApp.ts';
import { createRedisKeys } from '../../server/store/keys.ts';

// What happens when Redis misbehaves: a clear 503 instead of a hang or a 500, and no token lost
// when the node's subscription drops at the moment of approval.

describe('Redis unreachable', () => {
  it('answers 503 TV-503 with a message that says it is not the password', async () => {
    const redis = connectRedis('redis://127.0.0.1:1');
    redis.commands.on('error', () => {});
    redis.subscriber.on('error', () => {});
    const app = createApp({
      config: loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9' }),
      redis,
      signingKeys: await testSigningKeys(),
      appSecret: 'test-secret-test-secret-test-secret',
    });
    const response = await request(app.express).post('/oauth/device_authorization').type('form').send({ client_id: 'tv' });
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({ error: 'temporarily_unavailable', code: 'TV-503' });
    expect(response.body.error_description).toContain('not a problem with your password');
    // A browser with a session needs Redis to find it; the page says what is wrong, plainly.
    const page = await request(app.express).get('/tv8').set('Cookie', `sid=${'x'.repeat(43)}`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('TV-503');
    redis.commands.disconnect();
    redis.subscriber.disconnect();
    await closeRedis(redis);
  });
});

const real = BACKENDS.find((b) => b.name === 'redis')!;
describe.skipIf(!real.available)('subscription dropped during approval (real Redis)', () => {
  let cluster: TestCluster;
  let tv: TestTv;
  afterEach(async () => {
    await tv?.close();
    await cluster?.close();
  });

  it('still delivers the token once the subscription is back, exactly once', async () => {
    cluster = await startCluster(real);
    const [node] = cluster.nodes;
    const start = await startPairing(node!.baseUrl);
    tv = await TestTv.connect(node!.wsUrl);
    tv.listen(start.device_code);
    await tv.next('pending');

    // Cut this node's subscriber connection (only it), then approve while it is gone: the
    // publish reaches nobody.
    const subscriberPort = (node!.connections.subscriber as unknown as { stream: { localPort: number } }).stream.localPort;
    const admin = new Redis(REAL_REDIS_URL);
    await admin.client('KILL', 'ADDR', `127.0.0.1:${subscriberPort}`);
    const channel = createRedisKeys(node!.prefix).nodeChannel('node-0');
    const [, subscribersAtApproval] = (await admin.pubsub('NUMSUB', channel)) as [string, number];
    expect(subscribersAtApproval).toBe(0);
    const account = await node!.app.services.accounts.findByLogin('demo@example.com');
    const decision = await node!.app.services.pairings.decide(start.user_code, 'approved', account!.id);
    expect(decision.ok).toBe(true);
    await admin.quit();

    const approved = await tv.next('approved', 10_000);
    expect(approved.access_token).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(tv.count('approved')).toBe(1);
  });
});
