import type { RedisClient } from '../store/redisClient.ts';
import type { MessageBus } from './messageBus.ts';

// How an event from a Lua script reaches the node holding the TV's socket, on one Redis and on a
// Redis Cluster.
//
// One Redis ('node' routing): the script publishes to the channel of the node recorded in the
// record (listenerNode); each node subscribes to its own channel once.
//
// Redis Cluster ('sharded' routing): a plain PUBLISH is broadcast over the cluster bus to every
// node of every shard, and a sharded SPUBLISH from a script only reaches subscribers when the
// channel hashes to the script's own slot (Redis 7.0 does not refuse one that does not: it
// publishes on the wrong shard, where nobody listens, and returns 0). So each record gets a
// channel with the record's own hash tag (pairing-events:{USER CODE}, account:{id}:device-events),
// the script SPUBLISHes to it atomically with the state change, and a node SSUBSCRIBEs to the
// channel of each TV it holds while it holds it. An event then costs one message on one shard
// and reaches only the node that wants it. The alternative, the server SPUBLISHing to a
// node-tagged channel after the script, loses the event if the node dies between the two.
// (Measured in bench/clusterPubSub.ts; see the README.)

export type EventRouting = 'node' | 'sharded';

export function eventRoutingOf(redis: RedisClient): EventRouting {
  return redis.isCluster ? 'sharded' : 'node';
}

/**
 * Lua source defining `publishEvent(node, tag, message)`: publishes to `nodeChannel(node)`
 * (node routing) or to `taggedChannel(tag)` in the script's own slot (sharded routing). The
 * channel names are built from the same TypeScript functions the subscribers use.
 */
export function luaPublishEvent(routing: EventRouting, nodeChannel: (node: string) => string, taggedChannel: (tag: string) => string): string {
  if (routing === 'node') {
    const [before, after] = splitAround(nodeChannel);
    return `local function publishEvent(node, tag, message) redis.call('PUBLISH', ${before} .. node .. ${after}, message) end\n`;
  }
  const [before, after] = splitAround(taggedChannel);
  return `local function publishEvent(node, tag, message) redis.call('SPUBLISH', ${before} .. tag .. ${after}, message) end\n`;
}

function splitAround(channelOf: (value: string) => string): [string, string] {
  const marker = '\u0000';
  const parts = channelOf(marker).split(marker);
  if (parts.length !== 2) throw new Error('a channel name must contain its parameter exactly once');
  return [JSON.stringify(parts[0]), JSON.stringify(parts[1])];
}

/** This node's subscription to one kind of event (pairing events, or device sign-outs), on the bus. */
export interface EventSubscription {
  /**
   * Starts routing events here (node routing: this node's channel). `onConfirmed` runs when a
   * subscription is confirmed again after a reconnect or failover: with the record's tag when only
   * that record's channel came back, without one when every record should be checked again.
   */
  start(onMessage: (message: string) => void, onConfirmed: (tag?: string) => void): void;
  /** Sharded routing: subscribes to the tag's channel (counted; resolves once confirmed). */
  watch(tag: string): Promise<void>;
  /** Sharded routing: drops one watch of the tag; the last one unsubscribes. */
  unwatch(tag: string): void;
}

export function createEventSubscription(deps: {
  bus: MessageBus;
  routing: EventRouting;
  nodeChannel: string;
  taggedChannel: (tag: string) => string;
}): EventSubscription {
  const { bus, routing, nodeChannel, taggedChannel } = deps;
  const watchers = new Map<string, { count: number; subscribed: Promise<void> }>();
  let onMessage: (message: string) => void = () => {};
  let onConfirmed: (tag?: string) => void = () => {};

  return {
    start(messageHandler, confirmedHandler) {
      onMessage = messageHandler;
      onConfirmed = confirmedHandler;
      if (routing === 'node') void bus.subscribe(nodeChannel, { onMessage, onConfirmed: () => onConfirmed() });
    },
    watch(tag) {
      if (routing === 'node') return Promise.resolve();
      const watched = watchers.get(tag);
      if (watched) {
        watched.count += 1;
        return watched.subscribed;
      }
      const subscribed = bus.subscribe(taggedChannel(tag), { onMessage: (message) => onMessage(message), onConfirmed: () => onConfirmed(tag) });
      watchers.set(tag, { count: 1, subscribed });
      return subscribed;
    },
    unwatch(tag) {
      const watched = watchers.get(tag);
      if (!watched) return;
      watched.count -= 1;
      if (watched.count > 0) return;
      watchers.delete(tag);
      bus.unsubscribe(taggedChannel(tag));
    },
  };
}
