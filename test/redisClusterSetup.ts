import type { TestProject } from 'vitest/node';
import { redisClusterToolsInstalled, startPrivateRedisCluster } from '../bench/lib/privateRedisCluster.ts';

// Global set-up: the Redis Cluster the 'redis-cluster' test backend runs on (3 masters, 3
// replicas). CI starts one in `.ci/run` and passes REDIS_CLUSTER_NODES; otherwise one is started
// here for the run and stopped after it. Without redis-server the cluster runs are skipped with a
// printed reason, except under CI=true (see test/helpers/redisBackends.ts).

declare module 'vitest' {
  export interface ProvidedContext {
    /** host:port,… of the test cluster, or '' with the reason in redisClusterMissing. */
    redisClusterNodes: string;
    redisClusterMissing: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.REDIS_CLUSTER_NODES;
  if (given) {
    project.provide('redisClusterNodes', given);
    project.provide('redisClusterMissing', '');
    return async () => {};
  }
  if (!redisClusterToolsInstalled()) {
    project.provide('redisClusterNodes', '');
    project.provide('redisClusterMissing', 'redis-server/redis-cli are not installed and REDIS_CLUSTER_NODES is not set');
    return async () => {};
  }
  const cluster = await startPrivateRedisCluster();
  project.provide('redisClusterNodes', cluster.nodes);
  project.provide('redisClusterMissing', '');
  return () => cluster.stop();
}
