import { describe, expect, it } from 'vitest';
import { billingLookupHash } from '../../server/accounts/billingDetails.ts';
import { normalizeCardNumber, normalizePersonName } from '../../shared/billingInput.ts';

describe('billing details', () => {
  it('accepts card numbers as typed (spaces, dashes) when the Luhn check passes', () => {
    expect(normalizeCardNumber('4111 1111 1111 1111')).toBe('4111111111111111');
    expect(normalizeCardNumber('5555-5555-5555-4444')).toBe('5555555555554444');
    expect(normalizeCardNumber('4111 1111 1111 1112')).toBeNull();
    expect(normalizeCardNumber('1234')).toBeNull();
    expect(normalizeCardNumber('4111a111111111111')).toBeNull();
    expect(normalizeCardNumber({ length: 16 })).toBeNull();
  });

  it('compares names case- and space-insensitively', () => {
    expect(normalizePersonName('  Anna   MARIA ')).toBe('anna maria');
    expect(normalizePersonName('')).toBeNull();
    expect(normalizePersonName('x'.repeat(101))).toBeNull();
  });

  it('hashes with a key: another key gives another hash, and the number is not in it', () => {
    const a = billingLookupHash('key-one', 'anna', 'svensson', '4111111111111111');
    expect(a).toBe(billingLookupHash('key-one', 'anna', 'svensson', '4111111111111111'));
    expect(a).not.toBe(billingLookupHash('key-two', 'anna', 'svensson', '4111111111111111'));
    expect(a).not.toContain('4111');
  });
});
