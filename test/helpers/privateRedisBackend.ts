import { redisServerInstalled, startPrivateRedis, type PrivateRedis } from '../../bench/lib/privateRedis.ts';
import { connectRedis } from '../../server/store/redisClient.ts';
import type { Backend } from './redisBackends.ts';

// Tests that pause, stop or restart Redis use a redis-server of their own on a free port (never
// the shared one). Without redis-server installed they are skipped with a printed reason, except
// under CI=true, where they fail.

export const privateRedisAvailable = redisServerInstalled();
if (!privateRedisAvailable) {
  const reason = 'redis-server is not installed (apt-get install redis-server)';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires the Redis failure tests.`);
  console.warn(`SKIPPING the Redis failure tests: ${reason}.`);
}

export async function privateRedisBackend(): Promise<{ redis: PrivateRedis; backend: Backend }> {
  const redis = await startPrivateRedis();
  const backend: Backend = {
    name: 'redis',
    available: true,
    connect: () => connectRedis(redis.url),
    connectAlongside: () => connectRedis(redis.url),
  };
  return { redis, backend };
}
