import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort, stopChild } from './serverNodes.ts';
import { sleep } from './time.ts';

// A Redis of the benchmark's own, on a free loopback port, with nothing persisted. Used to count
// commands per pairing: on the shared Redis, other people's tests would add to INFO commandstats.

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await probe.connect();
        await probe.ping();
        return { url, stop: () => stopChild(child) };
      } catch {
        await sleep(100);
      }
    }
  } finally {
    probe.disconnect();
  }
  await stopChild(child);
  throw new Error('the private redis-server did not start');
}

/** Calls per command name (INFO commandstats) and the server's CPU seconds so far (INFO cpu). */
export async function commandStats(url: string): Promise<{ calls: Record<string, number>; cpuSeconds: number }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const info = await redis.info('all');
    const calls: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls[match[1]!] = Number(match[2]);
    const cpu = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return { calls, cpuSeconds: cpu('used_cpu_user') + cpu('used_cpu_sys') };
  } finally {
    redis.disconnect();
  }
}
