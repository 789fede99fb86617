import { afterEach } from 'vitest';
import { uniqueKeys, type Backend } from './redisBackends.ts';
import { closeRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { ManualClock } from '../../server/clock.ts';
import type { RedisKeys } from '../../server/store/keys.ts';

// The common set-up of a store contract suite: for each test, fresh connections to the backend,
// a manual clock and a key prefix of its own; connections closed afterwards.

export interface StoreFixture<Store> {
  connections: RedisConnections;
  clock: ManualClock;
  keys: RedisKeys;
  store: Store;
  /** Closes these extra connections (a second node, say) after the test as well. */
  alsoClose(extra: RedisConnections): void;
}

export function useStoreFixture<Store>(
  backend: Backend,
  build: (parts: { connections: RedisConnections; clock: ManualClock; keys: RedisKeys }) => Store,
): () => StoreFixture<Store> {
  const open: RedisConnections[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map(closeRedis));
  });
  return () => {
    const connections = backend.connect();
    open.push(connections);
    const clock = new ManualClock();
    const { keys } = uniqueKeys();
    return { connections, clock, keys, store: build({ connections, clock, keys }), alsoClose: (extra) => open.push(extra) };
  };
}
