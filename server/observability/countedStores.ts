import type { RedisClient } from '../store/redisClient.ts';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { RateLimiter } from '../http/rateLimiter.ts';
import type { Metrics } from './metrics.ts';

// Metrics by decoration: the stores stay unaware of them, and every path through a store (the
// WebSocket, polling, every page) is counted in one place.

/** Counts pairing outcomes as the store reports them. */
export function countedPairings(store: PairingStore, metrics: Metrics): PairingStore {
  return {
    ...store,
    async create(input) {
      const created = await store.create(input);
      metrics.pairing('started');
      return created;
    },
    async scan(userCode) {
      const pairing = await store.scan(userCode);
      if (pairing?.state === 'scanned') metrics.pairing('scanned');
      return pairing;
    },
    async decide(userCode, decision, accountId, tokenBox) {
      const result = await store.decide(userCode, decision, accountId, tokenBox);
      if (result.ok) metrics.pairing(decision);
      return result;
    },
    async claim(deviceCode, options) {
      const result = await store.claim(deviceCode, options);
      if (result.outcome === 'claimed') metrics.pairing('delivered');
      else if (result.outcome === 'expired') metrics.pairing('expired');
      return result;
    },
  };
}

/** Counts refusals by limit name. */
export function countedRateLimiter(limiter: RateLimiter, metrics: Metrics): RateLimiter {
  return {
    ...limiter,
    async consume(rule, subject) {
      const result = await limiter.consume(rule, subject);
      if (!result.allowed) metrics.rateLimitRefused(rule.name);
      return result;
    },
  };
}

/** Counts errors and reconnects of the two Redis connections, and logs errors (never hides them). */
export function watchRedisConnections(
  connections: { commands: RedisClient; subscriber: RedisClient },
  metrics: Metrics,
  onError: (connection: 'commands' | 'subscriber', error: Error) => void,
): void {
  for (const name of ['commands', 'subscriber'] as const) {
    connections[name].on('error', (error: Error) => {
      metrics.redisError(name);
      onError(name, error);
    });
    connections[name].on('reconnecting', () => metrics.redisReconnect(name));
  }
}
