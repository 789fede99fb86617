import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';

// Fixed-window rate limits kept in Redis, so every node counts against the same budget.
// The window comes from the injected clock (tests move it); Redis' TTL only cleans up.
// Checked before any expensive work (password hashing, code lookups).

export interface RateLimitRule {
  /** Names the limit in keys and logs, e.g. "code-entry-ip". */
  name: string;
  limit: number;
  windowSeconds: number;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the current window ends; for the Retry-After header. */
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one attempt by `subject` (an IP, an account id) and says whether it may proceed. */
  consume(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
}

export function createRateLimiter(redis: Redis, keys: RedisKeys, clock: Clock): RateLimiter {
  return {
    async consume(rule, subject) {
      const windowMs = rule.windowSeconds * 1000;
      const now = clock.now();
      const window = Math.floor(now / windowMs);
      const key = keys.rateLimit(rule.name, subject, window);
      const results = await redis.multi().incr(key).pexpire(key, windowMs * 2).exec();
      const count = Number(results?.[0]?.[1] ?? 0);
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
      return { allowed: count <= rule.limit, retryAfterSeconds };
    },
  };
}

/** The limits in force. Generous for people, useless for guessing 20^8 codes or passwords. */
export const RATE_LIMITS = {
  codeEntryPerIp: { name: 'code-entry-ip', limit: 30, windowSeconds: 600 },
  codeEntryPerAccount: { name: 'code-entry-account', limit: 30, windowSeconds: 600 },
  signInPerIp: { name: 'sign-in-ip', limit: 30, windowSeconds: 600 },
  signInPerLogin: { name: 'sign-in-login', limit: 10, windowSeconds: 600 },
  deviceAuthorizationPerIp: { name: 'device-authorization-ip', limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;
