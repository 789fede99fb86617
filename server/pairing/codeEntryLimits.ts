import { consumeAll, RATE_LIMITS, type RateLimiter, type RateLimitResult, type RateLimitRule } from '../http/rateLimiter.ts';

// Typing TV codes at /tv8 is limited per IP and, once signed in, per account: generous for
// people, useless for guessing one of 20^8 codes.

export interface CodeEntryLimits {
  /** Counts one typed code from this address (and account, when signed in). */
  codeEntry(ip: string | undefined, accountId: string | undefined): Promise<RateLimitResult>;
}

export function createCodeEntryLimits(limiter: RateLimiter): CodeEntryLimits {
  return {
    codeEntry(ip, accountId) {
      const checks: Array<[RateLimitRule, string]> = [[RATE_LIMITS.codeEntryPerIp, ip ?? 'unknown']];
      if (accountId) checks.push([RATE_LIMITS.codeEntryPerAccount, accountId]);
      return consumeAll(limiter, checks);
    },
  };
}
