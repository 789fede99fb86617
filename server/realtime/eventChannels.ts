import type { Logger } from 'pino';
import type { Cluster } from 'ioredis';
import type { RedisClient } from '../store/redisClient.ts';

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

/** This node's subscription to one kind of event (pairing events, or device sign-outs). */
export interface EventSubscription {
  /** Subscribes (node routing: to this node's channel). `onResubscribed` runs after a reconnect. */
  start(onMessage: (message: string) => void, onResubscribed: () => void): Promise<void>;
  /** Sharded routing: SSUBSCRIBEs to the tag's channel (counted; resolves once confirmed). */
  watch(tag: string): Promise<void>;
  /** Sharded routing: drops one watch of the tag; the last one SUNSUBSCRIBEs. */
  unwatch(tag: string): void;
  stop(): Promise<void>;
}

export function createEventSubscription(deps: {
  subscriber: RedisClient;
  routing: EventRouting;
  nodeChannel: string;
  taggedChannel: (tag: string) => string;
  logger: Logger;
}): EventSubscription {
  const { subscriber, routing, nodeChannel, taggedChannel, logger } = deps;
  const watchers = new Map<string, number>();
  let handler: ((channel: string, message: string) => void) | undefined;
  let resubscribed: (() => void) | undefined;

  if (routing === 'node') {
    let subscribedOnce = false;
    return {
      async start(onMessage, onResubscribed) {
        handler = (channel, message) => {
          if (channel === nodeChannel) onMessage(message);
        };
        // ioredis restores the subscription after a reconnect; events published meanwhile are lost.
        resubscribed = () => {
          if (subscribedOnce) onResubscribed();
        };
        subscriber.on('message', handler);
        subscriber.on('ready', resubscribed);
        await subscriber.subscribe(nodeChannel);
        subscribedOnce = true;
      },
      watch: async () => {},
      unwatch: () => {},
      async stop() {
        if (handler) subscriber.off('message', handler);
        if (resubscribed) subscriber.off('ready', resubscribed);
        await subscriber.unsubscribe(nodeChannel).catch(() => {});
      },
    };
  }

  const cluster = subscriber as Cluster;
  const channelTags = new Map<string, string>();
  /** Watches whose SSUBSCRIBE failed (the shard was failing over): tried again on the next reset. */
  const unconfirmed = new Set<string>();

  /** The SSUBSCRIBE in flight or done per watched tag, so a second watcher waits for the same one. */
  const subscribed = new Map<string, Promise<void>>();

  function ssubscribe(tag: string): Promise<void> {
    const attempt = cluster.ssubscribe(taggedChannel(tag)).then(
      () => {
        unconfirmed.delete(tag);
      },
      (error: unknown) => {
        unconfirmed.add(tag);
        throw error;
      },
    );
    subscribed.set(tag, attempt);
    return attempt;
  }

  return {
    async start(onMessage, onResubscribed) {
      handler = (channel, message) => {
        if (channelTags.has(channel)) onMessage(message);
      };
      // ioredis re-subscribes each shard's channels after a failover or re-shard and then says
      // 'subscribersReady' (without waiting for the SSUBSCRIBE replies), so the caller looks at
      // every record again now and once more a moment later.
      resubscribed = () => {
        for (const tag of [...unconfirmed]) if (watchers.has(tag)) ssubscribe(tag).catch(() => {});
        onResubscribed();
        setTimeout(onResubscribed, 1000).unref();
      };
      cluster.on('smessage', handler);
      cluster.on('subscribersReady', resubscribed);
    },
    async watch(tag) {
      const count = watchers.get(tag) ?? 0;
      watchers.set(tag, count + 1);
      const inFlight = subscribed.get(tag);
      if (count > 0 && inFlight && !unconfirmed.has(tag)) return inFlight;
      channelTags.set(taggedChannel(tag), tag);
      await ssubscribe(tag);
    },
    unwatch(tag) {
      const count = watchers.get(tag) ?? 0;
      if (count > 1) {
        watchers.set(tag, count - 1);
        return;
      }
      watchers.delete(tag);
      subscribed.delete(tag);
      unconfirmed.delete(tag);
      const channel = taggedChannel(tag);
      channelTags.delete(channel);
      cluster.sunsubscribe(channel).catch((error: unknown) => logger.debug({ err: error }, 'sunsubscribe failed'));
    },
    async stop() {
      if (handler) cluster.off('smessage', handler);
      if (resubscribed) cluster.off('subscribersReady', resubscribed);
      const channels = [...channelTags.keys()];
      channelTags.clear();
      watchers.clear();
      subscribed.clear();
      await Promise.allSettled(channels.map((channel) => cluster.sunsubscribe(channel)));
    },
  };
}
