import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { createRedisKeys, type RedisKeys } from '../../server/store/keys.ts';

// The store contract and the HTTP/WebSocket flows run twice: on the embedded ioredis-mock and on
// the real Redis at REDIS_URL (default redis://127.0.0.1:6379). The real run is required in CI
// (CI=true): an unreachable Redis fails the suite there instead of skipping it.

export const REAL_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function realRedisAnswers(): Promise<boolean> {
  const probe = new Redis(REAL_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const realAvailable = await realRedisAnswers();
if (!realAvailable) {
  const reason = `Redis at ${REAL_REDIS_URL} does not answer`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires the real-Redis test run.`);
  console.warn(`SKIPPING the real-Redis runs: ${reason}. Start Redis or set REDIS_URL to run them.`);
}

export interface Backend {
  name: 'ioredis-mock' | 'redis';
  available: boolean;
  /** A fresh pair of connections; `url` is what two app instances pass to share one store. */
  connect(): RedisConnections;
  /** Connections to the same store as `existing`: a second server node. */
  connectAlongside(existing: RedisConnections): RedisConnections;
}

export const BACKENDS: Backend[] = [
  {
    name: 'ioredis-mock',
    available: true,
    connect: () => connectRedis(undefined),
    connectAlongside: (existing) => ({
      commands: existing.commands.duplicate(),
      subscriber: existing.commands.duplicate(),
      embedded: true,
    }),
  },
  {
    name: 'redis',
    available: realAvailable,
    connect: () => connectRedis(REAL_REDIS_URL),
    connectAlongside: () => connectRedis(REAL_REDIS_URL),
  },
];

/** A key prefix of its own per test, so runs never see each other's data and need no FLUSHALL. */
export function uniqueKeys(): { prefix: string; keys: RedisKeys } {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  return { prefix, keys: createRedisKeys(prefix) };
}
