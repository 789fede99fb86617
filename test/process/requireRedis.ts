import { BACKENDS, REAL_REDIS_URL } from '../helpers/redisBackends.ts';

// The process tier claims real Redis. redisBackends.ts already fails under CI=true when Redis does
// not answer; on a bare machine the suites skip with the reason it printed.

export const realRedis = BACKENDS.find((backend) => backend.name === 'redis')!;

/** The shared Redis at another logical database: operators use /N URLs, and pub/sub ignores N. */
export function redisUrlWithDb(db: number): string {
  return `${REAL_REDIS_URL.replace(/\/\d*$/, '')}/${db}`;
}
