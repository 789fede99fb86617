import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { defineScripts } from '../store/scripts.ts';

// Sliding-window rate limits kept in Redis, so every node counts against the same budget.
//
// Each (rule, subject) is one hash holding the count of the current fixed window and of the one
// before; the estimate weights the previous window by how much of it still overlaps the last
// `windowSeconds` (the "sliding window counter" of Cloudflare's write-up). Fixed windows aligned to
// the clock let a burst at a boundary spend two budgets in a moment (issue 12); this does not.
// Every decision is one Lua call over one key (atomic across nodes, one cluster slot, works on
// ioredis-mock). Time comes from the injected clock, passed in; Redis' TTL only cleans up.

export interface RateLimitRule {
  /** Names the limit in keys and logs, e.g. "code-guess-ip". */
  name: string;
  limit: number;
  windowSeconds: number;
  /**
   * Rules counted together (consumeTogether) keep their counters under one cluster hash tag, so
   * one script can decide them all atomically in one request.
   */
  hashTag?: string;
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until one more attempt would be allowed; for the Retry-After header. */
  retryAfterSeconds: number;
  /** The sliding estimate of attempts in the last window, after this call. */
  count: number;
}

export interface RateLimiter {
  /** Counts one attempt by `subject` (an IP, an account id) if the budget allows it, and says whether it may proceed. */
  consume(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
  /** Says whether one more attempt would be allowed, counting nothing. */
  check(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
  /** Counts one attempt whatever the budget says (a failure seen after the fact). */
  record(rule: RateLimitRule, subject: string): Promise<RateLimitResult>;
  /** Gives back one attempt counted by consume (it turned out not to be a guess that failed). */
  refund(rule: RateLimitRule, subject: string): Promise<void>;
  /**
   * A growing delay instead of a lock: while fewer than `freeAttempts` are counted, always allowed;
   * past that, one attempt per delay (1 s, doubling with every further one counted, at most
   * `maxDelaySeconds`). Allowing one reserves the slot, so concurrent requests cannot share it.
   * Counts nothing itself; `record` counts.
   */
  gate(rule: RateLimitRule, subject: string, freeAttempts: number, maxDelaySeconds: number): Promise<RateLimitResult>;
  /** Lifts the delay `gate` set (the attempt it let through succeeded); the count stays. */
  release(rule: RateLimitRule, subject: string): Promise<void>;
  /** Forgets every attempt (a successful sign-in resets its login+IP count). */
  reset(rule: RateLimitRule, subject: string): Promise<void>;
  /**
   * Says, in one request and counting nothing, whether every rule allows one more attempt. The
   * rules must share one `hashTag`. Results in the order of `checks`, each for its own rule.
   */
  checkTogether(checks: ReadonlyArray<readonly [RateLimitRule, string]>): Promise<RateLimitResult[]>;
  /** Counts one attempt against every rule at once, whatever they allow (a miss seen after the fact), in one request. */
  recordTogether(checks: ReadonlyArray<readonly [RateLimitRule, string]>): Promise<RateLimitResult[]>;
}

/**
 * Lua defining `readWindow(key, now, window)`: the counter's stored window index `w` (nil when
 * new), the window index, current and previous counts and the fraction of the window gone as of
 * `now`, and the delay field `n`.
 */
const READ_WINDOW_LUA = `
local function readWindow(key, now, window)
  local index = math.floor(now / window)
  local stored = redis.call('HMGET', key, 'w', 'c', 'p', 'n')
  local w = tonumber(stored[1])
  local current = tonumber(stored[2]) or 0
  local previous = tonumber(stored[3]) or 0
  if w == nil or w < index - 1 then
    current = 0
    previous = 0
  elseif w == index - 1 then
    previous = current
    current = 0
  end
  -- now % window, not now - index * window: ioredis-mock's Lua (fengari) has 32-bit integers.
  local elapsed = (now % window) / window
  if w ~= nil and w > index then
    -- The clock went back (another node's clock): keep counting in the newer window.
    index = w
    elapsed = 0
  end
  return w, index, current, previous, elapsed, tonumber(stored[4]) or 0
end
`;

/**
 * ARGV: now (ms), window (ms), limit, mode[, free attempts, longest delay (ms)]. Modes: "consume"
 * counts one only if allowed, "check" counts nothing, "record" counts one always, "refund" takes
 * one back, "gate" applies the growing delay (field n: when the next attempt may start), "release"
 * lifts the delay. Returns
 * {allowed, current, previous, wait ms}; the caller computes the estimate and Retry-After (Lua
 * numbers come back as integers, so fractions stay on the JavaScript side).
 */
const SLIDING_WINDOW_LUA = `${READ_WINDOW_LUA}
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local mode = ARGV[4]
local w, index, current, previous, elapsed, nextAt = readWindow(KEYS[1], now, window)
local estimate = previous * (1 - elapsed) + current
local allowed = estimate + 1 <= limit
local wait = 0
if mode == 'gate' then
  allowed = true
  local over = math.floor(estimate) - tonumber(ARGV[5])
  if over >= 0 then
    if now < nextAt then
      allowed = false
      wait = nextAt - now
    else
      nextAt = math.floor(now + math.min(tonumber(ARGV[6]), 1000 * 2 ^ math.min(over, 30)))
    end
  end
elseif mode == 'record' or (mode == 'consume' and allowed) then
  current = current + 1
elseif mode == 'release' then
  nextAt = 0
elseif mode == 'refund' then
  if current > 0 then current = current - 1 elseif previous > 0 then previous = previous - 1 end
end
if mode ~= 'check' then
  redis.call('HSET', KEYS[1], 'w', index, 'c', current, 'p', previous, 'n', nextAt)
  -- Once per window is enough: set in window i, the key lives past the end of window i + 1, and
  -- only the current and the previous window count.
  if w ~= index then redis.call('PEXPIRE', KEYS[1], window * 2) end
end
return {allowed and 1 or 0, current, previous, wait}`;

/**
 * The sliding window of SLIDING_WINDOW_LUA over every key at once (all in one slot). ARGV: now
 * (ms), mode ("check" or "record"), then window (ms) and limit per key. "check" counts nothing;
 * "record" counts one on every key. Returns {allowed, current, previous} per key, flat, where
 * allowed says whether that key had room for one more before this call.
 */
const SLIDING_WINDOWS_TOGETHER_LUA = `${READ_WINDOW_LUA}
local unpack = unpack or table.unpack
local now = tonumber(ARGV[1])
local mode = ARGV[2]
local reply = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local window = tonumber(ARGV[1 + 2 * i])
  local limit = tonumber(ARGV[2 + 2 * i])
  local w, index, current, previous, elapsed, nextAt = readWindow(key, now, window)
  local allowed = previous * (1 - elapsed) + current + 1 <= limit
  if mode == 'record' then
    current = current + 1
    redis.call('HSET', key, 'w', index, 'c', current, 'p', previous, 'n', nextAt)
    if w ~= index then redis.call('PEXPIRE', key, window * 2) end
  end
  reply[#reply + 1] = allowed and 1 or 0
  reply[#reply + 1] = current
  reply[#reply + 1] = previous
end
-- A table constructor: ioredis-mock's Lua bridge returns nothing for a table filled by assignment.
return {unpack(reply, 1, 3 * #KEYS)}`;

type Mode = 'consume' | 'check' | 'record' | 'refund' | 'gate' | 'release';

/**
 * Seconds until the estimate leaves room for one more attempt, given the counts of the current
 * and previous windows and how far into the current window `now` is (0..1).
 */
export function secondsUntilAllowed(limit: number, current: number, previous: number, elapsed: number, windowSeconds: number): number {
  const room = limit - 1;
  if (previous * (1 - elapsed) + current <= room) return 0;
  if (current <= room && previous > 0) {
    // Still inside this window: wait until the previous window's share has slid out far enough.
    return Math.max(1, Math.ceil((1 - (room - current) / previous - elapsed) * windowSeconds));
  }
  // Next window: the current count becomes "previous" and decays from there.
  const into = current > 0 ? Math.max(0, 1 - room / current) : 0;
  return Math.max(1, Math.ceil((1 - elapsed + into) * windowSeconds));
}

export function createRateLimiter(redis: RedisClient, keys: RedisKeys, clock: Clock): RateLimiter {
  const { slidingWindow } = defineScripts(redis, { slidingWindow: { keys: 1, lua: SLIDING_WINDOW_LUA } });

  async function run(rule: RateLimitRule, subject: string, mode: Mode, ...gate: number[]): Promise<RateLimitResult> {
    const windowMs = rule.windowSeconds * 1000;
    const now = clock.now();
    const reply = (await slidingWindow([keys.rateLimit(rule.name, subject, rule.hashTag)], [now, windowMs, rule.limit, mode, ...gate])) as unknown[];
    const [allowedFlag, current, previous, waitMs] = reply.map(Number) as [number, number, number, number];
    const elapsed = Math.min(1, Math.max(0, (now % windowMs) / windowMs));
    const allowed = allowedFlag === 1;
    const retryAfterSeconds = allowed ? 0 : mode === 'gate' ? Math.max(1, Math.ceil(waitMs / 1000)) : secondsUntilAllowed(rule.limit, current, previous, elapsed, rule.windowSeconds);
    return { allowed, count: previous * (1 - elapsed) + current, retryAfterSeconds };
  }

  const together = new Map<number, ReturnType<typeof defineScripts<'together'>>['together']>();
  async function runTogether(checks: ReadonlyArray<readonly [RateLimitRule, string]>, mode: 'check' | 'record'): Promise<RateLimitResult[]> {
    let script = together.get(checks.length);
    if (!script) {
      script = defineScripts(redis, { together: { keys: checks.length, lua: SLIDING_WINDOWS_TOGETHER_LUA } }).together;
      together.set(checks.length, script);
    }
    const now = clock.now();
    const reply = ((await script(
      checks.map(([rule, subject]) => keys.rateLimit(rule.name, subject, rule.hashTag)),
      [now, mode, ...checks.flatMap(([rule]) => [rule.windowSeconds * 1000, rule.limit])],
    )) as unknown[]).map(Number);
    return checks.map(([rule], i) => {
      const [allowedFlag, current, previous] = reply.slice(3 * i, 3 * i + 3) as [number, number, number];
      const windowMs = rule.windowSeconds * 1000;
      const elapsed = Math.min(1, Math.max(0, (now % windowMs) / windowMs));
      const allowed = allowedFlag === 1;
      return { allowed, count: previous * (1 - elapsed) + current, retryAfterSeconds: allowed ? 0 : secondsUntilAllowed(rule.limit, current, previous, elapsed, rule.windowSeconds) };
    });
  }

  return {
    checkTogether: (checks) => runTogether(checks, 'check'),
    recordTogether: (checks) => runTogether(checks, 'record'),
    consume: (rule, subject) => run(rule, subject, 'consume'),
    check: (rule, subject) => run(rule, subject, 'check'),
    record: (rule, subject) => run(rule, subject, 'record'),
    async refund(rule, subject) {
      await run(rule, subject, 'refund');
    },
    gate: (rule, subject, freeAttempts, maxDelaySeconds) => run(rule, subject, 'gate', freeAttempts, maxDelaySeconds * 1000),
    async release(rule, subject) {
      await run(rule, subject, 'release');
    },
    async reset(rule, subject) {
      await redis.del(keys.rateLimit(rule.name, subject, rule.hashTag));
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
  return {
    allowed: refused.length === 0,
    retryAfterSeconds: Math.max(0, ...refused.map((result) => result.retryAfterSeconds)),
    count: Math.max(0, ...results.map((result) => result.count)),
  };
}

/** The limits in force. Generous for people, useless for guessing 20^8 codes or passwords. */
export const RATE_LIMITS = {
  deviceAuthorizationPerIp: { name: 'device-authorization-ip', limit: 60, windowSeconds: 60 },
} as const satisfies Record<string, RateLimitRule>;
