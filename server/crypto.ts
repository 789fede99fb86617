import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// Small helpers for secrets: how they are made, hashed for storage and compared.

// Random bytes are drawn from a pool filled 4 KB at a time (as nanoid does): each fill is one call
// into OpenSSL, and on this project's VMs a call costs about as much as the bytes it asks for: one
// per secret, IV and code made up ~4% of the CPU of issuing a code (issue 11 profile). Every byte
// is handed out once, as a copy, and the pool is refilled before it runs dry.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `bytes` fresh random bytes (a copy: the caller may keep or change it). */
export function randomBytesPooled(bytes: number): Buffer {
  if (bytes > POOL_BYTES) return randomBytes(bytes);
  if (poolOffset + bytes > pool.length) {
    pool = randomBytes(POOL_BYTES);
    poolOffset = 0;
  }
  const out = Buffer.from(pool.subarray(poolOffset, poolOffset + bytes));
  // Handed-out bytes are wiped from the pool, so a later bug that reads the pool cannot reveal them.
  pool.fill(0, poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

/** Fills `out` from the pool (for generateUserCode). */
export function fillRandom(out: Uint8Array): void {
  out.set(randomBytesPooled(out.length));
}

/** A new random secret, base64url, with `bytes` bytes of entropy (32 = 256 bits). */
export function newSecret(bytes = 32): string {
  return randomBytesPooled(bytes).toString('base64url');
}

/** SHA-256 hex: how secrets (device codes, session ids, tokens) are stored and looked up. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** SHA-256 as bytes, for comparing a secret with timingSafeEqual without keeping it. */
export function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
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

const SEALED_VERSION = 'v1';

/**
 * Derived keys by purpose and secret: every caller seals with a server secret, so there are a
 * handful, and deriving one (HKDF) per token box cost ~2% of a node's CPU per sign-in (issue 11
 * profile). Bounded all the same, should a caller ever seal with a secret per record.
 */
const derivedKeys = new Map<string, Buffer>();
const MAX_DERIVED_KEYS = 16;

function sealingKey(secret: string, purpose: string): Buffer {
  const id = `${purpose}\n${secret}`;
  let key = derivedKeys.get(id);
  if (!key) {
    if (derivedKeys.size >= MAX_DERIVED_KEYS) derivedKeys.clear();
    key = Buffer.from(hkdfSync('sha256', secret, 'tv-signin', purpose, 32));
    derivedKeys.set(id, key);
  }
  return key;
}

/**
 * Encrypts and authenticates `plaintext` (AES-256-GCM) under a key derived from `secret` for one
 * `purpose`; `context` (a user code, say) is authenticated alongside, so a sealed value cannot be
 * moved to another record. For values Redis must hold but must not be able to read.
 */
export function seal(secret: string, purpose: string, context: string, plaintext: string): string {
  const iv = randomBytesPooled(12);
  const cipher = createCipheriv('aes-256-gcm', sealingKey(secret, purpose), iv);
  cipher.setAAD(Buffer.from(context));
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [SEALED_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The plaintext, or null if the value was not sealed with this secret, purpose and context. */
export function unseal(secret: string, purpose: string, context: string, value: string): string | null {
  const [version, iv, tag, sealed] = value.split('.');
  if (version !== SEALED_VERSION || !iv || !tag || !sealed) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', sealingKey(secret, purpose), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
