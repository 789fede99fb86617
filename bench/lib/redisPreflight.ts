import { Redis } from 'ioredis';

// The benchmark measures the product on real Redis, never on the embedded mock: if Redis does not
// answer, it stops at once with a message saying what to do.

export const BENCH_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function requireRealRedis(url: string = BENCH_REDIS_URL): Promise<{ version: string }> {
  const host = new URL(url).hostname;
  if (!host.startsWith('127.') && host !== 'localhost' && host !== '[::1]') {
    throw new Error(`REDIS_URL must be a loopback address for benchmarks, got ${host}.`);
  }
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    const info = await probe.info('server');
    return { version: /redis_version:(\S+)/.exec(info)?.[1] ?? 'unknown' };
  } catch (error) {
    throw new Error(`Redis at ${url} does not answer (${(error as Error).message}). Start it (redis-server) or set REDIS_URL.`);
  } finally {
    probe.disconnect();
  }
}

/** Removes every key under a benchmark run's own prefix, so runs leave nothing behind. */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
