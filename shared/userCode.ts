// User codes: the short, public code a TV shows and a person types on a phone or computer.
//
// 20 consonants (no vowels, so codes never spell words; no look-alikes such as 0/O or 1/I),
// 8 characters: 20^8 ≈ 2.6e10 codes, about 34 bits. RFC 8628 §6.1 suggests this very alphabet.
// Shown as XXXX-XXXX; accepted in any case, with any spaces or dashes.

export const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export const USER_CODE_LENGTH = 8;

/** Fills `out` with random bytes. Injected so tests can drive it; crypto.getRandomValues in use. */
export type RandomBytes = (out: Uint8Array) => void;

const defaultRandomBytes: RandomBytes = (out) => {
  globalThis.crypto.getRandomValues(out);
};

// Largest multiple of the alphabet size that fits in a byte: bytes at or above it are thrown away
// so that every letter is exactly equally likely (no modulo bias).
const UNBIASED_LIMIT = 256 - (256 % USER_CODE_ALPHABET.length);

/** A new user code in canonical form (8 upper-case letters, no dash). */
export function generateUserCode(randomBytes: RandomBytes = defaultRandomBytes): string {
  let code = '';
  const buffer = new Uint8Array(USER_CODE_LENGTH * 2);
  while (code.length < USER_CODE_LENGTH) {
    randomBytes(buffer);
    for (const byte of buffer) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += USER_CODE_ALPHABET[byte % USER_CODE_ALPHABET.length];
      if (code.length === USER_CODE_LENGTH) break;
    }
  }
  return code;
}

/**
 * The canonical form of what a person typed, or null when it cannot be a user code.
 * Case, spaces, dashes and similar separators are ignored; anything else makes it invalid.
 */
export function normalizeUserCode(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 64) return null;
  const compact = input.toUpperCase().replace(/[\s\-‐‑‒–—_.]/g, '');
  if (compact.length !== USER_CODE_LENGTH) return null;
  for (const ch of compact) {
    if (!USER_CODE_ALPHABET.includes(ch)) return null;
  }
  return compact;
}

/** XXXX-XXXX for display. Accepts canonical or sloppy input; returns '' for invalid input. */
export function formatUserCode(code: string): string {
  const canonical = normalizeUserCode(code);
  if (!canonical) return '';
  return `${canonical.slice(0, 4)}-${canonical.slice(4)}`;
}
