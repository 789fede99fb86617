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

/** The keyed hash that both stores and finds an account by billing details. */
export function billingLookupHash(key: string, firstName: string, lastName: string, cardDigits: string): string {
  return hmacBase64Url(key, `billing:v1\n${firstName}\n${lastName}\n${cardDigits}`);
}
