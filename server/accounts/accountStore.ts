import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { normalizeEmail, normalizePhone, parseLoginIdentifier } from '../../shared/loginIdentifier.ts';
import { decoyHash, hashPassword, verifyPassword } from './passwordHash.ts';

// Accounts in Redis: one hash per account, plus one index key per email and per phone number.
// Uniqueness comes from SET NX on the index keys (atomic, and cluster-safe: one key each).

export interface Account {
  id: string;
  email?: string;
  phone?: string;
  name: string;
  createdAt: number;
}

export interface NewAccount {
  email?: string;
  phone?: string;
  name?: string;
  password: string;
}

export class AccountError extends Error {
  constructor(readonly reason: 'email_taken' | 'phone_taken' | 'invalid_email' | 'invalid_phone' | 'missing_login' | 'weak_password', message: string) {
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
}

export function createAccountStore(redis: Redis, keys: RedisKeys, clock: Clock): AccountStore {
  async function idByLogin(login: string): Promise<string | null> {
    const identifier = parseLoginIdentifier(login);
    if (!identifier) return null;
    const indexKey = identifier.kind === 'email' ? keys.accountByEmail(identifier.value) : keys.accountByPhone(identifier.value);
    return redis.get(indexKey);
  }

  async function get(accountId: string): Promise<Account | null> {
    const fields = await redis.hgetall(keys.account(accountId));
    if (!fields.id) return null;
    return { id: fields.id, email: fields.email || undefined, phone: fields.phone || undefined, name: fields.name ?? '', createdAt: Number(fields.createdAt) };
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
      const id = randomUUID();
      const passwordHash = await hashPassword(input.password);
      const claimed: string[] = [];
      try {
        for (const [indexKey, reason, value] of [
          [email && keys.accountByEmail(email), 'email_taken', email],
          [phone && keys.accountByPhone(phone), 'phone_taken', phone],
        ] as const) {
          if (!indexKey) continue;
          if ((await redis.set(indexKey, id, 'NX')) !== 'OK') {
            throw new AccountError(reason, `An account with ${value} already exists.`);
          }
          claimed.push(indexKey);
        }
        const account: Account = { id, email, phone, name: input.name?.trim() || (email ?? phone ?? ''), createdAt: clock.now() };
        await redis.hset(keys.account(id), {
          id, email: email ?? '', phone: phone ?? '', name: account.name, passwordHash, createdAt: account.createdAt,
        });
        return account;
      } catch (error) {
        if (claimed.length) await redis.del(...claimed);
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
  };
}
