import { describe, expect, it } from 'vitest';
import { USER_CODE_ALPHABET, formatUserCode, generateUserCode, normalizeUserCode } from '../../shared/userCode.ts';

describe('user codes', () => {
  it('are 8 letters from the consonant alphabet', () => {
    for (let i = 0; i < 1000; i++) expect(generateUserCode()).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/);
  });

  it('use every letter equally often (no modulo bias)', () => {
    // Feed every byte value once per round: an unbiased mapping must yield each letter equally.
    let next = 0;
    const counts = new Map<string, number>();
    const rounds = 800;
    for (let i = 0; i < rounds; i++) {
      const code = generateUserCode((out) => {
        for (let j = 0; j < out.length; j++) out[j] = next++ % 256;
      });
      for (const ch of code) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join('')).toBe([...USER_CODE_ALPHABET].sort().join(''));
    const values = [...counts.values()];
    expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
  });

  it('skip bytes that would bias the result', () => {
    // 240..255 are above the largest multiple of 20 and must be thrown away, never mapped.
    const bytes = [250, 255, 240, 0, 1, 2, 3, 4, 5, 6, 7];
    let i = 0;
    const code = generateUserCode((out) => {
      for (let j = 0; j < out.length; j++) out[j] = bytes[i++ % bytes.length]!;
    });
    expect(code).toBe('BCDFGHJK');
  });

  it('normalize what people type: case, spaces, dashes', () => {
    expect(normalizeUserCode('bcdf-ghjk')).toBe('BCDFGHJK');
    expect(normalizeUserCode(' BCDF GHJK ')).toBe('BCDFGHJK');
    expect(normalizeUserCode('b-c-d-f-g-h-j-k')).toBe('BCDFGHJK');
    expect(normalizeUserCode('bcdf–ghjk')).toBe('BCDFGHJK');
  });

  it('reject anything that cannot be a code', () => {
    for (const bad of ['', 'BCDFGHJ', 'BCDFGHJKL', 'BCDFGHJA', 'BCDF0HJK', 42, null, undefined, 'x'.repeat(1000)]) {
      expect(normalizeUserCode(bad)).toBeNull();
    }
  });

  it('format as XXXX-XXXX', () => {
    expect(formatUserCode('bcdfghjk')).toBe('BCDF-GHJK');
    expect(formatUserCode('nonsense')).toBe('');
  });
});
