import { afterEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster, type TestNode } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { LOGIN_FREE_FAILURES, LOGIN_MAX_DELAY_SECONDS, SIGN_IN_LIMITS } from '../../server/security/signInGuard.ts';

// Issue 12, item 2: knowing a login must not let anyone keep its owner out. Only failures count;
// login+address is limited tightly (and cleared by a success), the login alone only slows down
// with growing delays; windows slide. Through /login and the TV's remote sign-in alike.

for (const backend of BACKENDS) {
  // Every sign-in hashes a password (scrypt): slow on a busy machine, so a generous timeout.
  describe.skipIf(!backend.available)(`sign-in guard on ${backend.name}`, { timeout: 120_000 }, () => {
    let cluster: TestCluster;
    afterEach(() => cluster?.close());

    async function start(): Promise<TestNode> {
      cluster = await startCluster(backend, { env: { TRUST_PROXY: 'loopback' } });
      return cluster.nodes[0]!;
    }

    function browserAt(node: TestNode, ip: string) {
      const browser = new Browser(node.baseUrl);
      browser.agent.set('X-Forwarded-For', ip);
      return browser;
    }

    const remote = (node: TestNode, ip: string, password: string) =>
      request(node.baseUrl).post('/api/tv/signin').set('X-Forwarded-For', ip).send({ client_id: 'tv', login: DEMO_ACCOUNT.email, password });

    it('successful sign-ins use up nothing', async () => {
      const node = await start();
      for (let i = 0; i < SIGN_IN_LIMITS.perLoginAndIp.limit + 5; i++) {
        expect((await browserAt(node, '198.51.100.7').signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      }
    });

    it('ten wrong passwords from the attacker\'s address do not lock the owner out elsewhere', async () => {
      const node = await start();
      const attacker = browserAt(node, '203.0.113.66');
      for (let i = 0; i < SIGN_IN_LIMITS.perLoginAndIp.limit; i++) expect((await attacker.signIn(DEMO_ACCOUNT.email, `wrong-${i}`)).status).toBe(401);
      // The attacker's own address is stopped, even with the right password…
      const stopped = await attacker.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      expect(stopped.status).toBe(429);
      expect(stopped.text).toContain('TV-201');
      expect((await remote(node, '203.0.113.66', DEMO_ACCOUNT.password)).status).toBe(429);
      // …the owner, at home, is not: on the companion and on the TV.
      expect((await browserAt(node, '198.51.100.7').signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      expect((await remote(node, '198.51.100.7', DEMO_ACCOUNT.password)).status).toBe(200);
    });

    it('a success clears its login+address count', async () => {
      const node = await start();
      // Two rounds at once: without the reset the second round's typos would pass the tight limit.
      // (Both rounds together stay under the login-wide free failures, so no delay comes into it.)
      expect(2 * (SIGN_IN_LIMITS.perLoginAndIp.limit - 1)).toBeLessThan(LOGIN_FREE_FAILURES);
      for (let round = 0; round < 2; round++) {
        const owner = browserAt(node, '198.51.100.8');
        for (let i = 0; i < SIGN_IN_LIMITS.perLoginAndIp.limit - 1; i++) expect((await owner.signIn(DEMO_ACCOUNT.email, `typo-${i}`)).status).toBe(401);
        expect((await owner.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      }
    });

    it('many addresses guessing one login meet growing delays, never a lock: the owner gets in after the wait', async () => {
      const node = await start();
      let address = 0;
      const guessFromNewAddress = () => remote(node, `10.0.${address >> 8}.${address++ & 255}`, 'not-the-password');
      for (let i = 0; i < LOGIN_FREE_FAILURES; i++) expect((await guessFromNewAddress()).status).toBe(401);
      const waits: number[] = [];
      for (let i = 0; i < 9; i++) {
        expect((await guessFromNewAddress()).status).toBe(401);
        const delayed = await guessFromNewAddress();
        expect(delayed.status).toBe(429);
        expect(delayed.body.code).toBe('TV-201');
        waits.push(Number(delayed.headers['retry-after']));
        cluster.clock.advance(waits.at(-1)! * 1000);
      }
      expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, LOGIN_MAX_DELAY_SECONDS, LOGIN_MAX_DELAY_SECONDS]);
      // The owner, right after an attacker's guess, waits at most the longest delay and is in.
      expect((await guessFromNewAddress()).status).toBe(401);
      const owner = browserAt(node, '198.51.100.9');
      const waiting = await owner.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
      expect(waiting.status).toBe(429);
      expect(Number(waiting.headers['retry-after'])).toBeLessThanOrEqual(LOGIN_MAX_DELAY_SECONDS);
      cluster.clock.advance(Number(waiting.headers['retry-after']) * 1000);
      expect((await owner.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);
      expect(node.app.services.securityCounters.snapshot().sign_in_failures).toBe(LOGIN_FREE_FAILURES + 10);
    });

    it('the login+address window slides: no double budget at a clock boundary', async () => {
      const node = await start();
      const windowMs = SIGN_IN_LIMITS.perLoginAndIp.windowSeconds * 1000;
      cluster.clock.advance(windowMs - (cluster.clock.now() % windowMs) - 1000);
      const attacker = browserAt(node, '203.0.113.67');
      for (let i = 0; i < SIGN_IN_LIMITS.perLoginAndIp.limit; i++) expect((await attacker.signIn('someone@example.com', `wrong-${i}`)).status).toBe(401);
      cluster.clock.advance(2000);
      expect((await attacker.signIn('someone@example.com', 'wrong-again')).status).toBe(429);
    });
  });
}
