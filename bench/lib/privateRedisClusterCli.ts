import { startPrivateRedisCluster, stopPrivateRedisClusterIn } from './privateRedisCluster.ts';

// For `.ci/run`: starts the private Redis Cluster (3 masters + 3 replicas) and prints
//   REDIS_CLUSTER_NODES=host:port,…
//   REDIS_CLUSTER_DIR=/tmp/…
// for `eval`; the nodes keep running after this exits. `stop <dir>` ends them.
//   npx tsx bench/lib/privateRedisClusterCli.ts start
//   npx tsx bench/lib/privateRedisClusterCli.ts stop /tmp/tvs-redis-cluster-…

const [command, dir] = process.argv.slice(2);
if (command === 'start') {
  const cluster = await startPrivateRedisCluster({ outliveThisProcess: true });
  console.log(`REDIS_CLUSTER_NODES=${cluster.nodes}`);
  console.log(`REDIS_CLUSTER_DIR=${cluster.dir}`);
} else if (command === 'stop' && dir) {
  stopPrivateRedisClusterIn(dir);
} else {
  console.error('usage: privateRedisClusterCli.ts start | stop <dir>');
  process.exit(2);
}
