import { describe, expect, it } from 'vitest';
import { newSecret, randomBytesPooled } from '../../server/crypto.ts';

// Secrets, IVs and codes come from a pool of random bytes filled 4 KB at a time. Every byte must
// be handed out once: two secrets sharing bytes would be a disaster nobody notices by looking.

describe('pooled random bytes', () => {
  it('never hands out the same bytes twice, across many refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) seen.add(randomBytesPooled(12).toString('hex'));
    expect(seen.size).toBe(5_000);
  });

  it('gives copies: changing one leaves the next untouched, and requests of any size work', () => {
    const first = randomBytesPooled(32);
    const copy = Buffer.from(first);
    first.fill(0);
    expect(randomBytesPooled(32).equals(copy)).toBe(false);
    expect(randomBytesPooled(10_000)).toHaveLength(10_000);
    expect(randomBytesPooled(4_096)).toHaveLength(4_096);
  });

  it('bytes look uniform (a pool that handed out zeroes or repeats would fail)', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 200; i++) for (const byte of randomBytesPooled(256)) counts[byte]! += 1;
    // 51,200 bytes: 200 expected per value; far outside ±40% only if something is broken.
    expect(Math.min(...counts)).toBeGreaterThan(120);
    expect(Math.max(...counts)).toBeLessThan(280);
    expect(newSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
