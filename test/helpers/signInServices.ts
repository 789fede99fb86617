import type { Backend } from './redisBackends.ts';
import { testSigningKeys } from './testNode.ts';
import type { RedisConnections } from '../../server/store/redisClient.ts';
import type { RedisKeys } from '../../server/store/keys.ts';
import type { Clock } from '../../server/clock.ts';
import { createPairingStore } from '../../server/pairing/pairingStore.ts';
import { createTokenBoxes } from '../../server/pairing/tokenBox.ts';
import { createDeviceSessions } from '../../server/devices/deviceSessionStore.ts';
import { createAccessTokens } from '../../server/tokens/accessTokens.ts';
import { createTokenIssuer } from '../../server/tokens/tokenIssuer.ts';

// What the sign-in contract suites (the approver, the collector) build on: the pairing and
// device-session stores, a token issuer and the token boxes, as the composition root wires them.

const signingKeys = await testSigningKeys();

/** A code request as the TV app makes it. */
export const NEW_PAIRING = {
  clientId: 'tv', scope: 'openid', deviceName: 'Living room TV', deviceModel: 'Model X',
  requestIp: '203.0.113.7', lifetimeSeconds: 600, intervalSeconds: 5,
};

export function signInServices(backend: Backend, { connections, keys, clock }: { connections: RedisConnections; keys: RedisKeys; clock: Clock }) {
  const redis = connections.commands;
  const pairings = createPairingStore(redis, keys, clock);
  const deviceSessions = createDeviceSessions({ redis, keys, clock, lifetimeSeconds: 3600 });
  const accessTokens = createAccessTokens({ keys: signingKeys, issuer: 'http://tv.test', audience: 'http://tv.test', lifetimeSeconds: 600, clock });
  const tokenIssuer = createTokenIssuer(accessTokens, deviceSessions);
  const boxes = createTokenBoxes('test secret');
  /** On a Cluster a device session and its pairing live on different shards (no shared write). */
  const singleRedis = backend.name !== 'redis-cluster';
  return { pairings, deviceSessions, tokenIssuer, boxes, singleRedis };
}
