import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { killWithThisProcess } from './killWithThisProcess.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort, stopChild } from './serverNodes.ts';
import { sleep } from './time.ts';

// A Redis of our own, on a free loopback port, with nothing persisted. The benchmark counts
// commands per pairing on it (on the shared Redis, other people's tests would add to INFO
// commandstats), and the failure drills pause, stop and restart it: never the shared Redis.

export interface PrivateRedis {
  url: string;
  port: number;
  /** SIGSTOP: Redis hangs with its connections open, as a stalled or overloaded Redis does. */
  pause(): void;
  /** SIGCONT after pause. */
  resume(): void;
  /** Stops it (connections refused) until start() is called again. */
  stopForNow(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted), and waits until it answers. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** `persist`: keep data across stopForNow/start in an append-only file (in a temp dir), as production would. */
export async function startPrivateRedis(options: { persist?: boolean } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'private-redis-'));
  const persistence = options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;

  async function start(): Promise<void> {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence], {
      stdio: 'ignore',
    });
    const forget = killWithThisProcess(child.pid);
    child.once('exit', forget);
    if (!(await answers(url))) {
      await stopChild(child);
      throw new Error('the private redis-server did not start');
    }
  }

  async function stopForNow(): Promise<void> {
    if (!child) return;
    child.kill('SIGCONT');
    await stopChild(child);
    child = undefined;
  }

  await start();
  return {
    url,
    port,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    stopForNow,
    start,
    async stop() {
      await stopForNow();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        if (probe.status !== 'ready') await probe.connect();
        if ((await probe.ping()) === 'PONG') return true;
      } catch {
        await sleep(100);
      }
    }
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * Calls per command name (INFO commandstats), the microseconds Redis spent executing them (the
 * `usec` of commandstats: command execution only, without reading requests and writing replies),
 * and the server's CPU seconds so far (INFO cpu: everything, its idle timers included).
 */
export async function commandStats(url: string): Promise<{ calls: Record<string, number>; usec: Record<string, number>; cpuSeconds: number }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    const info = await redis.info('all');
    const calls: Record<string, number> = {};
    const usec: Record<string, number> = {};
    for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)) {
      calls[match[1]!] = Number(match[2]);
      usec[match[1]!] = Number(match[3]);
    }
    const cpu = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? NaN);
    return { calls, usec, cpuSeconds: cpu('used_cpu_user') + cpu('used_cpu_sys') };
  } finally {
    redis.disconnect();
  }
}
