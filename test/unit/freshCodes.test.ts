import { describe, expect, it } from 'vitest';
import { createFreshCodes, FRESH_FOR_MS } from '../../server/realtime/freshCodes.ts';

// A code's first listen on the node that issued it is answered from memory only while nothing can
// have happened to the code that the node did not hear about (server/realtime/freshCodes.ts).

const CODE = 'BCDFGHJK';
const deviceCode = (secretLetter = 'a') => `${CODE}.${secretLetter.repeat(43)}`;

function setup(options: { sharded?: boolean } = {}) {
  let now = 1_000_000;
  const bus = { sharded: options.sharded ?? false, ready: true, gen: 1, isReady: () => bus.ready, generation: () => bus.gen };
  const clock = { now: () => now };
  const fresh = createFreshCodes({ nodeId: 'node-1', bus, clock });
  const issue = (code = deviceCode()) => {
    const listener = fresh.reserve();
    if (listener) fresh.remember(listener, code.split('.')[0]!, code, now + 600_000);
    return listener;
  };
  return { fresh, bus, issue, advance: (ms: number) => (now += ms) };
}

describe('fresh codes: the first listen on the issuing node', () => {
  it('hands the reserved listener once, to the holder of the device code', () => {
    const { fresh, issue } = setup();
    const listener = issue();
    expect(listener?.listenerId).toMatch(/^node-1\./);
    expect(fresh.take(CODE, deviceCode('b'))).toBeUndefined();
    expect(fresh.take(CODE, deviceCode())).toEqual({ listenerId: listener!.listenerId, expiresAt: expect.any(Number) });
    expect(fresh.take(CODE, deviceCode())).toBeUndefined();
  });

  it('asks Redis after an event for the code', () => {
    const { fresh, issue } = setup();
    issue();
    fresh.forget(CODE);
    expect(fresh.take(CODE, deviceCode())).toBeUndefined();
  });

  it('asks Redis when the subscription may have missed something since the code was issued', () => {
    const lost = setup();
    lost.issue();
    lost.bus.gen += 1;
    expect(lost.fresh.take(CODE, deviceCode())).toBeUndefined();

    const down = setup();
    down.issue();
    down.bus.ready = false;
    expect(down.fresh.take(CODE, deviceCode())).toBeUndefined();

    const notYet = setup();
    notYet.bus.ready = false;
    expect(notYet.issue()).toBeUndefined();
  });

  it('asks Redis when the listen comes late', () => {
    const { fresh, issue, advance } = setup();
    issue();
    advance(FRESH_FOR_MS);
    expect(fresh.take(CODE, deviceCode())).toBeUndefined();
  });

  it('forgets old records as new codes come, so a flood of requests holds little', () => {
    const { fresh, issue, advance } = setup();
    issue();
    advance(FRESH_FOR_MS);
    issue(`CDFGHJKL.${'c'.repeat(43)}`);
    expect(fresh.size()).toBe(1);
  });

  it('never reserves on a Redis Cluster (events there travel on channels subscribed per listen)', () => {
    const { issue } = setup({ sharded: true });
    expect(issue()).toBeUndefined();
  });
});
