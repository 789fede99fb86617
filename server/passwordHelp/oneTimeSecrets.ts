import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import { defineScripts } from '../store/scripts.ts';

// One live secret per account and purpose (a reset link, an SMS code), stored as a hash only.
// Issuing replaces the previous one, so the newest link or code is the only one that works.
// Redeeming is one Lua script: check expiry, compare, count a wrong try, delete on success or
// when tries run out — atomic, so two clicks on the same link cannot both succeed.

export type RedeemResult = 'ok' | 'wrong' | 'dead';

const REDEEM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 'dead' end
local f = redis.call('HMGET', KEYS[1], 'hash', 'expiresAt', 'triesLeft')
if tonumber(f[2]) <= tonumber(ARGV[2]) then
  redis.call('DEL', KEYS[1])
  return 'dead'
end
if f[1] == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 'ok'
end
if f[3] and tonumber(f[3]) > 0 then
  local left = redis.call('HINCRBY', KEYS[1], 'triesLeft', -1)
  if left <= 0 then
    redis.call('DEL', KEYS[1])
    return 'dead'
  end
end
return 'wrong'
`;

export interface OneTimeSecretOptions {
  keyOf(accountId: string): string;
  lifetimeSeconds: number;
  /** Wrong tries before the secret dies; 0 = unlimited (for 256-bit link tokens nobody can guess,
   *  where counting tries would only let a stranger spoil a person's link). */
  maxWrongTries: number;
}

export interface OneTimeSecrets {
  /** Stores `secretHash` as the account's only live secret; returns its expiry (ms). */
  issue(accountId: string, secretHash: string): Promise<number>;
  redeem(accountId: string, secretHash: string): Promise<RedeemResult>;
}

export function createOneTimeSecrets(redis: RedisClient, clock: Clock, options: OneTimeSecretOptions): OneTimeSecrets {
  const lifetimeMs = options.lifetimeSeconds * 1000;
  const { redeem } = defineScripts(redis, { redeem: { keys: 1, lua: REDEEM } });
  return {
    async issue(accountId, secretHash) {
      const key = options.keyOf(accountId);
      const expiresAt = clock.now() + lifetimeMs;
      await redis
        .multi()
        .del(key)
        .hset(key, { hash: secretHash, expiresAt, triesLeft: options.maxWrongTries })
        // Clean-up only (a minute of slack); the decision uses expiresAt and the injected clock.
        .pexpire(key, lifetimeMs + 60_000)
        .exec();
      return expiresAt;
    },

    async redeem(accountId, secretHash) {
      const result = await redeem([options.keyOf(accountId)], [secretHash, clock.now()]);
      return result === 'ok' || result === 'wrong' ? result : 'dead';
    },
  };
}
