import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Config } from '../../server/config.ts';
import { createApp, type App, type AppDeps } from '../../app/createApp.ts';
import { ManualClock } from '../../server/clock.ts';
import { closeRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { generateSigningJwk, signingKeysFromConfig, type SigningKeys } from '../../server/tokens/signingKeys.ts';
import { DEMO_ACCOUNT, ensureDemoAccount } from '../../server/accounts/demoAccount.ts';
import type { Backend } from './redisBackends.ts';
import { uniqueKeys } from './redisBackends.ts';

// A running server node for tests: the real app on an ephemeral port, over the given backend,
// with a manual clock. Several nodes can share one store (the same prefix and Redis).

let sharedKeys: Promise<SigningKeys> | undefined;
export function testSigningKeys(): Promise<SigningKeys> {
  sharedKeys ??= generateSigningJwk().then((jwk) => signingKeysFromConfig([jwk], '/nonexistent'));
  return sharedKeys;
}

export interface TestNode {
  app: App;
  server: Server;
  baseUrl: string;
  wsUrl: string;
  clock: ManualClock;
  connections: RedisConnections;
  prefix: string;
  close(): Promise<void>;
}

export interface TestCluster {
  nodes: TestNode[];
  clock: ManualClock;
  close(): Promise<void>;
}

/** Starts `count` nodes sharing one store, one clock and one public URL (the first node's). */
export async function startCluster(backend: Backend, options: { count?: number; env?: Record<string, string>; deps?: Pick<AppDeps, 'tvSocketLimits'> } = {}): Promise<TestCluster> {
  const count = options.count ?? 1;
  const clock = new ManualClock();
  const { prefix } = uniqueKeys();
  const signingKeys = await testSigningKeys();
  const first = backend.connect();
  const nodes: TestNode[] = [];
  for (let i = 0; i < count; i++) {
    const connections = i === 0 ? first : backend.connectAlongside(first);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const publicUrl = nodes[0]?.baseUrl ?? `http://127.0.0.1:${port}`;
    const config: Config = loadConfig({ PUBLIC_URL: publicUrl, REDIS_PREFIX: prefix, DEMO_ACCOUNT: 'false', ...options.env });
    const app = createApp({ config, redis: connections, signingKeys, appSecret: 'test-secret-test-secret-test-secret', clock, nodeId: `node-${i}`, ...options.deps });
    await app.start();
    server.on('request', app.express);
    app.attach(server);
    nodes.push({
      app, server, clock, connections, prefix,
      baseUrl: `http://127.0.0.1:${port}`,
      wsUrl: `ws://127.0.0.1:${port}/ws/tv`,
      async close() {
        await app.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await closeRedis(connections);
      },
    });
  }
  await ensureDemoAccount(nodes[0]!.app.services.accounts);
  return {
    nodes,
    clock,
    async close() {
      for (const node of nodes) await node.close();
    },
  };
}

export { DEMO_ACCOUNT };
