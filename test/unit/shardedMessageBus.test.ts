import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { createShardedMessageBus } from '../../server/realtime/shardedMessageBus.ts';

// ioredis's Cluster can throw from ssubscribe/sunsubscribe instead of rejecting (its sharded
// subscriber group has no slot map for a moment after connecting or a failover: "Cannot read
// properties of undefined"). Unsubscribing runs from a TV socket's close handler, where a throw
// would end the process; subscribing must leave the channel to be retried.

class ThrowingSubscriber extends EventEmitter {
  status = 'ready';
  ssubscribe(): Promise<unknown> {
    throw new TypeError("Cannot read properties of undefined (reading '0')");
  }
  sunsubscribe(): Promise<unknown> {
    throw new TypeError("Cannot read properties of undefined (reading '0')");
  }
}

describe('the sharded message bus when ioredis throws', () => {
  it('turns a thrown ssubscribe into a rejection and a not-ready bus; a thrown sunsubscribe into nothing', async () => {
    const bus = createShardedMessageBus(new ThrowingSubscriber() as unknown as Cluster, pino({ level: 'silent' }));
    await bus.start();
    await expect(bus.subscribe('tvs:pairing-events:{ABCDEFGH}', { onMessage() {} })).rejects.toThrow(TypeError);
    expect(bus.isReady()).toBe(false);
    expect(() => bus.unsubscribe('tvs:pairing-events:{ABCDEFGH}')).not.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 10));
    await bus.stop();
  });
});
