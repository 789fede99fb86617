import { EventEmitter } from 'node:events';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Cluster } from 'ioredis';
import { createShardedMessageBus } from '../../server/realtime/shardedMessageBus.ts';

// ioredis's Cluster can throw from ssubscribe/sunsubscribe instead of rejecting (its sharded
// subscriber group has no slot map for a moment after connecting or a failover: "Cannot read
// properties of undefined"). Unsubscribing runs from a TV socket's close handler, where a throw
// would end the process; subscribing must leave the channel to be retried.

/** Records the order in which commands reach the (would-be) connection. */
class RecordingSubscriber extends EventEmitter {
  status = 'ready';
  readonly sent: string[] = [];
  async ssubscribe(channel: string): Promise<unknown> {
    this.sent.push(`SSUBSCRIBE ${channel}`);
    return 1;
  }
  async sunsubscribe(channel: string): Promise<unknown> {
    this.sent.push(`SUNSUBSCRIBE ${channel}`);
    return 0;
  }
}

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

  it('sends an unsubscribe before a subscribe that follows it, so a TV that listens again is not left deaf', async () => {
    // A TV told TV-503 during a failover listens again with the same code: its listener is removed
    // (SUNSUBSCRIBE) and added (SSUBSCRIBE) in the same tick. Redis must see them in that order.
    const subscriber = new RecordingSubscriber();
    const bus = createShardedMessageBus(subscriber as unknown as Cluster, pino({ level: 'silent' }));
    await bus.start();
    const channel = 'tvs:pairing-events:{ABCDEFGH}';
    await bus.subscribe(channel, { onMessage() {} });
    bus.unsubscribe(channel);
    const again = bus.subscribe(channel, { onMessage() {} });
    await again;
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(subscriber.sent).toEqual([`SSUBSCRIBE ${channel}`, `SUNSUBSCRIBE ${channel}`, `SSUBSCRIBE ${channel}`]);
    await bus.stop();
  });
});
