import { hmacBase64Url } from '../crypto.ts';

// Billing details as far as account recovery needs them. The card number is never stored: only a
// keyed hash of (first name, last name, card number) that indexes the account, and the last four
// digits for display. The key comes from the app secret, so a copy of the store alone cannot be
// used to test card numbers offline (a plain hash of a 16-digit number would fall in minutes).

export type BillingMethod = 'card' | 'third_party' | 'other';
export const BILLING_METHODS: readonly BillingMethod[] = ['card', 'third_party', 'other'];

export interface BillingInput {
  method: BillingMethod;
  firstName: string;
  lastName: string;
  /** Required when method is 'card'. */
  cardNumber?: string;
}

/** Card number digits (spaces and dashes allowed when typed), or null unless 12–19 digits passing Luhn. */
export function normalizeCardNumber(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const digits = input.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return null;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0 ? digits : null;
}

/** A name as typed on either side compared the same way: NFKC, case-folded, single spaces. */
export function normalizePersonName(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const name = input.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  return name.length >= 1 && name.length <= 100 ? name : null;
}

/** The keyed hash that both stores and finds an account by billing details. */
export function billingLookupHash(key: string, firstName: string, lastName: string, cardDigits: string): string {
  return hmacBase64Url(key, `billing:v1\n${firstName}\n${lastName}\n${cardDigits}`);
}
