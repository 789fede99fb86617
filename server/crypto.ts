import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// Small helpers for secrets: how they are made, hashed for storage and compared.

/** A new random secret, base64url, with `bytes` bytes of entropy (32 = 256 bits). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 hex: how secrets (device codes, session ids, tokens) are stored and looked up. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function hmacBase64Url(key: string, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

/** Compares two strings without leaking where they differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
