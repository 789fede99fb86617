import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { Browser, csrfTokenIn, startPairing } from '../helpers/companion.ts';
import { privateRedisAvailable, privateRedisBackend } from '../helpers/privateRedisBackend.ts';
import type { PrivateRedis } from '../../bench/lib/privateRedis.ts';

// Redis hangs (SIGSTOP on a redis-server of the test's own): every request answers 503 with
// Retry-After and TV-503 after the command timeout instead of hanging, a waiting TV is told and
// keeps its code, and the node is ready again within a second of Redis answering.

/** The command timeout is 1 s; the bound leaves room for a busy shared machine. */
const ANSWER_WITHIN_MS = 3_000;

describe.skipIf(!privateRedisAvailable)('Redis paused', () => {
  let redis: PrivateRedis;
  let cluster: TestCluster;
  let tv: TestTv;
  afterAll(async () => {
    redis?.resume();
    await tv?.close();
    await cluster?.close();
    await redis?.stop();
  });
  beforeAll(async () => {
    const made = await privateRedisBackend();
    redis = made.redis;
    cluster = await startCluster(made.backend);
  });

  it('answers 503 + Retry-After + TV-503 within about a second everywhere, tells waiting TVs, and recovers', { timeout: 60_000 }, async () => {
    const node = cluster.nodes[0]!;
    const phone = new Browser(node.baseUrl);
    expect((await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
    const stranger = request.agent(node.baseUrl);
    const loginCsrf = csrfTokenIn((await stranger.get('/login')).text);
    const phoneCsrf = await phone.csrf('/tv8');
    const start = await startPairing(node.baseUrl);
    tv = await TestTv.connect(node.wsUrl);
    tv.listen(start.device_code);
    await tv.next('pending');

    redis.pause();
    try {
      const attempts: Array<[string, () => Promise<request.Response>]> = [
        ['POST /oauth/device_authorization', () => request(node.baseUrl).post('/oauth/device_authorization').type('form').send({ client_id: 'tv' })],
        ['POST /oauth/token', () => request(node.baseUrl).post('/oauth/token').type('form')
          .send({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: start.device_code, client_id: 'tv' })],
        ['POST /login', () => stranger.post('/login').type('form').send({ login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, next: '/', _csrf: loginCsrf })],
        ['GET /tv8 (signed in)', () => phone.agent.get('/tv8')],
        ['POST /tv8/confirm', () => phone.agent.post('/tv8/confirm').type('form').send({ code: start.user_code, decision: 'approve', _csrf: phoneCsrf })],
      ];
      const answers = await Promise.all(attempts.map(async ([name, send]) => {
        const startedAt = Date.now();
        const response = await send();
        return { name, response, ms: Date.now() - startedAt };
      }));
      for (const { name, response, ms } of answers) {
        expect(response.status, name).toBe(503);
        expect(response.headers['retry-after'], name).toBe('1');
        expect(response.text, name).toContain('TV-503');
        expect(ms, name).toBeLessThan(ANSWER_WITHIN_MS);
      }
      // A TV that listens again while Redis hangs is told, with a code, and keeps its code.
      tv.listen(start.device_code);
      expect(await tv.next('error', ANSWER_WITHIN_MS + 1_000)).toMatchObject({ code: 'TV-503', error: 'temporarily_unavailable' });
    } finally {
      redis.resume();
    }

    // Ready again within a second of Redis answering (the hung connection was dropped while
    // Redis hung and connects again; until then requests are refused at once, not queued).
    const resumedAt = Date.now();
    while ((await request(node.baseUrl).get('/readyz')).status !== 200 && Date.now() - resumedAt < 5_000) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now() - resumedAt).toBeLessThan(1_000);
    // Then the same code is approved and pushed, and new codes are issued.
    expect((await phone.decide(start.user_code, 'approve')).status).toBe(303);
    const approved = await tv.next('approved');
    expect(approved.access_token).toBeTruthy();
    expect((await request(node.baseUrl).post('/oauth/device_authorization').type('form').send({ client_id: 'tv' })).status).toBe(200);
  });
});
