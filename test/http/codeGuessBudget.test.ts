import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser, csrfTokenIn, startPairing } from '../helpers/companion.ts';
import { alarmThresholdPerMinute, CODE_GUESS_LIMITS } from '../../server/security/codeGuessBudget.ts';

const GLOBAL_PER_MINUTE = 100;

// Issue 12, item 1: every door that looks a TV code up (Continue, the confirm page, Start Watching
// and deny) spends the same per-IP, per-account and global guess budgets; a person's own code
// costs nothing; a global guess rate above normal shows in the counters and the log.

const WRONG = 'BCDFGHJK';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`code guess budgets on ${backend.name}`, { timeout: 120_000 }, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    /** A node that believes X-Forwarded-For from loopback, so one test can be many addresses. */
    async function start() {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback', CODE_GUESS_GLOBAL_PER_MINUTE: String(GLOBAL_PER_MINUTE) } });
      return cluster.nodes[0]!;
    }

    async function signedIn(baseUrl: string, ip: string) {
      const phone = new Browser(baseUrl);
      phone.agent.set('X-Forwarded-For', ip);
      expect((await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      return phone;
    }

    it('the confirm page (GET) counts per account across addresses, and then refuses even a live code', async () => {
      const node = await start();
      const live = await startPairing(node.baseUrl);
      const phone = await signedIn(node.baseUrl, '198.51.100.1');
      for (let i = 0; i < CODE_GUESS_LIMITS.perAccount.limit; i++) {
        // A different address for each guess: only the account budget can stop this.
        const guess = await phone.agent.get(`/tv8/confirm?code=${WRONG}`).set('X-Forwarded-For', `203.0.113.${i + 1}`);
        expect(guess.status).toBe(400);
        expect(guess.text).toContain('TV-100');
      }
      const refused = await phone.agent.get(`/tv8/confirm?code=${live.user_code}`).set('X-Forwarded-For', '203.0.113.200');
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('TV-101');
      expect(refused.text).not.toContain('Living room TV');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('Start Watching and deny with guessed codes (POST /tv8/confirm) count per address, shared with Continue', async () => {
      const node = await start();
      const live = await startPairing(node.baseUrl);
      const phone = await signedIn(node.baseUrl, '198.51.100.2');
      const _csrf = await phone.csrf();
      for (let i = 0; i < CODE_GUESS_LIMITS.perIp.limit / 2; i++) {
        const decision = i % 2 ? 'approve' : 'deny';
        expect((await phone.agent.post('/tv8/confirm').type('form').send({ code: WRONG, decision, _csrf })).status).toBe(400);
      }
      // Another account (none signed in) at the same address, guessing through Continue.
      const stranger = new Browser(node.baseUrl);
      stranger.agent.set('X-Forwarded-For', '198.51.100.2');
      const strangerCsrf = await stranger.csrf();
      for (let i = 0; i < CODE_GUESS_LIMITS.perIp.limit / 2; i++) {
        expect((await stranger.agent.post('/tv8').type('form').send({ code: WRONG, _csrf: strangerCsrf })).status).toBe(400);
      }
      const refused = await phone.agent.post('/tv8/confirm').type('form').send({ code: live.user_code, decision: 'approve', _csrf });
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('TV-101');
      // The live pairing was not touched.
      expect((await node.app.services.pairings.read(live.user_code))?.state).toBe('pending');
    });

    it('a person\'s own live code costs nothing, however often the pages are loaded', async () => {
      const node = await start();
      const live = await startPairing(node.baseUrl);
      const phone = await signedIn(node.baseUrl, '198.51.100.3');
      for (let i = 0; i < CODE_GUESS_LIMITS.perIp.limit + 5; i++) {
        expect((await phone.agent.get(`/tv8/confirm?code=${live.user_code}`)).status).toBe(200);
      }
      expect((await phone.enterCode(live.user_code)).status).toBe(303);
      expect((await phone.decide(live.user_code, 'approve')).status).toBe(303);
    });

    it('a global budget stops many addresses guessing once each, and the rate shows in counters and the log', async () => {
      const node = await start();
      const warnings: string[] = [];
      const logger = node.app.services.logger;
      const originalWarn = logger.warn.bind(logger);
      logger.warn = ((obj: unknown, msg?: string) => {
        warnings.push(String(msg ?? obj));
        return originalWarn(obj as object, msg);
      }) as typeof logger.warn;
      const csrfPage = await request(node.baseUrl).get('/tv8');
      const cookie = ([] as string[]).concat(csrfPage.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
      const _csrf = csrfTokenIn(csrfPage.text);
      const guess = (i: number) => request(node.baseUrl).post('/tv8').set('Cookie', cookie).set('X-Forwarded-For', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).type('form').send({ code: WRONG, _csrf });
      for (let i = 0; i < GLOBAL_PER_MINUTE; i += 25) {
        const batch = await Promise.all(Array.from({ length: 25 }, (_, j) => guess(i + j)));
        expect(batch.every((r) => r.status === 400)).toBe(true);
      }
      const refused = await guess(GLOBAL_PER_MINUTE + 1);
      expect(refused.status).toBe(429);
      const counters = node.app.services.securityCounters.snapshot();
      expect(counters.code_guess_misses).toBe(GLOBAL_PER_MINUTE);
      expect(counters['code_guess_refused{scope="global",door="continue"}']).toBe(1);
      expect(counters.code_guess_global_alarm).toBe(GLOBAL_PER_MINUTE - alarmThresholdPerMinute(GLOBAL_PER_MINUTE));
      expect(warnings.filter((w) => w.includes('above normal'))).toHaveLength(1);
      // …and in /metrics, for the operator's alerting.
      const scraped = await request(node.baseUrl).get('/metrics');
      expect(scraped.text).toMatch(/tv_signin_security_events_total\{event="code_guess_global_alarm",[^}]*\} [1-9]/);
      // A minute later the budget is back.
      cluster.clock.advance(2 * 60_000);
      expect((await guess(99_999)).status).toBe(400);
    });
  });
}
