import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, testSigningKeys, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { Browser, startPairing } from '../helpers/companion.ts';
import { connectRedis, closeRedis } from '../../server/store/redisClient.ts';
import { loadConfig } from '../../server/config.ts';
import { createApp } from '../../app/createApp.ts';
import { generateSigningJwk } from '../../server/tokens/signingKeys.ts';

// What an operator's probes and scraper see: /healthz, /readyz and /metrics.

function metricValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`health and metrics on ${backend.name}`, () => {
    let cluster: TestCluster;
    afterEach(async () => cluster?.close());

    it('is live and ready once started, and counts a whole sign-in in /metrics', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      expect((await request(node!.baseUrl).get('/healthz')).status).toBe(200);
      const ready = await request(node!.baseUrl).get('/readyz');
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ready', checks: { redis: true, subscriptions: true, tvApp: true, serving: true } });

      const start = await startPairing(node!.baseUrl);
      const tv = await TestTv.connect(node!.wsUrl);
      tv.listen(start.device_code);
      await tv.next('pending');
      const phone = new Browser(node!.baseUrl);
      await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      await phone.enterCode(start.user_code);
      const during = (await request(node!.baseUrl).get('/metrics')).text;
      expect(metricValue(during, 'tv_signin_waiting_tvs')).toBe(1);
      expect(metricValue(during, 'tv_signin_websocket_connections')).toBe(1);
      await phone.decide(start.user_code, 'approve');
      await tv.next('approved');
      await tv.close();

      const after = await request(node!.baseUrl).get('/metrics');
      expect(after.status).toBe(200);
      expect(after.headers['content-type']).toContain('text/plain');
      for (const outcome of ['started', 'scanned', 'approved', 'delivered']) {
        expect(metricValue(after.text, `tv_signin_pairings_total{outcome="${outcome}"}`), outcome).toBe(1);
      }
      expect(metricValue(after.text, 'tv_signin_push_latency_seconds_count')).toBe(1);
      expect(metricValue(after.text, 'tv_signin_waiting_tvs')).toBe(0);
      expect(after.text).toContain('process_cpu_seconds_total');
    });

    it('counts rate-limit refusals by limit', async () => {
      cluster = await startCluster(backend);
      const [node] = cluster.nodes;
      let refused = 0;
      for (let i = 0; i < 70 && refused === 0; i++) {
        const response = await request(node!.baseUrl).post('/oauth/device_authorization').type('form').send({ client_id: 'tv' });
        if (response.status === 429) refused += 1;
      }
      expect(refused).toBe(1);
      const text = (await request(node!.baseUrl).get('/metrics')).text;
      expect(metricValue(text, 'tv_signin_rate_limit_refusals_total{limit="device-authorization-ip"}')).toBe(1);
    });
  });
}

describe('who may read /metrics', () => {
  async function appWith(env: Record<string, string>, metricsAccess?: Parameters<typeof createApp>[0]['metricsAccess']) {
    const redis = connectRedis(undefined);
    const app = createApp({ config: loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9', ...env }), redis, signingKeys: await testSigningKeys(), appSecret: 'test-secret-test-secret-test-secret', metricsAccess });
    return { app, close: () => closeRedis(redis) };
  }

  it('is open in development, off in production by default, and needs the bearer token when one is set', async () => {
    const development = await appWith({});
    expect((await request(development.app.express).get('/metrics')).status).toBe(200);
    await development.close();

    const production = await appWith({ NODE_ENV: 'production', SIGNING_KEY: JSON.stringify(await generateSigningJwk()), APP_SECRET: 'x'.repeat(32), REDIS_URL: 'redis://127.0.0.1:1', SMTP_URL: 'smtp://127.0.0.1:1', MAIL_FROM: 'a@b.c', SMS_WEBHOOK_URL: 'http://127.0.0.1:1' });
    expect((await request(production.app.express).get('/metrics')).status).toBe(404);
    await production.close();

    const token = 'operator-token-0123456789';
    const guarded = await appWith({}, { mode: 'token', token });
    expect((await request(guarded.app.express).get('/metrics')).status).toBe(401);
    expect((await request(guarded.app.express).get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    expect((await request(guarded.app.express).get('/metrics').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await guarded.close();
  });
});

describe('readiness without Redis', () => {
  it('says 503 with the reasons while Redis does not answer; /healthz still says 200', async () => {
    const redis = connectRedis('redis://127.0.0.1:1');
    redis.commands.on('error', () => {});
    redis.subscriber.on('error', () => {});
    const app = createApp({ config: loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9' }), redis, signingKeys: await testSigningKeys(), appSecret: 'test-secret-test-secret-test-secret' });
    void app.start().catch(() => {});
    expect((await request(app.express).get('/healthz')).status).toBe(200);
    const ready = await request(app.express).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.status).toBe('not_ready');
    expect(ready.body.checks).toMatchObject({ redis: false, subscriptions: false });
    expect(ready.body.reason).toContain('Redis did not answer');
    // Not app.close(): it would wait for the message queue to reach a Redis that is not there.
    redis.commands.disconnect();
    redis.subscriber.disconnect();
  });
});
