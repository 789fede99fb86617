import { Cluster } from 'ioredis';
import { startPrivateRedisCluster } from './lib/privateRedisCluster.ts';
import { luaPublishEvent } from '../server/realtime/eventChannels.ts';
import { parseHostPort } from '../server/store/redisClient.ts';
import { nowMs, sleep } from './lib/time.ts';
import { summarize } from './lib/stats.ts';

// How should a pairing event reach the node holding the TV on a Redis Cluster? Three designs,
// each run on a private 3-master + 3-replica cluster with 3 subscribing "server nodes":
//   sharded-lua:  the script SPUBLISHes to the pairing's own channel (same slot); the node holding
//                 the TV SSUBSCRIBEs to it while the TV waits (what the server does).
//   broadcast:    the script PUBLISHes to the node's channel; Redis Cluster forwards every PUBLISH
//                 to every node over the cluster bus (what one-Redis mode does).
//   server-spub:  the script only writes; the server then SPUBLISHes to a node-tagged channel that
//                 the node subscribes to once (a second round trip; lost if the server dies between).
// Reported per event: Redis CPU summed over all 6 nodes (INFO cpu), commands executed over all
// nodes (INFO commandstats, includes those inside scripts and the replicas' replicated writes),
// and publish → message latency. npx tsx bench/clusterPubSub.ts [events=2000]

const EVENTS = Number(process.argv[2] ?? 2000);
const SERVER_NODES = 3;
type Design = 'sharded-lua' | 'broadcast' | 'server-spub';

const cluster = await startPrivateRedisCluster();
const seeds = cluster.nodes.split(',').map(parseHostPort);
const nodeChannel = (node: string) => `ps:node:${node}`;
const taggedNodeChannel = (node: string) => `ps:node:{${node}}`;
const pairingChannel = (code: string) => `ps:pairing-events:{${code}}`;

async function totals(): Promise<{ cpu: number; calls: number }> {
  let cpu = 0;
  let calls = 0;
  const probe = new Cluster(seeds);
  await probe.ping();
  for (const node of probe.nodes('all')) {
    const info = await node.info('all');
    cpu += Number(/used_cpu_sys:([\d.]+)/.exec(info)![1]) + Number(/used_cpu_user:([\d.]+)/.exec(info)![1]);
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (!['info', 'cluster', 'ping', 'command'].includes(match[1]!)) calls += Number(match[2]);
  }
  probe.disconnect();
  return { cpu, calls };
}

async function run(design: Design) {
  const commands = new Cluster(seeds, { enableAutoPipelining: true });
  const subscribers = Array.from({ length: SERVER_NODES }, () => new Cluster(seeds, { shardedSubscribers: design !== 'broadcast' }));
  const latencies: number[] = [];
  const sentAt = new Map<string, number>();
  let received = 0;
  const onMessage = (_channel: string, message: string) => {
    const started = sentAt.get(message.split(' ')[0]!);
    if (started !== undefined) latencies.push(nowMs() - started);
    received += 1;
  };
  for (const [i, sub] of subscribers.entries()) {
    sub.on(design === 'broadcast' ? 'message' : 'smessage', onMessage);
    if (design === 'broadcast') await sub.subscribe(nodeChannel(`n${i}`));
    if (design === 'server-spub') await sub.ssubscribe(taggedNodeChannel(`n${i}`));
  }
  const publishLua = design === 'server-spub' ? 'local function publishEvent() end\n' : luaPublishEvent(design === 'broadcast' ? 'node' : 'sharded', nodeChannel, pairingChannel);
  const lua = `${publishLua}redis.call('HSET', KEYS[1], 'state', 'approved')\npublishEvent(ARGV[1], ARGV[2], ARGV[2] .. ' approved')\nreturn 1`;
  await commands.ping();
  const before = await totals();
  const started = nowMs();
  const batch = 50;
  for (let offset = 0; offset < EVENTS; offset += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, EVENTS - offset) }, async (_, j) => {
        const i = offset + j;
        const code = `C${design}${i}`;
        const node = `n${i % SERVER_NODES}`;
        const sub = subscribers[i % SERVER_NODES]!;
        if (design === 'sharded-lua') await sub.ssubscribe(pairingChannel(code));
        sentAt.set(code, nowMs());
        await commands.eval(lua, 1, `ps:pairing:{${code}}`, node, code);
        if (design === 'server-spub') await commands.spublish(taggedNodeChannel(node), `${code} approved`);
        await sleep(5);
        if (design === 'sharded-lua') await sub.sunsubscribe(pairingChannel(code));
      }),
    );
  }
  const elapsed = nowMs() - started;
  await sleep(200);
  const after = await totals();
  commands.disconnect();
  for (const sub of subscribers) sub.disconnect();
  return {
    design,
    events: EVENTS,
    received,
    redisCpuMsPerEvent: ((after.cpu - before.cpu) * 1000) / EVENTS,
    commandsPerEvent: (after.calls - before.calls) / EVENTS,
    latencyMs: summarize(latencies),
    elapsedMs: Math.round(elapsed),
  };
}

try {
  const results = [];
  // Twice each, alternating, so a burst of other work on the machine does not favour one design.
  for (let round = 0; round < 2; round++) for (const design of ['sharded-lua', 'broadcast', 'server-spub'] as Design[]) results.push(await run(design));
  console.table(results.map((r) => ({ ...r, latencyMs: `${r.latencyMs.p50} / ${r.latencyMs.p99}`, redisCpuMsPerEvent: r.redisCpuMsPerEvent.toFixed(3), commandsPerEvent: r.commandsPerEvent.toFixed(2) })));
} finally {
  await cluster.stop();
}
