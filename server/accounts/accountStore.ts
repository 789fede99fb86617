import type { RedisClient } from '../store/redisClient.ts';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { normalizeEmail, normalizePhone, parseLoginIdentifier } from '../../shared/loginIdentifier.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwordHash.ts';
import { initialProfiles, parseProfiles, type NewProfile, type Profile } from './profiles.ts';
import { billingLookupHash, type BillingInput, type BillingMethod } from './billingDetails.ts';
import { normalizeCardNumber, normalizePersonName } from '../../shared/billingInput.ts';

// Accounts in Redis: one hash per account, plus one index key per email and per phone number.
// Uniqueness comes from SET NX on the index keys (atomic, and cluster-safe: one key each).

export interface Account {
  id: string;
  email?: string;
  phone?: string;
  name: string;
  createdAt: number;
  profiles: Profile[];
  /** How the account pays; absent when unknown (then billing recovery cannot find it). */
  billing?: { method: BillingMethod; cardLast4?: string };
}

export interface NewAccount {
  email?: string;
  phone?: string;
  name?: string;
  password: string;
  profiles?: NewProfile[];
  billing?: BillingInput;
}

export type AccountErrorReason = 'email_taken' | 'phone_taken' | 'invalid_email' | 'invalid_phone' | 'missing_login' | 'weak_password' | 'invalid_billing';

export class AccountError extends Error {
  constructor(readonly reason: AccountErrorReason, message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export interface AccountStore {
  create(input: NewAccount): Promise<Account>;
  get(accountId: string): Promise<Account | null>;
  findByLogin(login: string): Promise<Account | null>;
  /** The account if login and password match. Takes as long for unknown logins as for known ones. */
  authenticate(login: string, password: string): Promise<Account | null>;
  /** Whether this is the account's current password (scrypt check). */
  passwordMatches(accountId: string, password: string): Promise<boolean>;
  /** Stores a new password (already checked against the password rules). */
  setPassword(accountId: string, password: string): Promise<void>;
  /** Adds or changes the phone number; throws AccountError('phone_taken') if another account has it. */
  setPhone(accountId: string, phone: string): Promise<void>;
  /** The account whose billing details are exactly these (keyed-hash lookup; nothing else is compared). */
  findByBilling(firstName: string, lastName: string, cardNumber: string): Promise<Account | null>;
}

export interface AccountStoreOptions {
  /** Keys the billing-details hash; derived from the app secret. Without it no card can be stored. */
  billingKey?: string;
}

export function createAccountStore(redis: RedisClient, keys: RedisKeys, clock: Clock, options: AccountStoreOptions = {}): AccountStore {
  async function idByLogin(login: string): Promise<string | null> {
    const identifier = parseLoginIdentifier(login);
    if (!identifier) return null;
    const indexKey = identifier.kind === 'email' ? keys.accountByEmail(identifier.value) : keys.accountByPhone(identifier.value);
    return redis.get(indexKey);
  }

  async function get(accountId: string): Promise<Account | null> {
    const fields = await redis.hgetall(keys.account(accountId));
    if (!fields.id) return null;
    const name = fields.name ?? '';
    const method = fields.billingMethod as BillingMethod | undefined;
    return {
      id: fields.id, email: fields.email || undefined, phone: fields.phone || undefined, name, createdAt: Number(fields.createdAt),
      profiles: parseProfiles(fields.profiles, name),
      billing: method ? { method, cardLast4: fields.billingCardLast4 || undefined } : undefined,
    };
  }

  /** The billing fields to store, and the index key for card billing. Validates before anything is written. */
  function billingFields(input: BillingInput | undefined): { fields: Record<string, string>; indexKey?: string } {
    if (!input) return { fields: {} };
    const first = normalizePersonName(input.firstName);
    const last = normalizePersonName(input.lastName);
    if (!first || !last) throw new AccountError('invalid_billing', 'Billing details need a first and a last name.');
    if (input.method !== 'card') return { fields: { billingMethod: input.method } };
    const card = normalizeCardNumber(input.cardNumber);
    if (!card) throw new AccountError('invalid_billing', 'The card number is not a valid card number (12–19 digits, Luhn check).');
    if (!options.billingKey) throw new AccountError('invalid_billing', 'Card billing needs the app secret (billing key) to be configured.');
    const hash = billingLookupHash(options.billingKey, first, last, card);
    return { fields: { billingMethod: 'card', billingCardLast4: card.slice(-4), billingHash: hash }, indexKey: keys.accountByBilling(hash) };
  }

  return {
    async create(input) {
      const email = input.email === undefined ? undefined : normalizeEmail(input.email);
      const phone = input.phone === undefined ? undefined : normalizePhone(input.phone);
      if (email === null) throw new AccountError('invalid_email', `"${input.email}" is not an email address.`);
      if (phone === null) throw new AccountError('invalid_phone', `"${input.phone}" is not a phone number in international form (+46…).`);
      if (!email && !phone) throw new AccountError('missing_login', 'An account needs an email address or a phone number.');
      if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
        throw new AccountError('weak_password', `The password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters long.`);
      }
      const billing = billingFields(input.billing);
      const id = randomUUID();
      const passwordHash = await hashPassword(input.password);
      const claimed: string[] = [];
      try {
        for (const [indexKey, reason, value] of [
          [email && keys.accountByEmail(email), 'email_taken', email],
          [phone && keys.accountByPhone(phone), 'phone_taken', phone],
          // Two accounts with the same names and card: recovery could not tell them apart.
          [billing.indexKey, 'invalid_billing', 'these billing details'],
        ] as const) {
          if (!indexKey) continue;
          if ((await redis.set(indexKey, id, 'NX')) !== 'OK') {
            throw new AccountError(reason, `An account with ${value} already exists.`);
          }
          claimed.push(indexKey);
        }
        const name = input.name?.trim() || (email ?? phone ?? '');
        const profiles = initialProfiles(name, input.profiles);
        await redis.hset(keys.account(id), {
          id, email: email ?? '', phone: phone ?? '', name, passwordHash, createdAt: clock.now(), profiles: JSON.stringify(profiles), ...billing.fields,
        });
        return (await get(id))!;
      } catch (error) {
        // One DEL per index key: they live in different cluster slots.
        await Promise.all(claimed.map((key) => redis.del(key)));
        throw error;
      }
    },

    get,

    async findByLogin(login) {
      const id = await idByLogin(login);
      return id ? get(id) : null;
    },

    async authenticate(login, password) {
      if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return null;
      const id = await idByLogin(login);
      const stored = id ? await redis.hget(keys.account(id), 'passwordHash') : null;
      const matches = await verifyPassword(password, stored ?? (await decoyHash()));
      return matches && id ? get(id) : null;
    },

    async passwordMatches(accountId, password) {
      if (typeof password !== 'string' || password.length > MAX_PASSWORD_LENGTH) return false;
      const stored = await redis.hget(keys.account(accountId), 'passwordHash');
      return verifyPassword(password, stored ?? (await decoyHash()));
    },

    async setPassword(accountId, password) {
      const passwordHash = await hashPassword(password);
      await redis.hset(keys.account(accountId), { passwordHash, passwordChangedAt: clock.now() });
    },

    async setPhone(accountId, input) {
      const phone = normalizePhone(input);
      if (!phone) throw new AccountError('invalid_phone', `"${input}" is not a phone number in international form (+46…).`);
      const indexKey = keys.accountByPhone(phone);
      if ((await redis.set(indexKey, accountId, 'NX')) !== 'OK' && (await redis.get(indexKey)) !== accountId) {
        throw new AccountError('phone_taken', 'Another account already has this phone number.');
      }
      const previous = await redis.hget(keys.account(accountId), 'phone');
      await redis.hset(keys.account(accountId), 'phone', phone);
      if (previous && previous !== phone) await redis.del(keys.accountByPhone(previous));
    },

    async findByBilling(firstName, lastName, cardNumber) {
      const first = normalizePersonName(firstName);
      const last = normalizePersonName(lastName);
      const card = normalizeCardNumber(cardNumber);
      if (!first || !last || !card || !options.billingKey) return null;
      const id = await redis.get(keys.accountByBilling(billingLookupHash(options.billingKey, first, last, card)));
      return id ? get(id) : null;
    },
  };
}
