import { Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';

// The server talks to Redis only through ioredis. Without REDIS_URL it uses ioredis-mock, an
// in-process Redis with the same API (Lua included), so `npm start` works on a bare machine.
// Pub/sub needs a second connection, so callers get a pair.

export interface RedisConnections {
  commands: Redis;
  subscriber: Redis;
  embedded: boolean;
}

/** How long one Redis command may take before the request fails with 503 (TV-503). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 500;

export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS);
}

let embeddedInstances = 0;

export function connectRedis(url: string | undefined): RedisConnections {
  if (!url) {
    // ioredis-mock shares data between instances with the same host and port; a port of our
    // own keeps separate embedded stores (tests build many) apart.
    embeddedInstances += 1;
    const commands = new RedisMock({ port: 40000 + embeddedInstances }) as unknown as Redis;
    return { commands, subscriber: commands.duplicate(), embedded: true };
  }
  const options = {
    // Fail a command quickly while Redis is away instead of queueing it for ever: the caller
    // answers 503 with a clear message and the TV retries by itself.
    maxRetriesPerRequest: 2,
    // A Redis that hangs (paused, overloaded, a half-open connection) keeps the socket open, so
    // only a per-command deadline stops a request waiting for ever. Queued commands count too.
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    // Try again at most every half second (ioredis' default grows to 2 s), so a node is ready
    // again well within a second of Redis answering.
    retryStrategy: reconnectDelayMs,
    enableAutoPipelining: true,
    lazyConnect: false,
  };
  const commands = new Redis(url, options);
  // The subscriber belongs to the message bus (realtime/messageBus.ts): it connects it and
  // subscribes only once the connection is ready, and re-subscribes itself after a reconnect.
  const subscriber = new Redis(url, {
    ...options,
    maxRetriesPerRequest: null,
    enableAutoPipelining: false,
    lazyConnect: true,
    autoResubscribe: false,
  });
  return { commands, subscriber, embedded: false };
}

export async function closeRedis(connections: RedisConnections): Promise<void> {
  await Promise.allSettled([connections.commands.quit(), connections.subscriber.quit()]);
}
