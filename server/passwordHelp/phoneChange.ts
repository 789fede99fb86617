import type { RedisClient } from '../store/redisClient.ts';
import { randomInt } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import type { Account, AccountStore } from '../accounts/accountStore.ts';
import { AccountError } from '../accounts/accountStore.ts';
import type { Notifier } from '../notify/notifier.ts';
import { maskRecipient } from '../../shared/maskRecipient.ts';
import { hmacBase64Url } from '../crypto.ts';
import { translator } from '../../shared/i18n/index.ts';
import { createOneTimeSecrets, type RedeemResult } from './oneTimeSecrets.ts';
import { SMS_CODE_MAX_WRONG_TRIES } from './smsCodes.ts';

// Adding or changing the phone number (issue 12, item 3). The number can reset the password by
// SMS, so setting it takes proof: the current password (checked by the route), then a code texted
// to the new number, which becomes the account's number only when that code is typed. Afterwards
// the account's email and the old number are told, so a change the owner did not make is seen.
//
// The pending number is kept beside a one-time code record; the code's HMAC binds account, number
// and code, so a code texted to one number can never confirm another.

/** What the change needs of an account: who to tell, and where. */
type AccountContact = Pick<Account, 'id' | 'name' | 'email' | 'phone'>;

export type PhoneChangeResult = 'ok' | 'phone_taken' | Exclude<RedeemResult, 'ok'>;

export interface PhoneChanges {
  /** Texts a code to `phone` (normalized) for the account; replaces any change under way. */
  start(account: AccountContact, phone: string, locale: string): Promise<void>;
  /** The number waiting for its code, or null. */
  pendingNumber(accountId: string): Promise<string | null>;
  /** With the right code the number is set, and the email and old number get a notice. */
  confirm(account: AccountContact, typed: unknown, locale: string): Promise<PhoneChangeResult>;
}

export function createPhoneChanges(deps: {
  redis: RedisClient; keys: RedisKeys; clock: Clock; accounts: AccountStore; notifier: Notifier;
  hashKey: string; lifetimeSeconds: number; publicUrl: string;
}): PhoneChanges {
  const { redis, keys, clock, notifier } = deps;
  const codes = createOneTimeSecrets(redis, clock, { keyOf: keys.phoneChangeCode, lifetimeSeconds: deps.lifetimeSeconds, maxWrongTries: SMS_CODE_MAX_WRONG_TRIES });
  const hashOf = (accountId: string, phone: string, code: string) => hmacBase64Url(deps.hashKey, `phone-change:${accountId}:${phone}:${code}`);

  function notify(account: AccountContact, previous: string | undefined, phone: string, locale: string) {
    const t = translator(locale);
    const time = new Date(clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    const link = `${deps.publicUrl}/loginhelp`;
    const shown = maskRecipient(phone);
    if (account.email) notifier.email({ to: account.email, subject: t('phone.mailSubject'), text: t('phone.mailBody', { name: account.name, phone: shown, time, link }) });
    if (previous && previous !== phone) notifier.sms({ to: previous, text: t('phone.oldNumberText', { phone: shown, time, link }) });
  }

  return {
    async start(account, phone, locale) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const expiresAt = await codes.issue(account.id, hashOf(account.id, phone, code));
      await redis.set(keys.phoneChangeNumber(account.id), phone, 'PX', expiresAt - clock.now() + 60_000);
      const t = translator(locale);
      notifier.sms({ to: phone, text: t('phone.codeText', { code, minutes: Math.round(deps.lifetimeSeconds / 60) }) });
    },

    pendingNumber: (accountId) => redis.get(keys.phoneChangeNumber(accountId)),

    async confirm(account, typed, locale) {
      const phone = await redis.get(keys.phoneChangeNumber(account.id));
      if (!phone) return 'dead';
      const code = typeof typed === 'string' ? typed.replace(/[\s-]/g, '') : '';
      const result = await codes.redeem(account.id, hashOf(account.id, phone, /^\d{6}$/.test(code) ? code : 'not-a-code'));
      if (result !== 'ok') return result;
      await redis.del(keys.phoneChangeNumber(account.id));
      try {
        await deps.accounts.setPhone(account.id, phone);
      } catch (error) {
        if (error instanceof AccountError && error.reason === 'phone_taken') return 'phone_taken';
        throw error;
      }
      notify(account, account.phone, phone, locale);
      return 'ok';
    },
  };
}
