// Billing details as typed into a form (account recovery) or the accounts command: checked and
// compared the same way by the page that asks and the store that looks them up.

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
