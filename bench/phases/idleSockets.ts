import { Redis } from 'ioredis';
import { startBenchCluster } from '../lib/benchCluster.ts';
import { ListeningTv } from '../lib/benchTv.ts';
import { startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { loopbackHostAddresses } from '../lib/sourceAddresses.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import { createPairingStore } from '../../server/pairing/pairingStore.ts';
import { systemClock } from '../../server/clock.ts';
import type { PhaseSettings } from '../settings.ts';

// (3) What a waiting TV costs: one server process holds N idle WebSockets, each listening for its
// own pending code, and reports RSS and heap after full garbage collections. The codes are created
// straight through the pairing store (the same Lua script the HTTP endpoint runs) because creating
// them is not what is measured here. TVs connect from 127.0.0.2–254, at most 20,000 files a process.

export interface MemoryPoint {
  connections: number;
  rssBytes: number;
  heapUsedBytes: number;
  rssPerConnectionBytes: number;
  heapPerConnectionBytes: number;
  connectSeconds: number;
  cpu: CpuReading;
}

export interface IdleSocketsResult {
  baseline: { rssBytes: number; heapUsedBytes: number };
  points: MemoryPoint[];
}

interface Memory {
  rss: number;
  heapUsed: number;
}

const CONNECT_CONCURRENCY = 200;

export async function measureIdleSockets(settings: PhaseSettings): Promise<IdleSocketsResult> {
  const cluster = await startBenchCluster({ redisUrl: settings.redisUrl, nodeCount: 1, resultsDir: settings.resultsDir, label: 'idle' });
  const node = cluster.nodes[0]!;
  const redis = new Redis(settings.redisUrl, { enableAutoPipelining: true });
  const pairings = createPairingStore(redis, createRedisKeys(cluster.prefix), systemClock);
  const nextAddress = loopbackHostAddresses();
  const tvs: ListeningTv[] = [];
  const points: MemoryPoint[] = [];
  try {
    const baselineMemory = await node.ask<Memory>('memory');
    for (const target of settings.idleSocketCounts) {
      const readCpu = startCpuWindow([node.pid]);
      const started = Date.now();
      await connectListeners(target - tvs.length, async () => {
        const { deviceCode } = await pairings.create({
          clientId: 'tv', scope: 'openid profile', deviceName: 'Idle TV', deviceModel: 'bench', requestIp: '127.0.0.1',
          lifetimeSeconds: 600, intervalSeconds: 5,
        });
        const tv = await ListeningTv.connect(node.wsUrl, nextAddress());
        tvs.push(tv);
        await tv.listen(deviceCode);
      });
      const connectSeconds = (Date.now() - started) / 1000;
      const cpu = readCpu();
      const memory = await node.ask<Memory>('memory');
      points.push({
        connections: tvs.length,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        rssPerConnectionBytes: Math.round((memory.rss - baselineMemory.rss) / tvs.length),
        heapPerConnectionBytes: Math.round((memory.heapUsed - baselineMemory.heapUsed) / tvs.length),
        connectSeconds,
        cpu,
      });
      settings.log(`  ${tvs.length} idle listening sockets: RSS ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)} MB`);
    }
    return { baseline: { rssBytes: baselineMemory.rss, heapUsedBytes: baselineMemory.heapUsed }, points };
  } finally {
    for (const tv of tvs) tv.close();
    redis.disconnect();
    await cluster.close();
  }
}

async function connectListeners(count: number, connectOne: () => Promise<void>): Promise<void> {
  let remaining = count;
  const worker = async () => {
    while (remaining > 0) {
      remaining -= 1;
      await connectOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
