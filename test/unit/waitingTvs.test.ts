import { describe, expect, it } from 'vitest';
import { WaitingTvs, type WaitingTv } from '../../server/realtime/waitingTvs.ts';
import type { TvConnection } from '../../server/realtime/pairingListeners.ts';

// The waiting-TV bookkeeping keeps a lone TV without a Set (memory at 100,000 TVs); these check
// that it still behaves as a set of TVs by code and by connection whatever the mix.

const connection = (): TvConnection => ({ address: '127.0.0.1', send: () => {} });
const tv = (userCode: string, on: TvConnection): WaitingTv => ({
  id: Math.random().toString(36), deviceCode: `${userCode}.secret`, userCode, connection: on, expiresAt: Infinity, queue: Promise.resolve(), finished: false,
});

describe('waiting TVs', () => {
  it('finds one TV by code and by connection, and forgets it once', () => {
    const waiting = new WaitingTvs();
    const socket = connection();
    const a = tv('AAAABBBB', socket);
    waiting.add(a);
    expect(waiting.withCode('AAAABBBB')).toEqual([a]);
    expect(waiting.on(socket)).toEqual([a]);
    expect(waiting.size).toBe(1);
    expect(waiting.remove(a)).toBe(true);
    expect(a.finished).toBe(true);
    expect(waiting.remove(a)).toBe(false);
    expect(waiting.withCode('AAAABBBB')).toEqual([]);
    expect(waiting.on(socket)).toEqual([]);
    expect(waiting.size).toBe(0);
  });

  it('keeps several TVs on one code and several codes on one connection apart', () => {
    const waiting = new WaitingTvs();
    const [s1, s2] = [connection(), connection()];
    const a = tv('AAAABBBB', s1);
    const b = tv('AAAABBBB', s2);
    const c = tv('CCCCDDDD', s1);
    for (const t of [a, b, c]) waiting.add(t);
    expect(new Set(waiting.withCode('AAAABBBB'))).toEqual(new Set([a, b]));
    expect(new Set(waiting.on(s1))).toEqual(new Set([a, c]));
    expect(new Set(waiting.all())).toEqual(new Set([a, b, c]));
    expect(waiting.size).toBe(3);

    waiting.remove(a);
    expect(waiting.withCode('AAAABBBB')).toEqual([b]);
    expect(waiting.on(s1)).toEqual([c]);
    waiting.add(a);
    expect(new Set(waiting.withCode('AAAABBBB'))).toEqual(new Set([a, b]));
    for (const t of [a, b, c]) waiting.remove(t);
    expect([...waiting.all()]).toEqual([]);
    expect(waiting.size).toBe(0);
  });
});
