import type { Cluster } from 'ioredis';
import type { Logger } from 'pino';
import type { ChannelHandler, MessageBus } from './messageBus.ts';

// The message bus on a Redis Cluster: sharded pub/sub (SSUBSCRIBE), so an event is handled by one
// shard and reaches only the node that wants it, instead of a PUBLISH broadcast to every node.
// ioredis's Cluster client (shardedSubscribers: true) keeps one subscriber connection per master
// and routes each SSUBSCRIBE by the channel's slot. After a failover or a re-shard it connects to
// the new owner, subscribes every channel again and says 'subscribersReady' — without waiting for
// the SSUBSCRIBE replies — so each channel's onConfirmed runs then and once more a moment later.

const CONFIRM_AGAIN_MS = 1000;

export function createShardedMessageBus(subscriber: Cluster, logger: Logger): MessageBus {
  const handlers = new Map<string, ChannelHandler>();
  /** Channels whose SSUBSCRIBE failed (their shard was failing over): tried again on the next reset. */
  const unconfirmed = new Set<string>();
  let stopped = false;
  /** Counts the resets after which channels were subscribed again (see MessageBus.generation). */
  let resets = 0;

  function onMessage(channel: string, message: string) {
    handlers.get(channel)?.onMessage(message);
  }

  async function ssubscribe(channel: string): Promise<void> {
    try {
      await subscriber.ssubscribe(channel);
      unconfirmed.delete(channel);
    } catch (error) {
      unconfirmed.add(channel);
      logger.warn({ err: error, channel }, 'redis ssubscribe failed; retried when the shard is back');
      throw error;
    }
  }

  function onSubscribersReady() {
    if (stopped) return;
    resets += 1;
    for (const channel of [...unconfirmed]) if (handlers.has(channel)) ssubscribe(channel).catch(() => {});
    const confirmAll = () => {
      for (const handler of handlers.values()) handler.onConfirmed?.();
    };
    confirmAll();
    setTimeout(confirmAll, CONFIRM_AGAIN_MS).unref();
  }

  return {
    sharded: true,
    subscribe(channel, handler) {
      handlers.set(channel, handler);
      return ssubscribe(channel);
    },
    unsubscribe(channel) {
      if (!handlers.delete(channel)) return;
      unconfirmed.delete(channel);
      // Sent now, not on a later tick: a TV that listens again at once subscribes the same channel,
      // and Redis must see this SUNSUBSCRIBE before that SSUBSCRIBE or the TV would wait deaf.
      // ioredis can throw here rather than reject (its subscriber group has no slot map for a
      // moment after connecting or a failover); this runs from a socket's close handler, so a
      // throw would end the process.
      try {
        subscriber.sunsubscribe(channel).catch((error: unknown) => logger.debug({ err: error }, 'sunsubscribe failed'));
      } catch (error) {
        logger.debug({ err: error }, 'sunsubscribe failed');
      }
    },
    async start() {
      subscriber.on('smessage', onMessage);
      subscriber.on('subscribersReady', onSubscribersReady);
      if (subscriber.status !== 'ready') await new Promise<void>((resolve) => subscriber.once('ready', () => resolve()));
    },
    isReady: () => subscriber.status === 'ready' && unconfirmed.size === 0,
    generation: () => resets,
    async stop() {
      stopped = true;
      subscriber.off('smessage', onMessage);
      subscriber.off('subscribersReady', onSubscribersReady);
      await Promise.allSettled([...handlers.keys()].map(async (channel) => subscriber.sunsubscribe(channel)));
      handlers.clear();
    },
  };
}
