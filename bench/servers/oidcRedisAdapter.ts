import type { Redis } from 'ioredis';
import type { Adapter, AdapterPayload } from 'oidc-provider';

// A Redis storage adapter for oidc-provider, after the shape of the project's own example adapter:
// one JSON value per model instance with a TTL, plus the user-code, uid and grant indexes. With it
// the comparison is fair: both servers keep device codes in the same Redis (oidc-provider's
// default in-memory LRU would skip the network and forget codes past 1,000).

export function redisAdapterFactory(redis: Redis, prefix: string) {
  const key = (model: string, id: string) => `${prefix}${model}:${id}`;
  const userCodeKey = (userCode: string) => `${prefix}userCode:${userCode}`;
  const uidKey = (uid: string) => `${prefix}uid:${uid}`;
  const grantKey = (grantId: string) => `${prefix}grant:${grantId}`;

  return class RedisAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresInSeconds: number): Promise<void> {
      const itemKey = key(this.model, id);
      const multi = redis.multi();
      multi.set(itemKey, JSON.stringify(payload), 'EX', expiresInSeconds);
      if (payload.userCode) multi.set(userCodeKey(payload.userCode), id, 'EX', expiresInSeconds);
      if (payload.uid) multi.set(uidKey(payload.uid), id, 'EX', expiresInSeconds);
      if (payload.grantId) {
        multi.rpush(grantKey(payload.grantId), itemKey);
        multi.expire(grantKey(payload.grantId), expiresInSeconds);
      }
      await multi.exec();
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      const value = await redis.get(key(this.model, id));
      return value ? (JSON.parse(value) as AdapterPayload) : undefined;
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = await redis.get(userCodeKey(userCode));
      return id ? this.find(id) : undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = await redis.get(uidKey(uid));
      return id ? this.find(id) : undefined;
    }

    async consume(id: string): Promise<void> {
      const found = await this.find(id);
      if (!found) return;
      const ttl = await redis.ttl(key(this.model, id));
      await redis.set(key(this.model, id), JSON.stringify({ ...found, consumed: Math.floor(Date.now() / 1000) }), 'EX', Math.max(ttl, 1));
    }

    async destroy(id: string): Promise<void> {
      await redis.del(key(this.model, id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      const keys = await redis.lrange(grantKey(grantId), 0, -1);
      await redis.del(...keys, grantKey(grantId));
    }
  };
}
