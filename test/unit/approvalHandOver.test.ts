import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createPairingListeners, type TvConnection } from '../../server/realtime/pairingListeners.ts';
import type { ChannelHandler, MessageBus } from '../../server/realtime/messageBus.ts';
import type { SignInCollector } from '../../server/pairing/signInCollector.ts';
import { createTokenBoxes, type TokenBoxContents } from '../../server/pairing/tokenBox.ts';
import type { DeviceSession } from '../../server/devices/deviceSessionStore.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import { sha256Hex } from '../../server/crypto.ts';
import type { ServerToTv } from '../../shared/protocol.ts';

// An approval that brings its tokens is pushed by the TV's node without asking Redis
// (server/pairing/signInApprover.ts): only to the listener Redis named, and only if the box opens
// with that listener's device code. Any other socket waiting with the same user code (a forged
// device code whose check has not come back yet, say) gets nothing from the event.

const CODE = 'BCDFGHJK';
const TV_CODE = `${CODE}.${'a'.repeat(43)}`;
const FORGED_CODE = `${CODE}.${'b'.repeat(43)}`;
const boxes = createTokenBoxes('test secret');
const contents = {
  tokens: { access_token: 'access', token_type: 'Bearer', expires_in: 600, refresh_token: 'refresh' },
  session: { id: 'session-1', accountId: 'account-1' } as DeviceSession,
  refreshToken: 'refresh',
} satisfies TokenBoxContents;

function setup() {
  const handlers: ChannelHandler[] = [];
  const bus = {
    sharded: false,
    subscribe: async (_channel: string, handler: ChannelHandler) => void handlers.push(handler),
    unsubscribe: () => {},
    start: async () => {},
    isReady: () => true,
    generation: () => 1,
    stop: async () => {},
  } satisfies MessageBus;
  /** Listener ids by device code, as the claim would record them; the claims never answer here. */
  const listenerIds = new Map<string, string>();
  const claims: string[] = [];
  const collector: SignInCollector = {
    collect: (deviceCode, options) => {
      listenerIds.set(deviceCode, options.listenerId!);
      claims.push(deviceCode);
      return new Promise(() => {});
    },
  };
  const delivered: { claimed: boolean }[] = [];
  const listeners = createPairingListeners({
    nodeId: 'node-1', bus, keys: createRedisKeys('t:'), collector, pairings: { tvGone: async () => false },
    clock: { now: () => Date.now() }, logger: pino({ level: 'silent' }), boxes, onDelivered: (delivery) => delivered.push(delivery),
  });
  const tv = (): TvConnection & { got: ServerToTv[] } => {
    const got: ServerToTv[] = [];
    return { got, send: (message) => got.push(message) };
  };
  const publish = (listenerId: string, box: string) => {
    for (const handler of handlers) handler.onMessage(`${CODE} approved ${Date.now()} ${listenerId}\n${box}`);
  };
  return { listeners, listenerIds, claims, delivered, tv, publish };
}

describe('an approval with its tokens, handed over from the event', () => {
  it('goes to the listener Redis named, and to no other socket with the same user code', async () => {
    const { listeners, listenerIds, claims, delivered, tv, publish } = setup();
    await listeners.start();
    const real = tv();
    const forged = tv();
    void listeners.listen(real, TV_CODE);
    void listeners.listen(forged, FORGED_CODE);
    await new Promise((resolve) => setImmediate(resolve));
    expect(claims).toEqual([TV_CODE, FORGED_CODE]);

    publish(listenerIds.get(TV_CODE)!, boxes.seal(CODE, sha256Hex(TV_CODE), contents));

    expect(real.got).toEqual([{ type: 'approved', ...contents.tokens }]);
    expect(delivered).toEqual([{ decidedAt: expect.any(Number), claimed: false }]);
    expect(listeners.isWaiting(real)).toBe(false);
    // The other socket only looks again, through the claim (which checks its device code), once
    // its first check has come back (never, here).
    expect(forged.got).toEqual([]);
    expect(listeners.isWaiting(forged)).toBe(true);
  });

  it('is not opened by a listener whose device code it was not sealed for', async () => {
    const { listeners, listenerIds, tv, publish } = setup();
    await listeners.start();
    const forged = tv();
    void listeners.listen(forged, FORGED_CODE);
    await new Promise((resolve) => setImmediate(resolve));

    // Even if an event named it, the box (sealed for the TV's device code) does not open.
    publish(listenerIds.get(FORGED_CODE)!, boxes.seal(CODE, sha256Hex(TV_CODE), contents));

    expect(forged.got).toEqual([]);
    expect(listeners.isWaiting(forged)).toBe(true);
  });

  it('goes to the socket Redis named when the TV has two open with its code (it reconnected)', async () => {
    const { listeners, listenerIds, tv, publish } = setup();
    await listeners.start();
    const before = tv();
    void listeners.listen(before, TV_CODE);
    const beforeId = listenerIds.get(TV_CODE)!;
    const after = tv();
    void listeners.listen(after, TV_CODE);
    await new Promise((resolve) => setImmediate(resolve));
    const afterId = listenerIds.get(TV_CODE)!;
    expect(afterId).not.toBe(beforeId);

    publish(afterId, boxes.seal(CODE, sha256Hex(TV_CODE), contents));

    expect(after.got).toEqual([{ type: 'approved', ...contents.tokens }]);
    expect(before.got).toEqual([]);
  });
});
