import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../../bench/lib/serverNodes.ts';
import { redisServerInstalled } from '../../bench/lib/privateRedis.ts';
import { startServerProcess, type ServerProcess } from './serverProcess.ts';
import { pairOverNetwork } from './pairOverNetwork.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';

// The redis-server process restarts between two sign-ins (an upgrade, a crash, a failover to the
// same address). Its data survives on disk (SHUTDOWN SAVE, then a restart on the same directory),
// as a persistent Redis would. The node must report not ready while Redis is gone, come back by
// itself, and push the next sign-in at once. This Redis is the test's own: the shared one is never
// stopped.

const installed = redisServerInstalled();
if (!installed && process.env.CI === 'true') throw new Error('redis-server is not installed; CI requires the Redis restart test.');
if (!installed) console.warn('SKIPPING the Redis restart test: redis-server is not installed.');

function startRedisServer(port: number, dir: string): ChildProcess {
  return spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
}

async function untilAnswers(url: string): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => {});
  try {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        if (probe.status !== 'ready') await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`redis-server at ${url} did not answer`);
  } finally {
    probe.disconnect();
  }
}

async function readyzStatus(baseUrl: string): Promise<number> {
  return (await fetch(`${baseUrl}/readyz`)).status;
}

async function until(condition: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  while (Date.now() - startedAt < timeoutMs) {
    if (await condition()) return Date.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}

describe.skipIf(!installed)('npm start across a restart of the redis-server process', () => {
  let redisProcess: ChildProcess | undefined;
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    redisProcess?.kill('SIGKILL');
  });

  it('reports not ready while Redis is down, recovers by itself, and pushes the next sign-in within 1 s', async () => {
    const port = await freePort();
    const dir = mkdtempSync(join(tmpdir(), 'tv-signin-redis-'));
    const url = `redis://127.0.0.1:${port}`;
    redisProcess = startRedisServer(port, dir);
    await untilAnswers(url);
    server = await startServerProcess({ REDIS_URL: url });
    const login = { login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password };
    await pairOverNetwork({ tvNode: server, phoneNode: server, ...login, pushWithinMs: 2000 });

    const admin = new Redis(url);
    admin.on('error', () => {}); // it loses its server on purpose
    const exited = new Promise((resolve) => redisProcess!.once('exit', resolve));
    await admin.call('SHUTDOWN', 'SAVE').catch(() => {}); // the connection closes as it answers
    admin.disconnect();
    await exited;
    await until(async () => (await readyzStatus(server!.baseUrl)) === 503, 5000);

    redisProcess = startRedisServer(port, dir);
    await untilAnswers(url);
    const msToReady = await until(async () => (await readyzStatus(server!.baseUrl)) === 200, 5000);
    console.log(`redis restart: the node was ready ${msToReady} ms after Redis answered again`);
    const next = await pairOverNetwork({ tvNode: server, phoneNode: server, ...login, pushWithinMs: 1000 });
    expect(next.pushMs).toBeLessThan(1000);
    expect(await server.stop(), server.output()).toBe(0);
  }, 90_000);
});
