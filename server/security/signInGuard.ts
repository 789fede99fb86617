import type { Logger } from 'pino';
import type { RateLimiter, RateLimitRule } from '../http/rateLimiter.ts';
import type { SecurityCounters } from './securityCounters.ts';

// One guard for password guesses, whichever door they come through (the companion's /login or the
// TV's remote sign-in), checked before any password is hashed.
//
// Issue 12: ten wrong passwords from anywhere locked the owner out for ten minutes, successes
// used the budget up too, and fixed windows doubled at a boundary. Now only failures count; the
// tight limit is per login *and* address (the attacker's own address, not the owner's), a
// successful sign-in clears it; per address alone a looser limit stops spraying many logins; and
// per login alone there is no lock, only a delay that grows with the failures of the last hour.
// The shape is the "login endpoint protection" recipe of rate-limiter-flexible, on our own
// sliding-window script (one Lua call per rule, atomic across nodes, works on ioredis-mock).

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const SIGN_IN_LIMITS = {
  /** Wrong passwords for one login from one address in any 15 minutes. */
  perLoginAndIp: { name: 'sign-in-login-ip', limit: 10, windowSeconds: 15 * MINUTE },
  /** Wrong passwords from one address, any logins, in any hour: households share one address. */
  perIp: { name: 'sign-in-ip', limit: 100, windowSeconds: HOUR },
  /** Wrong passwords for one login from all addresses in any hour; past LOGIN_FREE_FAILURES, growing delays. */
  perLogin: { name: 'sign-in-login', limit: 1_000_000, windowSeconds: HOUR },
} as const satisfies Record<string, RateLimitRule>;

/** Failures per login in the last hour that cost nothing; each one after doubles the wait. */
export const LOGIN_FREE_FAILURES = 20;
/** The longest wait between tries of one login, however many failures: a delay, never a lock. */
export const LOGIN_MAX_DELAY_SECONDS = 120;

export type SignInAttempt = { allowed: true; finish(succeeded: boolean): Promise<void> } | { allowed: false; retryAfterSeconds: number };

export interface SignInGuard {
  /**
   * Asks to try one password for `login` from `ip`. When allowed, call `finish(succeeded)` once the
   * password has been checked: a failure stays counted and may start a delay, a success is given
   * back and clears this login+address.
   */
  begin(ip: string | undefined, login: string): Promise<SignInAttempt>;
}

export function createSignInGuard(deps: { rateLimiter: RateLimiter; counters: SecurityCounters; logger: Logger }): SignInGuard {
  const { rateLimiter, counters, logger } = deps;
  return {
    async begin(ipInput, loginInput) {
      const ip = ipInput ?? 'unknown';
      const login = loginInput.trim().toLowerCase() || '-';
      const loginAndIp = `${login}\n${ip}`;
      const tight: Array<[RateLimitRule, string]> = [[SIGN_IN_LIMITS.perLoginAndIp, loginAndIp], [SIGN_IN_LIMITS.perIp, ip]];
      const results = await Promise.all(tight.map(([rule, subject]) => rateLimiter.consume(rule, subject)));
      const refused = results.filter((r) => !r.allowed);
      // The delay is asked only when the tight limits allow, so a refused try never takes its slot.
      const gate = refused.length ? null : await rateLimiter.gate(SIGN_IN_LIMITS.perLogin, login, LOGIN_FREE_FAILURES, LOGIN_MAX_DELAY_SECONDS);
      if (gate && !gate.allowed) refused.push(gate);
      if (refused.length) {
        await Promise.all(tight.filter((_, i) => results[i]!.allowed).map(([rule, subject]) => rateLimiter.refund(rule, subject)));
        counters.increment('sign_in_refused', { reason: gate ? 'delay' : 'budget' });
        return { allowed: false, retryAfterSeconds: Math.max(...refused.map((r) => r.retryAfterSeconds)) };
      }
      let finished = false;
      return {
        allowed: true,
        async finish(succeeded) {
          if (finished) return;
          finished = true;
          if (succeeded) {
            // The owner got in: clear this address's count and lift the delay this try reserved,
            // so the TV's remote sign-in right after is not kept waiting. Failures stay counted.
            await Promise.all([
              rateLimiter.reset(SIGN_IN_LIMITS.perLoginAndIp, loginAndIp),
              rateLimiter.refund(SIGN_IN_LIMITS.perIp, ip),
              rateLimiter.release(SIGN_IN_LIMITS.perLogin, login),
            ]);
            return;
          }
          counters.increment('sign_in_failures');
          const failures = await rateLimiter.record(SIGN_IN_LIMITS.perLogin, login);
          if (failures.count >= LOGIN_FREE_FAILURES + 7) logger.warn({ failuresLastHour: Math.round(failures.count) }, 'many wrong passwords for one login: sign-in delayed');
        },
      };
    },
  };
}
