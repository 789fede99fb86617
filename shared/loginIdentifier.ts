// What a person types to sign in: an email address or a phone number. Both are normalized the
// same way everywhere (TV, companion, server) so "Anna@Example.com " and "anna@example.com" match.

export type LoginIdentifier = { kind: 'email'; value: string } | { kind: 'phone'; value: string };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** Lower-cased, trimmed email, or null. */
export function normalizeEmail(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const email = input.trim().toLowerCase();
  return email.length <= 254 && EMAIL.test(email) ? email : null;
}

/** E.164 (+46701234567), or null. Accepts spaces, dashes, dots, brackets and a 00 prefix. */
export function normalizePhone(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 32) return null;
  let phone = input.trim().replace(/[\s\-.()]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  return /^\+[1-9]\d{6,14}$/.test(phone) ? phone : null;
}

export function parseLoginIdentifier(input: unknown): LoginIdentifier | null {
  const email = normalizeEmail(input);
  if (email) return { kind: 'email', value: email };
  const phone = normalizePhone(input);
  if (phone) return { kind: 'phone', value: phone };
  return null;
}
