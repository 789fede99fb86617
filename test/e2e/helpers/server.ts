import { BACKENDS } from '../../helpers/redisBackends.ts';
import { startCluster, type TestCluster } from '../../helpers/testNode.ts';

// The browser tests run the real server on real Redis when it answers (always in CI), else on
// the embedded store. Behind "trust proxy" on loopback so a test can give the phone another
// network with X-Forwarded-For.

export const e2eBackend = BACKENDS.find((backend) => backend.name === 'redis' && backend.available) ?? BACKENDS[0]!;

export function startE2eServer(): Promise<TestCluster> {
  return startCluster(e2eBackend, { env: { TRUST_PROXY: 'loopback' } });
}
