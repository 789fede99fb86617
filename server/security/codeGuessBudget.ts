import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RateLimiter, RateLimitResult, RateLimitRule } from '../http/rateLimiter.ts';
import type { SecurityCounters } from './securityCounters.ts';

// One budget for guessing TV codes, whatever door the guess comes through: Continue (POST /tv8),
// the confirm page (GET /tv8/confirm) and Start Watching / deny (POST /tv8/confirm). Issue 12
// found the confirm door open: ~700 guesses/s from one signed-in client, and no global limit.
//
// Only misses count: those are the guesses; a person's own code costs nothing however often the
// pages are reloaded. Before a lookup the budgets are read (one request, counting nothing); a
// lookup that finds no open pairing is then recorded as a miss (one more request, misses only).
// Nothing is held while a lookup is under way, so a lookup that fails (Redis away, a cluster
// failover) leaves nothing behind. Before 2026-11-25 every lookup was counted first and given back
// on a hit: when Redis failed between the two, the reservation stayed, and a 2 s master failover
// at 100 sign-ins/s spent the budgets on misses nobody made (1,029 Start Watching answered 429 in
// the failover drill); it also cost a request on every hit, and in-flight lookups took up budget.
// The price: lookups already under way when a budget runs out still finish, so a client with
// many requests in flight can overshoot a budget by that many (a few dozen guesses against
// 20^8 codes). The per-address, per-account and global counters share one hash tag, so all of
// them are read in one script and recorded in one. The global counter already made every guess go
// to one cluster slot; the others add memory there, not requests.

const MINUTE = 60;
const HASH_TAG = 'code-guess';

export const CODE_GUESS_LIMITS = {
  /** Misses per address in any 10 minutes: plenty for a household mistyping codes. */
  perIp: { name: 'code-guess-ip', limit: 30, windowSeconds: 10 * MINUTE, hashTag: HASH_TAG },
  /** Misses per signed-in account in any 10 minutes, from whatever addresses. */
  perAccount: { name: 'code-guess-account', limit: 30, windowSeconds: 10 * MINUTE, hashTag: HASH_TAG },
} as const satisfies Record<string, RateLimitRule>;

/**
 * Misses across all nodes and addresses in any minute (CODE_GUESS_GLOBAL_PER_MINUTE, default 600):
 * caps a botnet guessing once per address. Above a fifth of it the rate is not normal: a warning
 * in the log and the code_guess_global_alarm counter, well before anyone is refused.
 */
export function globalGuessRule(perMinute: number): RateLimitRule {
  return { name: 'code-guess-all', limit: perMinute, windowSeconds: MINUTE, hashTag: HASH_TAG };
}
export const alarmThresholdPerMinute = (perMinute: number) => Math.floor(perMinute / 5);
/** At most one alarm log line per node in this long, however long the attack lasts. */
const ALARM_LOG_INTERVAL_MS = 60_000;

export type Door = 'continue' | 'confirm-page' | 'decide';

export interface Guesser {
  ip: string;
  /** The signed-in account, if any. */
  accountId?: string | null;
  door: Door;
}

export type GuessOutcome<T> = { allowed: true; found: T | null } | { allowed: false; retryAfterSeconds: number };

/**
 * The budgets read ahead of the lookup, for the account the request's cookie names (not yet
 * verified): Start Watching reads them together with the browser session, in one round trip,
 * instead of after it (issue 11). Used only if the verified account is the same.
 */
export interface EarlyBudgetRead {
  ip: string;
  accountId: string | null;
  results: Promise<RateLimitResult[]>;
}

export interface CodeGuessBudget {
  /** Starts reading the budgets of `who` now (counting nothing); pass it to `guess`. */
  readEarly(who: Guesser): EarlyBudgetRead;
  /**
   * Runs `lookup` if every budget allows one more guess. A lookup that returns null (no open
   * pairing) is counted as a miss; one that finds something, or fails, counts nothing. `early`:
   * the same budgets read ahead (readEarly); read again if it was for someone else.
   */
  guess<T>(who: Guesser, lookup: () => Promise<T | null>, early?: EarlyBudgetRead): Promise<GuessOutcome<T>>;
}

export function createCodeGuessBudget(deps: { rateLimiter: RateLimiter; counters: SecurityCounters; logger: Logger; clock: Clock; globalPerMinute: number }): CodeGuessBudget {
  const { rateLimiter, counters, logger, clock } = deps;
  const globalRule = globalGuessRule(deps.globalPerMinute);
  const alarmAt = alarmThresholdPerMinute(deps.globalPerMinute);
  let lastAlarmLogAt = -Infinity;

  function budgetsOf(who: Guesser): Array<[RateLimitRule, string, string]> {
    const budgets: Array<[RateLimitRule, string, string]> = [
      [CODE_GUESS_LIMITS.perIp, who.ip, 'ip'],
      [globalRule, 'all', 'global'],
    ];
    if (who.accountId) budgets.push([CODE_GUESS_LIMITS.perAccount, who.accountId, 'account']);
    return budgets;
  }

  function alarmIfAboveNormal(globalCount: number, door: Door) {
    if (globalCount <= alarmAt) return;
    counters.increment('code_guess_global_alarm');
    const now = clock.now();
    if (now - lastAlarmLogAt < ALARM_LOG_INTERVAL_MS) return;
    lastAlarmLogAt = now;
    logger.warn({ missesPerMinute: Math.round(globalCount), normalAtMost: alarmAt, door }, 'TV code guesses above normal across all nodes');
  }

  const checksOf = (budgets: ReturnType<typeof budgetsOf>) => budgets.map(([rule, subject]) => [rule, subject] as const);

  return {
    readEarly(who) {
      const results = rateLimiter.checkTogether(checksOf(budgetsOf(who)));
      // Nobody may ever ask (the page needs no lookup after all): a failure must not go unhandled.
      results.catch(() => {});
      return { ip: who.ip, accountId: who.accountId ?? null, results };
    },

    async guess(who, lookup, early) {
      const budgets = budgetsOf(who);
      const checks = checksOf(budgets);
      // Read early for another address or account (a cookie naming someone else): read again.
      const sameGuesser = early && early.ip === who.ip && early.accountId === (who.accountId ?? null);
      const results = await (sameGuesser ? early.results : rateLimiter.checkTogether(checks));
      const refused = budgets.map((budget, i) => [budget, results[i]!] as const).filter(([, result]) => !result.allowed);
      if (refused.length) {
        for (const [[, , scope]] of refused) counters.increment('code_guess_refused', { scope, door: who.door });
        logger.info({ door: who.door, scopes: refused.map(([[, , scope]]) => scope) }, 'code guess refused: budget spent');
        return { allowed: false, retryAfterSeconds: Math.max(...refused.map(([, result]) => result.retryAfterSeconds)) };
      }
      const found = await lookup();
      if (found !== null) return { allowed: true, found };
      const recorded = await rateLimiter.recordTogether(checks);
      counters.increment('code_guess_misses', { door: who.door });
      const globalIndex = budgets.findIndex(([, , scope]) => scope === 'global');
      alarmIfAboveNormal(recorded[globalIndex]!.count, who.door);
      return { allowed: true, found: null };
    },
  };
}
