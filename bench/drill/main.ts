import { DRILL_NAMES, runDrills, type DrillName } from './run.ts';
import { printDrillTable } from './report.ts';

// `npm run drill`: every failure drill at the default size (about 3 minutes on 2 cores).
//   --tiny                            a few pairings per drill (what the test suite runs)
//   --only=nodeKill,drain             some drills (nodeKill, redisPause, redisRestart, startWithoutRedis, drain,
//                                     clusterFailover: node kill on a private 3+3 Redis Cluster + a master killed)
//   --cluster-nodes=h:p,h:p,…         node-kill and drain on a Redis Cluster (REDIS_CLUSTER_NODES)
//   --rate=N                          pairings per second under load (default 100)

const argument = (name: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const size = process.argv.includes('--tiny') ? 'tiny' : 'default';
const only = argument('only')?.split(',') as DrillName[] | undefined;
const clusterNodes = argument('cluster-nodes')?.split(',');
const rate = argument('rate');
const ratePerSecond = rate === undefined ? undefined : Number(rate);
const unknown = only?.filter((name) => !DRILL_NAMES.includes(name));
if (unknown?.length) {
  console.error(`Unknown drill ${unknown.join(', ')}; the drills are ${DRILL_NAMES.join(', ')}.`);
  process.exit(2);
}

const startedAt = Date.now();
try {
  const { run, file } = await runDrills({ size, only, clusterNodes, ratePerSecond, log: (line) => console.log(line) });
  console.log('');
  printDrillTable(run);
  console.log(`\nJSON: ${file}  (${Math.round((Date.now() - startedAt) / 1000)} s)`);
  const bad = run.drills.filter((drill) => drill.lost || drill.duplicated || drill.httpOther5xx || drill.unexpectedExits);
  if (bad.length) process.exitCode = 1;
} catch (error) {
  console.error(`Drill failed: ${(error as Error).stack ?? error}`);
  process.exitCode = 1;
}
