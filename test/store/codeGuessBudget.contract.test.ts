import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import { createRateLimiter } from '../../server/http/rateLimiter.ts';
import { CODE_GUESS_LIMITS, createCodeGuessBudget } from '../../server/security/codeGuessBudget.ts';
import { createSecurityCounters } from '../../server/security/securityCounters.ts';

// The code guess budget counts misses only, after the lookup: a lookup under way or one that fails
// (Redis away, a cluster failover) takes nothing from anybody's budget. The drill that found it: a
// 2 s master failover at 100 sign-ins/s left 1,029 Start Watching answered 429 when every lookup
// was counted first and given back later, and the give-back failed with the shard.

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`code guess budget on ${backend.name}`, () => {
    const fixture = useStoreFixture(backend, ({ connections, keys, clock }) => {
      const rateLimiter = createRateLimiter(connections.commands, keys, clock);
      return {
        rateLimiter,
        budget: createCodeGuessBudget({ rateLimiter, counters: createSecurityCounters(), logger: pino({ level: 'silent' }), clock, globalPerMinute: 600 }),
      };
    });
    const who = { ip: '192.0.2.7', accountId: 'account-1', door: 'decide' as const };
    const missesOf = async (rateLimiter: ReturnType<typeof fixture>['store']['rateLimiter']) =>
      Math.round((await rateLimiter.check(CODE_GUESS_LIMITS.perAccount, 'account-1')).count);

    it('a lookup that fails counts nothing, however many fail', async () => {
      const { budget, rateLimiter } = fixture().store;
      for (let i = 0; i < CODE_GUESS_LIMITS.perAccount.limit + 5; i++) {
        await expect(budget.guess(who, async () => Promise.reject(new Error('Command timed out')))).rejects.toThrow('Command timed out');
      }
      expect(await missesOf(rateLimiter)).toBe(0);
      expect(await budget.guess(who, async () => 'live pairing')).toEqual({ allowed: true, found: 'live pairing' });
    });

    it('lookups under way hold no budget: more than the limit at once all go through when they find their codes', async () => {
      const { budget, rateLimiter } = fixture().store;
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const many = Array.from({ length: CODE_GUESS_LIMITS.perAccount.limit * 2 }, () => budget.guess(who, async () => gate.then(() => 'live pairing')));
      await new Promise((resolve) => setTimeout(resolve, 50));
      release();
      expect((await Promise.all(many)).every((outcome) => outcome.allowed)).toBe(true);
      expect(await missesOf(rateLimiter)).toBe(0);
    });

    it('misses count, and once the budget is spent even a live code is refused', async () => {
      const { budget, rateLimiter } = fixture().store;
      for (let i = 0; i < CODE_GUESS_LIMITS.perAccount.limit; i++) expect(await budget.guess(who, async () => null)).toEqual({ allowed: true, found: null });
      expect(await missesOf(rateLimiter)).toBe(CODE_GUESS_LIMITS.perAccount.limit);
      const refused = await budget.guess({ ...who, ip: '198.51.100.1' }, async () => 'live pairing');
      expect(refused.allowed).toBe(false);
    });

    it('budgets read early (with the session) count only for the account they were read for', async () => {
      const { budget } = fixture().store;
      // The account's budget spent from many addresses (this test's address keeps its own).
      for (let i = 0; i < CODE_GUESS_LIMITS.perAccount.limit; i++) await budget.guess({ ...who, ip: `203.0.113.${i}` }, async () => null);
      // Read for the spent account: refused, as without reading early.
      const early = budget.readEarly(who);
      expect((await budget.guess(who, async () => 'live pairing', early)).allowed).toBe(false);
      // A cookie naming a fresh account, from a browser whose session is the spent one: the early
      // read (all budgets fine) must not be used for the spent account.
      const forged = budget.readEarly({ ...who, accountId: 'account-2' });
      expect((await forged.results as Array<{ allowed: boolean }>).every((result) => result.allowed)).toBe(true);
      expect((await budget.guess(who, async () => 'live pairing', forged)).allowed).toBe(false);
      // And the fresh account's own early read lets its guess through.
      const fresh = { ...who, accountId: 'account-2' };
      expect(await budget.guess(fresh, async () => 'live pairing', budget.readEarly(fresh))).toEqual({ allowed: true, found: 'live pairing' });
    });
  });
}
