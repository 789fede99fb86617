import { pino } from 'pino';
import { createEventSubscription, eventRoutingOf } from '../../server/realtime/eventChannels.ts';
import type { RedisClient } from '../../server/store/redisClient.ts';

/**
 * Collects the events a node would get for one record: its node channel on one Redis, or the
 * record's sharded channel on a Redis Cluster (the same subscription code the listeners use).
 */
export async function collectEvents(subscriber: RedisClient, nodeChannel: string, taggedChannel: (tag: string) => string, tag: string): Promise<string[]> {
  const received: string[] = [];
  const events = createEventSubscription({ subscriber, routing: eventRoutingOf(subscriber), nodeChannel, taggedChannel, logger: pino({ level: 'silent' }) });
  await events.start((message) => received.push(message), () => {});
  await events.watch(tag);
  return received;
}
