import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { newSecret, sha256Hex } from '../crypto.ts';

// Browser sessions on the companion site. The cookie holds a 256-bit random id; Redis holds only
// its SHA-256, so a dump of Redis cannot be replayed as a cookie. Each account keeps the set of
// its session hashes so "sign out everywhere" can end them all.

export const WEB_SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;

export interface WebSession {
  accountId: string;
  createdAt: number;
}

export interface WebSessions {
  /** Starts a session; returns the secret for the cookie. */
  start(accountId: string): Promise<string>;
  find(secret: string | undefined): Promise<WebSession | null>;
  end(secret: string | undefined): Promise<void>;
  /** Ends every session of the account except, optionally, the one with this secret. */
  endAllFor(accountId: string, keepSecret?: string): Promise<void>;
}

export function createWebSessions(redis: Redis, keys: RedisKeys, clock: Clock): WebSessions {
  return {
    async start(accountId) {
      const secret = newSecret(32);
      const hash = sha256Hex(secret);
      await redis
        .multi()
        .hset(keys.webSession(hash), { accountId, createdAt: clock.now() })
        .expire(keys.webSession(hash), WEB_SESSION_LIFETIME_SECONDS)
        .sadd(keys.accountWebSessions(accountId), hash)
        .expire(keys.accountWebSessions(accountId), WEB_SESSION_LIFETIME_SECONDS)
        .exec();
      return secret;
    },

    async find(secret) {
      if (!secret || secret.length > 128) return null;
      const fields = await redis.hgetall(keys.webSession(sha256Hex(secret)));
      if (!fields.accountId) return null;
      return { accountId: fields.accountId, createdAt: Number(fields.createdAt) };
    },

    async end(secret) {
      if (!secret || secret.length > 128) return;
      const hash = sha256Hex(secret);
      const accountId = await redis.hget(keys.webSession(hash), 'accountId');
      await redis.del(keys.webSession(hash));
      if (accountId) await redis.srem(keys.accountWebSessions(accountId), hash);
    },

    async endAllFor(accountId, keepSecret) {
      const keep = keepSecret ? sha256Hex(keepSecret) : undefined;
      const hashes = (await redis.smembers(keys.accountWebSessions(accountId))).filter((hash) => hash !== keep);
      if (!hashes.length) return;
      await Promise.all([
        ...hashes.map((hash) => redis.del(keys.webSession(hash))),
        redis.srem(keys.accountWebSessions(accountId), ...hashes),
      ]);
    },
  };
}
