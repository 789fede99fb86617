import { consumeAll, RATE_LIMITS, type RateLimiter, type RateLimitResult } from '../http/rateLimiter.ts';

// One budget for password guesses, whichever door they come through (the companion's /login or
// the TV's remote sign-in): per IP and per login, counted before any password is hashed.

export interface SignInLimits {
  /** Counts one password guess from this address at this login. */
  signIn(ip: string | undefined, login: string): Promise<RateLimitResult>;
}

export function createSignInLimits(limiter: RateLimiter): SignInLimits {
  return {
    signIn: (ip, login) =>
      consumeAll(limiter, [
        [RATE_LIMITS.signInPerIp, ip ?? 'unknown'],
        [RATE_LIMITS.signInPerLogin, login.trim().toLowerCase() || '-'],
      ]),
  };
}
