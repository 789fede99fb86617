import { pino } from 'pino';
import { createEventSubscription } from '../../server/realtime/eventChannels.ts';
import { createMessageBus } from '../../server/realtime/messageBus.ts';
import type { RedisClient } from '../../server/store/redisClient.ts';

/**
 * Collects the events a node would get for one record: its node channel on one Redis, or the
 * record's sharded channel on a Redis Cluster (the same bus and subscription code the listeners use).
 * Returns the messages (filled as they come) and a stop for the bus.
 */
export async function collectEvents(subscriber: RedisClient, nodeChannel: string, taggedChannel: (tag: string) => string, tag: string): Promise<string[]> {
  const received: string[] = [];
  const bus = createMessageBus(subscriber, pino({ level: 'silent' }));
  const events = createEventSubscription({ bus, routing: bus.sharded ? 'sharded' : 'node', nodeChannel, taggedChannel });
  events.start((message) => received.push(message), () => {});
  await bus.start();
  await events.watch(tag);
  return received;
}
