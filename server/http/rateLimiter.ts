import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { defineScripts } from '../store/scripts.ts';

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

/**
 * Counts one attempt and sets the clean-up TTL with the first one, in one command. It replaced a
 * MULTI/INCR/PEXPIRE/EXEC transaction: ioredis sends a transaction as a socket write of its own,
 * outside auto-pipelining, and that write was the largest CPU cost the benchmark's profile of
 * POST /oauth/device_authorization showed (README.md, "Benchmark"). One script call is batched with
 * the other commands of the same tick and costs Redis one command instead of four.
 */
const COUNT_ATTEMPT_LUA = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;

export function createRateLimiter(redis: RedisClient, keys: RedisKeys, clock: Clock): RateLimiter {
  const { countAttempt } = defineScripts(redis, { countAttempt: { keys: 1, lua: COUNT_ATTEMPT_LUA } });
  return {
    async consume(rule, subject) {
      const windowMs = rule.windowSeconds * 1000;
      const now = clock.now();
      const window = Math.floor(now / windowMs);
      const key = keys.rateLimit(rule.name, subject, window);
      const count = Number(await countAttempt([key], [windowMs * 2]));
      const retryAfterSeconds = Math.max(1, Math.ceil(((window + 1) * windowMs - now) / 1000));
      return { allowed: count <= rule.limit, retryAfterSeconds };
    },
  };
}

/**
 * Counts one attempt against every rule at once (the one way limits are combined): refused if any
 * rule refuses, with the longest wait of those that refused.
 */
export async function consumeAll(limiter: RateLimiter, checks: Array<[RateLimitRule, string]>): Promise<RateLimitResult> {
  const results = await Promise.all(checks.map(([rule, subject]) => limiter.consume(rule, subject)));
  const refused = results.filter((result) => !result.allowed);
  return { allowed: refused.length === 0, retryAfterSeconds: Math.max(0, ...refused.map((result) => result.retryAfterSeconds)) };
}

/** The limits in force. Generous for people, useless for guessing 20^8 codes or passwords. */
export const RATE_LIMITS = {
  codeEntryPerIp: { name: 'code-entry-ip', limit: 30, windowSeconds: 600 },
  codeEntryPerAccount: { name: 'code-entry-account', limit: 30, windowSeconds: 600 },
  signInPerIp: { name: 'sign-in-ip', limit: 30, windowSeconds: 600 },
  signInPerLogin: { name: 'sign-in-login', limit: 10, windowSeconds: 600 },
  deviceAuthorizationPerIp: { name: 'device-authorization-ip', limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;
