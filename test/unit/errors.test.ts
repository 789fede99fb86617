import { describe, expect, it } from 'vitest';
import { ERRORS, errorByCode } from '../../shared/errors.ts';

describe('error catalog', () => {
  it('gives every error a unique stable code, a 4xx/5xx status and plain words', () => {
    const codes = Object.values(ERRORS).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const error of Object.values(ERRORS)) {
      expect(error.code).toMatch(/^TV-\d{3}$/);
      expect(error.status).toBeGreaterThanOrEqual(400);
      expect(error.message.length).toBeGreaterThan(10);
    }
  });

  it('finds an error by its code', () => {
    expect(errorByCode('TV-100')?.id).toBe('code_not_found');
    expect(errorByCode('TV-999')).toBeUndefined();
  });
});
