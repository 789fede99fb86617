import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { newSecret, sha256Hex } from '../crypto.ts';

// Browser sessions on the companion site. The cookie holds a 256-bit random id; Redis holds only
// its SHA-256, so a dump of Redis cannot be replayed as a cookie. Each account keeps the set of
// its session hashes so "sign out everywhere" can end them all.

const WEB_SESSION_LIFETIME_SECONDS = 30 * 24 * 3600;

export interface WebSession {
  accountId: string;
  createdAt: number;
  /** The profile chosen in this browser; absent until one is chosen (then the default applies). */
  profileId?: string;
  /** Set when the session came from a reset link or SMS code: until then it may set a new
   *  password without the current one. Milliseconds since the epoch. */
  passwordResetUntil?: number;
}

export interface StartOptions {
  profileId?: string;
  passwordResetUntil?: number;
}

export interface WebSessions {
  /** How long a session (and so its cookie) lasts. */
  readonly lifetimeSeconds: number;
  /** Starts a session; returns the secret for the cookie. */
  start(accountId: string, options?: StartOptions): Promise<string>;
  find(secret: string | undefined): Promise<WebSession | null>;
  /** Chooses the profile used in this browser. */
  setProfile(secret: string, profileId: string): Promise<void>;
  /** Ends the "may set a new password without the current one" allowance of this session. */
  endPasswordReset(secret: string): Promise<void>;
  end(secret: string | undefined): Promise<void>;
  /** Ends every session of the account except, optionally, the one with this secret. */
  endAllFor(accountId: string, keepSecret?: string): Promise<void>;
}

export function createWebSessions(redis: RedisClient, keys: RedisKeys, clock: Clock): WebSessions {
  return {
    lifetimeSeconds: WEB_SESSION_LIFETIME_SECONDS,

    async start(accountId, options = {}) {
      const secret = newSecret(32);
      const hash = sha256Hex(secret);
      // The session key (slot of its hash) and the account's index (slot of the account) are in
      // different cluster slots, so they cannot share a MULTI. The index is written first: if we
      // die in between, it holds a hash with no session (harmless), never a session that
      // "sign out everywhere" cannot find.
      await redis
        .multi()
        .sadd(keys.accountWebSessions(accountId), hash)
        .expire(keys.accountWebSessions(accountId), WEB_SESSION_LIFETIME_SECONDS)
        .exec();
      await redis
        .multi()
        .hset(keys.webSession(hash), {
          accountId,
          createdAt: clock.now(),
          ...(options.profileId ? { profileId: options.profileId } : {}),
          ...(options.passwordResetUntil ? { passwordResetUntil: options.passwordResetUntil } : {}),
        })
        .expire(keys.webSession(hash), WEB_SESSION_LIFETIME_SECONDS)
        .exec();
      return secret;
    },

    async find(secret) {
      if (!secret || secret.length > 128) return null;
      const fields = await redis.hgetall(keys.webSession(sha256Hex(secret)));
      if (!fields.accountId) return null;
      return {
        accountId: fields.accountId,
        createdAt: Number(fields.createdAt),
        profileId: fields.profileId || undefined,
        passwordResetUntil: fields.passwordResetUntil ? Number(fields.passwordResetUntil) : undefined,
      };
    },

    async setProfile(secret, profileId) {
      const key = keys.webSession(sha256Hex(secret));
      // HSET only on a session that still exists, so a profile choice cannot resurrect an ended one.
      if (await redis.exists(key)) await redis.hset(key, 'profileId', profileId);
    },

    async endPasswordReset(secret) {
      await redis.hdel(keys.webSession(sha256Hex(secret)), 'passwordResetUntil');
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
