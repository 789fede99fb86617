import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import { createRateLimiter, secondsUntilAllowed } from '../../server/http/rateLimiter.ts';

// The sliding-window rate limiter, on the embedded store and on real Redis alike (one Lua script).

const rule = { name: 'test-rule', limit: 10, windowSeconds: 60 };

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`rate limiter on ${backend.name}`, () => {
    const fixture = useStoreFixture(backend, (parts) => createRateLimiter(parts.connections.commands, parts.keys, parts.clock));

    it('allows the limit, refuses the next with a Retry-After, counts nothing refused', async () => {
      const { store: limiter } = fixture();
      for (let i = 0; i < 10; i++) expect((await limiter.consume(rule, 'a')).allowed).toBe(true);
      const refused = await limiter.consume(rule, 'a');
      expect(refused).toMatchObject({ allowed: false, count: 10 });
      expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect((await limiter.consume(rule, 'b')).allowed).toBe(true);
    });

    it('slides: a burst at a window boundary cannot spend two budgets (issue 12)', async () => {
      const { store: limiter, clock } = fixture();
      // The last second of a fixed window, then the first second of the next.
      clock.advance(60_000 - (clock.now() % 60_000) - 1000);
      for (let i = 0; i < 10; i++) expect((await limiter.consume(rule, 'a')).allowed).toBe(true);
      clock.advance(2000);
      expect((await limiter.consume(rule, 'a')).allowed).toBe(false);
      // The old window's weight slides out: half a window later, about half the budget is back.
      clock.advance(30_000);
      let allowed = 0;
      while ((await limiter.consume(rule, 'a')).allowed) allowed++;
      expect(allowed).toBeGreaterThanOrEqual(4);
      expect(allowed).toBeLessThanOrEqual(6);
      clock.advance(120_000);
      expect((await limiter.consume(rule, 'a')).count).toBe(1);
    });

    it('check counts nothing, record counts past the limit, refund gives one back, reset forgets', async () => {
      const { store: limiter } = fixture();
      for (let i = 0; i < 12; i++) await limiter.record(rule, 'a');
      expect(await limiter.check(rule, 'a')).toMatchObject({ allowed: false, count: 12 });
      await limiter.refund(rule, 'a');
      await limiter.refund(rule, 'a');
      await limiter.refund(rule, 'a');
      expect(await limiter.check(rule, 'a')).toMatchObject({ allowed: true, count: 9 });
      await limiter.reset(rule, 'a');
      expect((await limiter.check(rule, 'a')).count).toBe(0);
    });

    it('gate: free attempts, then one per growing delay (1 s, 2 s, 4 s … at most the cap)', async () => {
      const { store: limiter, clock } = fixture();
      const big = { name: 'gate', limit: 1_000_000, windowSeconds: 3600 };
      for (let i = 0; i < 3; i++) {
        expect((await limiter.gate(big, 'a', 3, 8)).allowed).toBe(true);
        await limiter.record(big, 'a');
      }
      const waits: number[] = [];
      for (let i = 0; i < 6; i++) {
        expect((await limiter.gate(big, 'a', 3, 8)).allowed).toBe(true);
        await limiter.record(big, 'a');
        const refused = await limiter.gate(big, 'a', 3, 8);
        expect(refused.allowed).toBe(false);
        waits.push(refused.retryAfterSeconds);
        clock.advance(refused.retryAfterSeconds * 1000);
      }
      expect(waits).toEqual([1, 2, 4, 8, 8, 8]);
    });

    it('gate: concurrent requests cannot share one slot', async () => {
      const { store: limiter } = fixture();
      const big = { name: 'gate', limit: 1_000_000, windowSeconds: 3600 };
      for (let i = 0; i < 5; i++) await limiter.record(big, 'a');
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.gate(big, 'a', 5, 60)));
      expect(results.filter((r) => r.allowed)).toHaveLength(1);
    });

    it('concurrent consumes never overshoot the limit', async () => {
      const { store: limiter } = fixture();
      const results = await Promise.all(Array.from({ length: 50 }, () => limiter.consume(rule, 'a')));
      expect(results.filter((r) => r.allowed)).toHaveLength(10);
    });

    const tagged = (name: string, limit: number) => ({ name, limit, windowSeconds: 60, hashTag: 'together' });

    it('checkTogether says what every rule allows and counts nothing; recordTogether counts on every rule', async () => {
      const { store: limiter } = fixture();
      const small = tagged('small', 2);
      const large = tagged('large', 100);
      const both = [[small, 'x'], [large, 'y']] as const;
      for (let i = 0; i < 3; i++) expect((await limiter.checkTogether(both)).every((r) => r.allowed)).toBe(true);
      expect(await limiter.check(large, 'y')).toMatchObject({ count: 0 });
      expect((await limiter.recordTogether(both)).map((r) => r.count)).toEqual([1, 1]);
      await limiter.recordTogether(both);
      const refused = await limiter.checkTogether(both);
      expect(refused[0]).toMatchObject({ allowed: false, count: 2 });
      expect(refused[0]!.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused[1]).toMatchObject({ allowed: true, count: 2, retryAfterSeconds: 0 });
      // Recording counts whatever the rules allow: a miss seen after the fact is a miss.
      const over = await limiter.recordTogether(both);
      expect(over[0]).toMatchObject({ allowed: false, count: 3 });
      expect(await limiter.check(large, 'y')).toMatchObject({ count: 3 });
    });

    it('recordTogether: concurrent records all count, three rules at once', async () => {
      const { store: limiter } = fixture();
      const checks = [[tagged('a', 7), 's'], [tagged('b', 50), 's'], [tagged('c', 50), 't']] as const;
      await Promise.all(Array.from({ length: 30 }, () => limiter.recordTogether(checks)));
      expect(await limiter.check(checks[0][0], 's')).toMatchObject({ allowed: false, count: 30 });
      expect(await limiter.check(checks[2][0], 't')).toMatchObject({ allowed: true, count: 30 });
    });

    it('counters expire after two windows of no use, however often they were written (TTL set once per window)', async () => {
      const { store: limiter, connections, keys } = fixture();
      const single = { name: 'ttl', limit: 100, windowSeconds: 60 };
      const both = [[tagged('ttl-a', 100), 's'], [tagged('ttl-b', 100), 's']] as const;
      for (let i = 0; i < 3; i++) {
        await limiter.consume(single, 'a');
        await limiter.recordTogether(both);
      }
      await limiter.checkTogether(both);
      for (const key of [keys.rateLimit('ttl', 'a'), keys.rateLimit('ttl-a', 's', 'together'), keys.rateLimit('ttl-b', 's', 'together')]) {
        const ttl = await connections.commands.pttl(key);
        expect(ttl).toBeGreaterThan(60_000);
        expect(ttl).toBeLessThanOrEqual(120_000);
      }
    });

    it('checkTogether and recordTogether refuse rules of different hash tags (they could be in different cluster slots)', async () => {
      const { store: limiter } = fixture();
      await expect(limiter.recordTogether([[tagged('a', 5), 's'], [{ ...tagged('b', 5), hashTag: 'other' }, 's']])).rejects.toThrow(/one cluster slot/);
      await expect(limiter.checkTogether([[tagged('a', 5), 's'], [{ ...tagged('b', 5), hashTag: 'other' }, 's']])).rejects.toThrow(/one cluster slot/);
    });
  });
}

describe('secondsUntilAllowed', () => {
  it('waits for the previous window to slide out, or into the next window', () => {
    expect(secondsUntilAllowed(10, 3, 0, 0.5, 60)).toBe(0);
    // 10 in the previous window, none now, half-way: estimate 5 + 5 = 10; room for one when prev*(1-e) <= 4.
    expect(secondsUntilAllowed(10, 5, 10, 0.5, 60)).toBe(Math.ceil((1 - 4 / 10 - 0.5) * 60));
    // All 10 in this window: next window, once 10*(1-e') <= 9.
    expect(secondsUntilAllowed(10, 10, 0, 0.25, 60)).toBe(Math.ceil((0.75 + 0.1) * 60));
  });
});
