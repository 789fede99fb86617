import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RateLimiter, RateLimitRule } from '../http/rateLimiter.ts';
import type { SecurityCounters } from './securityCounters.ts';

// One budget for guessing TV codes, whatever door the guess comes through: Continue (POST /tv8),
// the confirm page (GET /tv8/confirm) and Start Watching / deny (POST /tv8/confirm). Issue 12
// found the confirm door open: ~700 guesses/s from one signed-in client, and no global limit.
//
// A lookup is counted before it happens, atomically, so concurrent requests cannot overshoot the
// budget; a lookup that finds an open pairing is given back, so a person's own code costs nothing
// however often the pages are reloaded. Only misses stay counted: those are the guesses.
// The per-address, per-account and global counters share one hash tag, so all of them are
// counted in one script (one request, all or nothing) and given back in one (issue 11: this was
// six requests on every Start Watching). The global counter already made every guess go to one
// cluster slot; the others add memory there, not requests.

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

export interface CodeGuessBudget {
  /**
   * Runs `lookup` if every budget allows one more guess. A lookup that returns null (no open
   * pairing) stays counted; one that finds something is given back.
   */
  guess<T>(who: Guesser, lookup: () => Promise<T | null>): Promise<GuessOutcome<T>>;
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

  return {
    async guess(who, lookup) {
      const budgets = budgetsOf(who);
      const checks = budgets.map(([rule, subject]) => [rule, subject] as const);
      const results = await rateLimiter.consumeTogether(checks);
      const refused = budgets.map((budget, i) => [budget, results[i]!] as const).filter(([, result]) => !result.allowed);
      if (refused.length) {
        // Nothing was counted: consumeTogether counts all or nothing.
        for (const [[, , scope]] of refused) counters.increment('code_guess_refused', { scope, door: who.door });
        logger.info({ door: who.door, scopes: refused.map(([[, , scope]]) => scope) }, 'code guess refused: budget spent');
        return { allowed: false, retryAfterSeconds: Math.max(...refused.map(([, result]) => result.retryAfterSeconds)) };
      }
      let found: Awaited<ReturnType<typeof lookup>>;
      try {
        found = await lookup();
      } catch (error) {
        // Not a guess that failed (Redis away, say): give the attempt back.
        await rateLimiter.refundTogether(checks).catch(() => {});
        throw error;
      }
      if (found !== null) {
        await rateLimiter.refundTogether(checks);
        return { allowed: true, found };
      }
      counters.increment('code_guess_misses', { door: who.door });
      const globalIndex = budgets.findIndex(([, , scope]) => scope === 'global');
      alarmIfAboveNormal(results[globalIndex]!.count, who.door);
      return { allowed: true, found: null };
    },
  };
}
