import { newSecret } from '../crypto.ts';

// Refresh tokens are opaque to clients: "<account id>.<device session id>.<256-bit secret>".
// The ids only say where to look (one Redis key, no index of token hashes to keep); the secret
// is what proves possession, and Redis keeps only its SHA-256.

export interface RefreshTokenParts {
  accountId: string;
  deviceSessionId: string;
}

const ACCOUNT_ID = /^[A-Za-z0-9-]{1,64}$/;
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;

export function newDeviceSessionId(): string {
  return newSecret(16);
}

export function newRefreshToken(parts: RefreshTokenParts): string {
  return `${parts.accountId}.${parts.deviceSessionId}.${newSecret(32)}`;
}

/** Where a refresh token points, or null for anything that cannot be one of ours. */
export function parseRefreshToken(token: unknown): RefreshTokenParts | null {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [accountId, deviceSessionId, secret, extra] = token.split('.');
  if (extra !== undefined || !accountId || !deviceSessionId || !secret) return null;
  if (!ACCOUNT_ID.test(accountId) || !SESSION_ID.test(deviceSessionId) || !SECRET.test(secret)) return null;
  return { accountId, deviceSessionId };
}

export function isDeviceSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}
