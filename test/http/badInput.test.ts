import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv } from '../helpers/tvSocket.ts';
import { Browser, startPairing } from '../helpers/companion.ts';

// Garbage in: every answer is a 4xx with a stable code and plain words, never a 5xx or a crash.

const embedded = BACKENDS.find((b) => b.name === 'ioredis-mock')!;

describe('bad input gets a clear 4xx', () => {
  let cluster: TestCluster;
  let baseUrl: string;
  let wsUrl: string;
  beforeAll(async () => {
    cluster = await startCluster(embedded);
    baseUrl = cluster.nodes[0]!.baseUrl;
    wsUrl = cluster.nodes[0]!.wsUrl;
  });
  afterAll(() => cluster.close());

  it.each([
    ['unknown client', { client_id: 'nope' }, 401, 'invalid_client', 'TV-401'],
    ['missing client', {}, 401, 'invalid_client', 'TV-401'],
    ['client_id given twice', 'client_id=tv&client_id=tv', 401, 'invalid_client', 'TV-401'],
    ['device name too long', { client_id: 'tv', device_name: 'x'.repeat(65) }, 400, 'invalid_request', 'TV-400'],
    ['scope with bad characters', { client_id: 'tv', scope: 'a\\b' }, 400, 'invalid_request', 'TV-400'],
  ])('device authorization: %s', async (_name, body, status, error, code) => {
    const response = await request(baseUrl).post('/oauth/device_authorization').type('form').send(body);
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ error, code });
    expect(response.body.error_description).toEqual(expect.any(String));
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('device authorization refuses JSON, broken JSON and huge bodies with 4xx', async () => {
    const json = await request(baseUrl).post('/oauth/device_authorization').send({ client_id: 'tv' });
    expect(json.status).toBe(400);
    expect(json.body.code).toBe('TV-400');
    const broken = await request(baseUrl).post('/oauth/device_authorization').set('Content-Type', 'application/json').send('{"client_id":');
    expect(broken.status).toBe(400);
    const huge = await request(baseUrl).post('/oauth/device_authorization').type('form').send(`client_id=tv&device_name=${'x'.repeat(20_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('TV-413');
  });

  it('unknown pages are a 404 page with a code', async () => {
    const response = await request(baseUrl).get('/no/such/page');
    expect(response.status).toBe(404);
    expect(response.text).toContain('TV-404');
  });

  it('refuses forms without a valid CSRF token', async () => {
    const browser = new Browser(baseUrl);
    await browser.csrf();
    const missing = await browser.agent.post('/tv8').type('form').send({ code: 'BCDFGHJK' });
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('TV-203');
    const forged = await browser.agent.post('/tv8').type('form').send({ code: 'BCDFGHJK', _csrf: 'forged' });
    expect(forged.status).toBe(403);
    const crossSite = await browser.agent.post('/login').set('Origin', 'https://evil.example').type('form').send({ _csrf: await browser.csrf('/login') });
    expect(crossSite.status).toBe(403);
  });

  it('answers a wrong code, an odd value type and a missing field with one clear message', async () => {
    const browser = new Browser(baseUrl);
    const _csrf = await browser.csrf();
    for (const body of [{ code: 'BCDF-GHJK', _csrf }, { code: '!!', _csrf }, { _csrf }, `code=a&code=b&_csrf=${_csrf}`]) {
      const response = await browser.agent.post('/tv8').type('form').send(body);
      expect(response.status).toBe(400);
      expect(response.text).toContain('TV-100');
    }
  });

  it('confirm and done pages with garbage are 4xx, not 5xx', async () => {
    const browser = new Browser(baseUrl);
    await browser.signIn('demo@example.com', 'watch-tv-demo-2026');
    expect((await browser.agent.get('/tv8/confirm?code=%%%')).status).toBe(400);
    expect((await browser.agent.get('/tv8/confirm?code[]=x')).status).toBe(400);
    expect((await browser.agent.get('/tv8/done?code=BCDFGHJK')).status).toBe(400);
    const _csrf = await browser.csrf();
    const odd = await browser.agent.post('/tv8/confirm').type('form').send({ code: 'BCDFGHJK', decision: 'maybe', _csrf });
    expect(odd.status).toBe(400);
    expect(odd.text).toContain('TV-400');
  });

  it('a wrong password says so, with a code and the way to password help', async () => {
    const browser = new Browser(baseUrl);
    const response = await browser.signIn('demo@example.com', 'WATCH-TV-DEMO-2026');
    expect(response.status).toBe(401);
    expect(response.text).toContain('TV-200');
    expect(response.text).toContain('href="/loginhelp"');
    const unknown = await browser.signIn('nobody@example.com', 'watch-tv-demo-2026');
    expect(unknown.status).toBe(401);
    expect(unknown.text.replace(/value="[^"]*"/g, '')).toBe(response.text.replace(/value="[^"]*"/g, '').replace('demo@example.com', 'nobody@example.com'));
  });

  it('never redirects to another site after sign-in', async () => {
    for (const next of ['//evil.example/x', 'https://evil.example', '/\\evil.example']) {
      // A browser each: the CSRF cookie is a new one after every sign-in.
      const browser = new Browser(baseUrl);
      const _csrf = await browser.csrf('/login');
      const response = await browser.agent.post('/login').type('form').send({ login: 'demo@example.com', password: 'watch-tv-demo-2026', next, _csrf });
      expect(response.headers.location).toBe('/');
    }
  });

  it('WebSocket: unreadable messages get TV-110, unknown device codes TV-105', async () => {
    const tv = await TestTv.connect(wsUrl);
    tv.send('not json');
    expect(await tv.next('error')).toMatchObject({ code: 'TV-110', error: 'invalid_request' });
    tv.messages.length = 0;
    tv.send(JSON.stringify({ type: 'listen', device_code: 'BCDFGHJK.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    expect(await tv.next('error')).toMatchObject({ code: 'TV-105' });
    await tv.close();
  });

  it('WebSocket: refuses other sites, other paths and oversized messages', async () => {
    await expect(TestTv.connect(wsUrl, { Origin: 'https://evil.example' })).rejects.toThrow('403');
    await expect(TestTv.connect(wsUrl.replace('/ws/tv', '/ws/other'))).rejects.toThrow('404');
    const sameSite = await TestTv.connect(wsUrl, { Origin: baseUrl });
    await sameSite.close();
    const tv = await TestTv.connect(wsUrl);
    const closed = new Promise<number>((resolve) => tv.socket.once('close', (code) => resolve(code)));
    tv.send(JSON.stringify({ type: 'listen', device_code: 'x'.repeat(5000) }));
    expect(await closed).toBe(1009);
  });
});

describe('rate limits', () => {
  let cluster: TestCluster;
  afterEach(() => cluster.close());

  it('stop code guessing per IP, and allow it again once the sliding window has passed', async () => {
    cluster = await startCluster(embedded);
    const { baseUrl } = cluster.nodes[0]!;
    const start = await startPairing(baseUrl);
    const browser = new Browser(baseUrl);
    const _csrf = await browser.csrf();
    for (let i = 0; i < 30; i++) {
      const guess = await browser.agent.post('/tv8').type('form').send({ code: 'BCDFGHJK', _csrf });
      expect(guess.status).toBe(400);
    }
    const blocked = await browser.agent.post('/tv8').type('form').send({ code: start.user_code, _csrf });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('TV-101');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    cluster.clock.advance(2 * 600_000);
    const fresh = await startPairing(baseUrl);
    const later = await browser.agent.post('/tv8').type('form').send({ code: fresh.user_code, _csrf });
    expect(later.status).toBe(303);
  });

  it('stop password guessing per login before hashing', async () => {
    cluster = await startCluster(embedded);
    const browser = new Browser(cluster.nodes[0]!.baseUrl);
    for (let i = 0; i < 10; i++) expect((await browser.signIn('demo@example.com', `wrong-${i}-password`)).status).toBe(401);
    const blocked = await browser.signIn('demo@example.com', 'watch-tv-demo-2026');
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('TV-201');
  });
});
