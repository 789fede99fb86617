import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { BACKENDS, CLUSTER_NODES, REAL_REDIS_URL, uniqueKeys, type Backend } from '../helpers/redisBackends.ts';
import { testSigningKeys } from '../helpers/testNode.ts';
import { closeRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { loadConfig } from '../../server/config.ts';
import { createApp, type App } from '../../app/createApp.ts';
import { QUEUE_NAME, queuePrefix } from '../../server/notify/messageQueue.ts';

// With Redis, text messages (and email) go through the durable queue: a node that stops in the
// middle of a retry loses nothing (another node's worker sends it), and a message that fails
// every try stays as a dead letter an operator can list, with the recipient masked and no text.

// On one Redis and on a Redis Cluster (the queue's keys share one hash tag there).
const realBackends = BACKENDS.filter((backend): backend is Backend => backend.name !== 'ioredis-mock');

/** `npm run messages -- <args>` as an operator runs it, pointed at the backend's Redis and prefix. */
async function messagesCommand(backend: Backend, prefix: string, ...args: string[]): Promise<string> {
  const redisEnv = backend.name === 'redis-cluster' ? { REDIS_CLUSTER_NODES: CLUSTER_NODES.join(',') } : { REDIS_URL: REAL_REDIS_URL };
  const { REDIS_URL: _url, REDIS_CLUSTER_NODES: _nodes, ...inherited } = process.env;
  const { stdout } = await promisify(execFile)('npx', ['tsx', 'server/cli/messages.ts', ...args], {
    env: { ...inherited, ...redisEnv, REDIS_PREFIX: prefix, LOG_LEVEL: 'silent' },
    timeout: 20_000,
  });
  return stdout;
}

/** An SMS gateway that fails the first `failures` requests, then accepts; records what it got. */
async function smsGateway(failures: number) {
  const received: Array<{ to: string; text: string; via: string }> = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      calls += 1;
      if (calls <= failures) {
        res.writeHead(502).end();
        return;
      }
      received.push({ ...(JSON.parse(body) as { to: string; text: string }), via: req.url ?? '' });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received, calls: () => calls, close: () => server.close() };
}

for (const real of realBackends) describe.skipIf(!real.available)(`email and SMS through the durable queue (${real.name})`, () => {
  const open: Array<{ app: App; redis: RedisConnections }> = [];
  const cleanups: Array<() => void> = [];
  afterEach(async () => {
    for (const { app, redis } of open.splice(0)) {
      await app.close();
      await closeRedis(redis);
    }
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });

  async function node(prefix: string, smsUrl: string, retryDelaysMs: number[]) {
    const redis = real.connect();
    const config = loadConfig({ PUBLIC_URL: 'http://127.0.0.1:9', REDIS_PREFIX: prefix, SMS_WEBHOOK_URL: smsUrl, DEMO_ACCOUNT: 'false' });
    const app = createApp({ config, redis, signingKeys: await testSigningKeys(), appSecret: 'test-secret-test-secret-test-secret', deliveryRetryDelaysMs: retryDelaysMs });
    open.push({ app, redis });
    return app;
  }

  it('a node stopping in the middle of a retry loses nothing: another node sends it', { timeout: 30_000 }, async () => {
    const gateway = await smsGateway(1);
    cleanups.push(gateway.close);
    const { prefix } = uniqueKeys();
    // Each node reaches the gateway by a path of its own, so the test sees which node sent it.
    const first = await node(prefix, `${gateway.url}?node=first`, [1_500]);
    first.services.delivery.notifier.sms({ to: '+46701234567', text: 'Your code is 123456' });
    await expect.poll(() => gateway.calls(), { timeout: 10_000 }).toBe(1);
    // The first try failed; the retry waits in Redis. This node goes away before it is due.
    await first.close();
    expect(gateway.received).toHaveLength(0);
    const second = await node(prefix, `${gateway.url}?node=second`, [1_500]);
    await second.services.delivery.notifier.idle();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(gateway.received).toEqual([{ to: '+46701234567', text: 'Your code is 123456', via: '/sms?node=second' }]);
  });

  it('keeps a message that failed every try as a dead letter, recipient masked, text sealed', { timeout: 30_000 }, async () => {
    const gateway = await smsGateway(1_000);
    cleanups.push(gateway.close);
    const { prefix } = uniqueKeys();
    const app = await node(prefix, gateway.url, [50, 50]);
    app.services.delivery.notifier.sms({ to: '+46701234567', text: 'Your code is 654321' });
    await app.services.delivery.notifier.idle();
    expect(gateway.calls()).toBe(3);
    const admin = real.connect();
    const queue = new Queue(QUEUE_NAME, { connection: admin.commands, prefix: queuePrefix(prefix) });
    try {
      const [dead, ...more] = await queue.getFailed(0, -1);
      expect(more).toHaveLength(0);
      expect(dead).toMatchObject({ name: 'sms', attemptsMade: 3, data: { to: '+46*******67' } });
      expect(JSON.stringify(dead!.data)).not.toContain('654321');
      // The job as Redis keeps it (BullMQ's key: <prefix>:<queue>:<id>): no text in it either.
      const stored = await admin.commands.hgetall(`${queuePrefix(prefix)}:${QUEUE_NAME}:${dead!.id}`);
      expect(stored.data).toContain('+46*******67');
      expect(JSON.stringify(stored)).not.toContain('654321');
      // What the operator sees: the dead letter listed (masked, no text), then put back in the queue.
      const listed = await messagesCommand(real, prefix, 'failed');
      expect(listed).toContain(`${dead!.id}\t`);
      expect(listed).toContain('+46*******67');
      expect(listed).toContain('1 dead letter(s)');
      expect(listed).not.toContain('654321');
      expect(await messagesCommand(real, prefix, 'retry', 'all')).toContain('1 message(s) queued again');
      await expect.poll(() => gateway.calls(), { timeout: 10_000 }).toBeGreaterThan(3);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
      await closeRedis(admin);
    }
  });
});
