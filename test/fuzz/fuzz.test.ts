import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import request from 'supertest';
import WebSocket from 'ws';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster, type TestNode } from '../helpers/testNode.ts';
import { csrfTokenIn } from '../helpers/companion.ts';
import { createWebSessions } from '../../server/accounts/webSessions.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import { routesOf, type Route } from './routes.ts';
import { MARKER, httpCase, wsMessage } from './fuzzInputs.ts';

// Issue 12, item 7: a seeded property-based fuzz of every HTTP endpoint (read from Express' router)
// and of TV WebSocket messages. It fails on a 5xx, a crash or unhandled rejection, input reflected
// unescaped into a page or header, or a redirect to another site. Small in `npm test`;
// `npm run fuzz` runs it long (FUZZ_RUNS, FUZZ_SEED to replay what a failure printed).

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const HTTP_RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const WS_RUNS = Math.max(20, Math.round(HTTP_RUNS / 3));
const LONG = HTTP_RUNS > 1000;

/** Lone surrogates cannot be put in a URL at all (encodeURIComponent throws): U+FFFD instead, as browsers do. */
const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');

describe(`fuzz (seed ${SEED}, ${HTTP_RUNS} HTTP and ${WS_RUNS} WebSocket cases)`, () => {
  let cluster: TestCluster;
  let node: TestNode;
  let routes: Route[];
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    cluster = await startCluster(BACKENDS[0]!);
    node = cluster.nodes[0]!;
    routes = routesOf(node.app.express);
    // Built once before fuzzing (esbuild), so no run waits for it.
    await request(node.baseUrl).get('/tv/app.js');
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await cluster?.close();
  });

  /** A browser's cookies and its CSRF token; signed in with a fresh session when asked. */
  async function browser(signedIn: boolean): Promise<{ cookie: string; csrf: string }> {
    const sessions = createWebSessions(node.connections.commands, createRedisKeys(node.prefix), cluster.clock);
    const account = await node.app.services.accounts.findByLogin(DEMO_ACCOUNT.email);
    const sid = signedIn ? `sid=${await sessions.start(account!.id)}` : '';
    const page = await request(node.baseUrl).get('/tv8').set('Cookie', sid);
    const csrfCookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).find((c) => c.startsWith('csrf='))!;
    return { cookie: [sid, csrfCookie].filter(Boolean).join('; '), csrf: csrfTokenIn(page.text) };
  }

  function assertSafeAnswer(route: string, response: request.Response) {
    expect(response.status, `${route} answered ${response.status}: ${response.text?.slice(0, 300)}`).toBeLessThan(500);
    const type = String(response.headers['content-type'] ?? '');
    if (!type.includes('json') && !type.includes('javascript')) {
      expect(response.text ?? '', `${route} reflected input unescaped`).not.toContain(MARKER);
    }
    for (const [name, value] of Object.entries(response.headers)) {
      expect(String(value), `${route} reflected input into the ${name} header`).not.toContain(MARKER);
    }
    const location = response.headers.location;
    if (location) {
      const target = new URL(location, node.baseUrl);
      expect(target.origin, `${route} redirected to ${location}`).toBe(new URL(node.baseUrl).origin);
    }
  }

  it('every HTTP endpoint: no 5xx, no reflected input, no redirect elsewhere', async () => {
    expect(routes.length).toBeGreaterThan(30);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 10_000 }), httpCase, async (pick, input) => {
        const route = routes[pick % routes.length]!;
        const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(wellFormed(String(input.pathParam))));
        const { cookie, csrf } = await browser(input.signedIn);
        let call = (route.method === 'get' ? request(node.baseUrl).get(path) : request(node.baseUrl).post(path)).query(Object.fromEntries(Object.entries(input.query).map(([k, v]) => [k, wellFormed(v)]))).set('Cookie', cookie);
        if (input.headers.origin) call = call.set('Origin', input.headers.origin);
        if (input.headers.acceptLanguage) call = call.set('Accept-Language', input.headers.acceptLanguage);
        if (input.headers.authorization) call = call.set('Authorization', input.headers.authorization.replace(/[^\x20-\x7e]/g, '?'));
        if (route.method === 'post') {
          const body = { ...input.body, ...(input.validCsrf ? { _csrf: csrf } : {}) };
          if (input.bodyKind === 'form') call = call.type('form').send(body as object);
          else if (input.bodyKind === 'json') call = call.type('json').send(body as object);
          else if (input.bodyKind === 'garbage') call = call.set('Content-Type', 'application/x-www-form-urlencoded').send(input.garbage);
        }
        assertSafeAnswer(`${route.method.toUpperCase()} ${route.path}`, await call);
        // Cookies and rate limits must not build up into a wall that hides everything else.
        cluster.clock.advance(60 * 60_000);
      }),
      { seed: SEED, numRuns: HTTP_RUNS, endOnFailure: true },
    );
    expect((await request(node.baseUrl).get('/tv8')).status).toBe(200);
    expect(rejections).toEqual([]);
  }, LONG ? 24 * 3600_000 : 240_000);

  it('TV WebSocket messages: answered or closed cleanly, never a crash or reflected input', async () => {
    const allowedTypes = new Set(['pending', 'scanned', 'approved', 'denied', 'expired', 'signed_out', 'session_active', 'error']);
    await fc.assert(
      fc.asyncProperty(fc.array(wsMessage, { minLength: 1, maxLength: 5 }), async (messages) => {
        const socket = new WebSocket(node.wsUrl);
        const received: string[] = [];
        socket.on('message', (data) => received.push(data.toString()));
        const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        for (const message of messages) if (socket.readyState === WebSocket.OPEN) socket.send(message);
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (socket.readyState === WebSocket.OPEN) socket.close();
        const code = await closed;
        expect([1000, 1005, 1008, 1009]).toContain(code);
        for (const text of received) {
          expect(text).not.toContain(MARKER);
          expect(allowedTypes.has((JSON.parse(text) as { type: string }).type)).toBe(true);
        }
      }),
      { seed: SEED, numRuns: WS_RUNS, endOnFailure: true },
    );
    expect(rejections).toEqual([]);
  }, LONG ? 24 * 3600_000 : 120_000);
});
