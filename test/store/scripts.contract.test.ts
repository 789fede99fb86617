import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Redis, type Cluster } from 'ioredis';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { useStoreFixture } from '../helpers/storeSuite.ts';
import { defineScripts, hashedPart, keySlot } from '../../server/store/scripts.ts';

// defineScripts() is the one way the server runs Lua: EVALSHA, with EVAL when that Redis has not
// cached the script yet, on the embedded store and on real Redis; every call's keys in one slot.

describe('hashedPart (Redis Cluster hash tags)', () => {
  it('hashes the first non-empty {tag}, else the whole key', () => {
    expect(hashedPart('tvs:pairing:{ABCD-EFGH}')).toBe('ABCD-EFGH');
    expect(hashedPart('tvs:account:{a1}:device:{x}')).toBe('a1');
    expect(hashedPart('tvs:rate:x')).toBe('tvs:rate:x');
    expect(hashedPart('tvs:{}:x{y}')).toBe('tvs:{}:x{y}');
  });
});

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`defineScripts on ${backend.name}`, () => {
    const fixture = useStoreFixture(backend, ({ connections, keys }) => ({ redis: connections.commands, keys }));
    function setup() {
      const { redis, keys } = fixture().store;
      // Keys of the test's own prefix: the rate-limit key shape is a plain string under it.
      return { redis, prefix: keys.rateLimit('scripts', 'test') };
    }

    it('runs a script this Redis has never seen (EVAL fallback), then by its SHA-1', async () => {
      const { redis, prefix } = setup();
      // A comment no other run has sent, so the script cannot be in the server's cache yet.
      const lua = `-- ${randomUUID()}\nreturn redis.call('INCRBY', KEYS[1], ARGV[1])`;
      const sha = createHash('sha1').update(lua).digest('hex');
      const { add } = defineScripts(redis, { add: { keys: 1, lua } });
      const key = `${prefix}counter`;
      await expect(redis.evalsha(sha, 1, key, 1)).rejects.toThrow(/NOSCRIPT/);
      expect(await add([key], [2])).toBe(2);
      // Cached now: EVALSHA alone answers.
      expect(await redis.evalsha(sha, 1, key, 3)).toBe(5);
      expect(await add([key], [4])).toBe(9);
      await redis.del(key);
    });

    it('passes script errors through', async () => {
      const { redis, prefix } = setup();
      const { fail } = defineScripts(redis, { fail: { keys: 1, lua: `return redis.error_reply('broken ${randomUUID()}')` } });
      await expect(fail([`${prefix}x`])).rejects.toThrow(/broken/);
    });

    it('refuses keys in two cluster slots, and the wrong number of keys', async () => {
      const { redis, prefix } = setup();
      const { touch } = defineScripts(redis, { touch: { keys: 2, lua: `return #KEYS` } });
      expect(await touch([`${prefix}a:{same}`, `${prefix}b:{same}`])).toBe(2);
      await expect(touch([`${prefix}a:{one}`, `${prefix}b:{other}`])).rejects.toThrow(/not in one cluster slot/);
      await expect(touch([`${prefix}a:{one}`])).rejects.toThrow(/takes 2 keys/);
    });

    // Only a cluster answers CLUSTER KEYSLOT; the test is defined for that backend alone (not skipped elsewhere).
    if (backend.name === 'redis-cluster') it('computes key slots as the cluster does (CLUSTER KEYSLOT)', async () => {
      const { redis, prefix } = setup();
      for (const key of [`${prefix}plain`, `${prefix}pairing:{ABCDEFGH}`, `${prefix}account:{${randomUUID()}}:device:x`, 'foo', '{}x']) {
        expect(keySlot(key), key).toBe(Number(await redis.call('CLUSTER', 'KEYSLOT', key)));
      }
    });

    it('answers a replicated script (on a cluster) only once the slot\'s replica has the write', async () => {
      const { redis, prefix } = setup();
      const lua = `-- ${randomUUID()}\nreturn redis.call('SET', KEYS[1], ARGV[1])`;
      const { write } = defineScripts(redis, { write: { keys: 1, lua, replicated: true } });
      const key = `${prefix}replicated`;
      if (!redis.isCluster) {
        expect(await write([key], ['v1'])).toBe('OK');
        return;
      }
      const { master, replica } = await shardOf(redis as Cluster, key);
      try {
        const waitsBefore = await waitCalls(master);
        expect(await write([key], ['v1'])).toBe('OK');
        // WAIT ran on the master that owns the key (nothing else in the server sends WAIT)…
        expect(await waitCalls(master)).toBeGreaterThan(waitsBefore);
        // …so the replica already has the write when the call returns.
        await replica.call('READONLY');
        expect(await replica.get(key)).toBe('v1');
      } finally {
        master.disconnect();
        replica.disconnect();
      }
      await redis.del(key);
    });
  });
}

/** Direct connections to the master owning the key's slot and to its replica. */
async function shardOf(cluster: Cluster, key: string): Promise<{ master: Redis; replica: Redis }> {
  const slot = Number(await cluster.call('CLUSTER', 'KEYSLOT', key));
  const ranges = (await cluster.call('CLUSTER', 'SLOTS')) as [number, number, ...[string, number][]][];
  const [, , [masterHost, masterPort], [replicaHost, replicaPort]] = ranges.find(([from, to]) => slot >= from && slot <= to)! as [number, number, [string, number], [string, number]];
  return { master: new Redis({ host: masterHost, port: masterPort }), replica: new Redis({ host: replicaHost, port: replicaPort }) };
}

async function waitCalls(node: Redis): Promise<number> {
  return Number(/cmdstat_wait:calls=(\d+)/.exec(await node.info('commandstats'))?.[1] ?? 0);
}
