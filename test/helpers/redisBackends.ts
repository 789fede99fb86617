import { Cluster, Redis } from 'ioredis';
import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { connectRedis, parseHostPort, type RedisClient, type RedisConnections } from '../../server/store/redisClient.ts';
import { createRedisKeys, type RedisKeys } from '../../server/store/keys.ts';

// The store contract and the HTTP/WebSocket flows run three times: on the embedded ioredis-mock,
// on the real Redis at REDIS_URL (default redis://127.0.0.1:6379), and on a real Redis Cluster of
// 3 masters and 3 replicas (started by test/redisClusterSetup.ts, or REDIS_CLUSTER_NODES). The
// real runs are required in CI (CI=true): an unreachable Redis fails the suite there instead of
// skipping it.

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

const clusterNodes = inject('redisClusterNodes').split(',').filter(Boolean);

async function clusterAnswers(): Promise<string | undefined> {
  if (!clusterNodes.length) return inject('redisClusterMissing') || 'no cluster nodes';
  const probe = new Cluster(clusterNodes.map(parseHostPort), { lazyConnect: true, clusterRetryStrategy: () => null });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG' ? undefined : 'no PONG';
  } catch (error) {
    return String(error);
  } finally {
    probe.disconnect();
  }
}

const clusterMissing = await clusterAnswers();
if (clusterMissing) {
  const reason = `the Redis Cluster (${clusterNodes.join(',') || 'none'}) does not answer: ${clusterMissing}`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires the Redis Cluster test run.`);
  console.warn(`SKIPPING the Redis Cluster runs: ${reason}. Install redis-server or set REDIS_CLUSTER_NODES to run them.`);
}

/** Seed nodes of the test cluster, for tests that start server processes on it. */
export const CLUSTER_NODES = clusterNodes;

export interface Backend {
  name: 'ioredis-mock' | 'redis' | 'redis-cluster';
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
  {
    name: 'redis-cluster',
    available: !clusterMissing,
    connect: () => connectRedis({ clusterNodes }),
    connectAlongside: () => connectRedis({ clusterNodes }),
  },
];

/** A key prefix of its own per test, so runs never see each other's data and need no FLUSHALL. */
export function uniqueKeys(): { prefix: string; keys: RedisKeys } {
  const prefix = `test:${randomUUID().slice(0, 8)}:`;
  return { prefix, keys: createRedisKeys(prefix) };
}

/** Every key matching the pattern; on a cluster KEYS answers for one node only, so ask each master. */
export async function keysMatching(redis: RedisClient, pattern: string): Promise<string[]> {
  if (!redis.isCluster) return redis.keys(pattern);
  const perMaster = await Promise.all((redis as Cluster).nodes('master').map((node) => node.keys(pattern)));
  return perMaster.flat();
}
