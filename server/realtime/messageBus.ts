import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../store/redisClient.ts';
import { createShardedMessageBus } from './shardedMessageBus.ts';
import type { Logger } from 'pino';

// The one owner of this node's subscriber connection. Everything that listens to Redis pub/sub
// (waiting TVs, signed-in TVs) asks the bus for a channel; nothing else touches the connection.
//
// Why it exists: ioredis 5 sends a SUBSCRIBE issued while it is still connecting during its
// handshake, before its INFO ready check, which then fails ("Connection in subscriber mode") and
// about half of all cold starts died or came up deaf (ioredis #2037). And its own re-subscribe
// after a reconnect happens after the `ready` event, so a re-check of waiting TVs on `ready` can run
// before the channel is back and miss an approval published in between. So the bus:
// - subscribes only on a ready connection, and re-subscribes itself after every reconnect
//   (autoResubscribe is off on the connection);
// - calls each channel's `onConfirmed` only once SUBSCRIBE has been answered, so a re-check of
//   stored state covers everything published while the channel was down;
// - says whether every channel is confirmed right now (`/readyz`).

export interface ChannelHandler {
  onMessage(message: string): void;
  /** The channel is (again) confirmed: anything published while it was not may have been lost. */
  onConfirmed?(): void;
}

export interface MessageBus {
  /** Sharded pub/sub on a Redis Cluster: records publish on their own channels (eventChannels.ts). */
  readonly sharded: boolean;
  /**
   * Routes the channel's messages to the handler from now on; subscribes when the connection is
   * ready. Resolves once confirmed if the bus is already started (at once otherwise).
   */
  subscribe(channel: string, handler: ChannelHandler): Promise<void>;
  /** Stops routing the channel and unsubscribes it (a record's channel on a Redis Cluster). */
  unsubscribe(channel: string): void;
  /** Connects if need be and resolves once every channel is confirmed. */
  start(): Promise<void>;
  /** Every channel is confirmed on the current connection. */
  isReady(): boolean;
  /**
   * Changes whenever the subscription may have missed a message (lost, or re-confirmed): while
   * it is unchanged and the bus is ready, every message published since was delivered.
   */
  generation(): number;
  stop(): Promise<void>;
}

export interface MessageBusEvents {
  /** The subscriber connection was lost (counted in metrics). */
  onConnectionLost?(): void;
}

const RETRY_SUBSCRIBE_MS = 1000;

/** One Redis: SUBSCRIBE on one connection. A Redis Cluster: sharded pub/sub (shardedMessageBus.ts). */
export function createMessageBus(subscriber: RedisClient, logger: Logger, events: MessageBusEvents = {}): MessageBus {
  if (subscriber.isCluster) return createShardedMessageBus(subscriber as Cluster, logger);
  return createSingleRedisBus(subscriber as Redis, logger, events);
}

function createSingleRedisBus(subscriber: Redis, logger: Logger, events: MessageBusEvents): MessageBus {
  const handlers = new Map<string, ChannelHandler>();
  let confirmed = false;
  let stopped = false;
  /** Bumped on every (re)connect, so a late SUBSCRIBE answer from an old connection counts for nothing. */
  let generation = 0;
  let retryTimer: NodeJS.Timeout | undefined;
  const waitingForConfirmation: Array<() => void> = [];

  /** ioredis-mock (the embedded store) has no status: it is always connected. */
  const isConnected = () => subscriber.status === 'ready' || subscriber.status === undefined;

  function onMessage(channel: string, message: string) {
    handlers.get(channel)?.onMessage(message);
  }

  async function confirmAll(): Promise<void> {
    if (stopped) return;
    const mine = ++generation;
    confirmed = false;
    try {
      if (handlers.size > 0) await subscriber.subscribe(...handlers.keys());
    } catch (error) {
      if (mine !== generation || stopped) return;
      logger.warn({ err: error }, 'redis subscribe failed; retrying');
      retryTimer = setTimeout(() => void confirmAll(), RETRY_SUBSCRIBE_MS);
      retryTimer.unref();
      return;
    }
    if (mine !== generation || stopped) return;
    confirmed = true;
    for (const wake of waitingForConfirmation.splice(0)) wake();
    for (const handler of handlers.values()) handler.onConfirmed?.();
  }

  function onReady() {
    void confirmAll();
  }

  function onClose() {
    if (!confirmed) return;
    confirmed = false;
    generation += 1;
    events.onConnectionLost?.();
  }

  return {
    sharded: false,

    subscribe(channel, handler) {
      handlers.set(channel, handler);
      // A channel added after start: confirmed for the bus only once Redis answers.
      return confirmed ? confirmAll() : Promise.resolve();
    },

    unsubscribe(channel) {
      if (!handlers.delete(channel)) return;
      if (isConnected()) subscriber.unsubscribe(channel).catch(() => {});
    },

    async start() {
      subscriber.on('message', onMessage);
      subscriber.on('ready', onReady);
      subscriber.on('close', onClose);
      const confirmedOnce = new Promise<void>((resolve) => waitingForConfirmation.push(resolve));
      // A lazily created connection is connected here, and `ready` (above) then subscribes. If Redis
      // is away, connect() fails but ioredis keeps retrying; `ready` comes when Redis does. An
      // already ready connection (or the embedded store, which has no status) is subscribed at once.
      if (subscriber.status === 'wait') subscriber.connect().catch(() => {});
      else if (isConnected()) void confirmAll();
      await confirmedOnce;
    },

    isReady: () => confirmed && isConnected(),

    generation: () => generation,

    async stop() {
      stopped = true;
      confirmed = false;
      if (retryTimer) clearTimeout(retryTimer);
      subscriber.off('message', onMessage);
      subscriber.off('ready', onReady);
      subscriber.off('close', onClose);
      if (isConnected() && handlers.size > 0) await subscriber.unsubscribe(...handlers.keys()).catch(() => {});
    },
  };
}
