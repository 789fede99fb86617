import type { RedisClient } from '../store/redisClient.ts';
import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { hmacBase64Url, newSecret, sha256Hex } from '../crypto.ts';
import { createOneTimeSecrets, type RedeemResult } from './oneTimeSecrets.ts';

// SMS verification codes: six digits, 20 minutes by default (SMS_CODE_LIFETIME_SECONDS), dead
// after a few wrong tries. A million possible codes would fall to a plain hash in a blink, so the
// stored value is an HMAC under a key from the app secret, bound to the account.

export const SMS_CODE_MAX_WRONG_TRIES = 5;

export interface SmsCodes {
  /** A new code for the account (the previous one stops working); returns the code to text. */
  issue(accountId: string): Promise<string>;
  redeem(accountId: string, typed: unknown): Promise<RedeemResult>;
  /**
   * For a number that has no account: a stand-in record with the same lifetime and tries that no
   * code matches. Typing codes for it then answers "wrong" and later "dead" exactly as for a real
   * number, so the code step does not reveal which numbers have accounts.
   */
  issueDecoy(phone: string): Promise<void>;
  /** Never 'ok'. */
  redeemDecoy(phone: string, typed: unknown): Promise<RedeemResult>;
}

export function createSmsCodes(redis: RedisClient, keys: RedisKeys, clock: Clock, options: { hashKey: string; lifetimeSeconds: number }): SmsCodes {
  const secrets = createOneTimeSecrets(redis, clock, {
    keyOf: keys.passwordResetCode,
    lifetimeSeconds: options.lifetimeSeconds,
    maxWrongTries: SMS_CODE_MAX_WRONG_TRIES,
  });
  const decoys = createOneTimeSecrets(redis, clock, {
    keyOf: keys.passwordResetCodeDecoy,
    lifetimeSeconds: options.lifetimeSeconds,
    maxWrongTries: SMS_CODE_MAX_WRONG_TRIES,
  });
  const hashOf = (accountId: string, code: string) => hmacBase64Url(options.hashKey, `sms-code:${accountId}:${code}`);
  return {
    async issue(accountId) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await secrets.issue(accountId, hashOf(accountId, code));
      return code;
    },

    async redeem(accountId, typed) {
      const code = typeof typed === 'string' ? typed.replace(/[\s-]/g, '') : '';
      // Anything that cannot be a code still counts as a wrong try: it was a guess.
      return secrets.redeem(accountId, hashOf(accountId, /^\d{6}$/.test(code) ? code : 'not-a-code'));
    },

    async issueDecoy(phone) {
      await decoys.issue(sha256Hex(phone), newSecret(32));
    },

    async redeemDecoy(phone) {
      const result = await decoys.redeem(sha256Hex(phone), 'typed codes never match a decoy');
      return result === 'ok' ? 'wrong' : result;
    },
  };
}
