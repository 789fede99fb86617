import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { newSecret, sha256Hex } from '../crypto.ts';
import { createOneTimeSecrets } from './oneTimeSecrets.ts';

// Email reset links: "<account id>.<256-bit secret>". The account id says which record to look
// at (one key, one cluster slot); only the secret's SHA-256 is stored. 24 hours, single use, and
// the newest link replaces older ones (help article: "De link in de e-mail verloopt na 24 uur").

export const RESET_LINK_LIFETIME_SECONDS = 24 * 3600;

export interface ResetLinks {
  /** A new token for the account; older tokens stop working. */
  issue(accountId: string): Promise<string>;
  /** The account id if the token is the live one, unexpired and unused; it is used up by this call. */
  redeem(token: unknown): Promise<string | null>;
}

export function createResetLinks(redis: RedisClient, keys: RedisKeys, clock: Clock): ResetLinks {
  const secrets = createOneTimeSecrets(redis, clock, {
    keyOf: keys.passwordResetLink,
    lifetimeSeconds: RESET_LINK_LIFETIME_SECONDS,
    maxWrongTries: 0,
  });
  return {
    async issue(accountId) {
      const secret = newSecret(32);
      await secrets.issue(accountId, sha256Hex(secret));
      return `${accountId}.${secret}`;
    },

    async redeem(token) {
      const parsed = parseToken(token);
      if (!parsed) return null;
      return (await secrets.redeem(parsed.accountId, sha256Hex(parsed.secret))) === 'ok' ? parsed.accountId : null;
    },
  };
}

function parseToken(token: unknown): { accountId: string; secret: string } | null {
  if (typeof token !== 'string' || token.length > 100) return null;
  const match = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(token);
  return match ? { accountId: match[1]!, secret: match[2]! } : null;
}
