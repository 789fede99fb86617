import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { REAL_REDIS_URL } from '../helpers/redisBackends.ts';
import { realRedis, redisUrlWithDb } from '../process/requireRedis.ts';
import { connectRedis, closeRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { createMessageBus, type MessageBus } from '../../server/realtime/messageBus.ts';

// The message bus on real Redis: it must be subscribed whenever it says so, and tell its channels
// only once a subscription is confirmed again after the connection was lost.

const logger = pino({ level: 'silent' });

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!realRedis.available)('message bus on real Redis', () => {
  const opened: Array<{ connections: RedisConnections; bus: MessageBus }> = [];
  const admin = new Redis(REAL_REDIS_URL);
  afterAll(() => admin.quit());
  afterEach(async () => {
    for (const { connections, bus } of opened.splice(0)) {
      await bus.stop();
      await closeRedis(connections);
    }
  });

  function open(url: string) {
    const connections = connectRedis(url);
    const bus = createMessageBus(connections.subscriber, logger);
    opened.push({ connections, bus });
    return { connections, bus };
  }

  it('is subscribed when start() resolves, on every fresh connection (the handshake race)', async () => {
    // ioredis 5.11 sent SUBSCRIBE during its handshake and half of all starts failed or came up
    // without their channel; a database other than 0 (a SELECT in the handshake) made it likelier.
    for (let i = 0; i < 15; i++) {
      const channel = `test:bus:${randomUUID()}`;
      const { bus } = open(redisUrlWithDb([0, 7, 11][i % 3]!));
      bus.subscribe(channel, { onMessage: () => {} });
      await bus.start();
      expect(bus.isReady()).toBe(true);
      expect(await admin.pubsub('NUMSUB', channel)).toEqual([channel, 1]);
    }
  });

  it('routes each message to its own channel only', async () => {
    const { bus } = open(REAL_REDIS_URL);
    const pairing: string[] = [];
    const devices: string[] = [];
    bus.subscribe('test:bus:pairing', { onMessage: (m) => pairing.push(m) });
    bus.subscribe('test:bus:devices', { onMessage: (m) => devices.push(m) });
    await bus.start();
    await admin.publish('test:bus:pairing', 'p1');
    await admin.publish('test:bus:devices', 'd1');
    await until(() => pairing.length === 1 && devices.length === 1);
    expect(pairing).toEqual(['p1']);
    expect(devices).toEqual(['d1']);
  });

  it('after its connection is killed: not ready, then re-subscribed, and onConfirmed only once the channel is back', async () => {
    const channel = `test:bus:${randomUUID()}`;
    const { connections, bus } = open(REAL_REDIS_URL);
    let confirmations = 0;
    let subscribedAtConfirmation: unknown;
    bus.subscribe(channel, {
      onMessage: () => {},
      onConfirmed: () => {
        confirmations += 1;
        // Checked from outside, at the moment the bus says "confirmed": Redis must agree.
        subscribedAtConfirmation = admin.pubsub('NUMSUB', channel);
      },
    });
    await bus.start();
    expect(confirmations).toBe(1);
    const port = (connections.subscriber as unknown as { stream: { localPort: number } }).stream.localPort;
    const clients = (await admin.client('LIST')) as string;
    const line = clients.split('\n').find((l) => l.includes(`addr=127.0.0.1:${port} `));
    expect(line).toBeDefined();
    const id = /id=(\d+)/.exec(line!)![1]!;
    await admin.client('KILL', 'ID', id);
    await until(() => !bus.isReady(), 2000).catch(() => {}); // it may already be back
    await until(() => confirmations === 2);
    expect(await subscribedAtConfirmation).toEqual([channel, 1]);
    expect(bus.isReady()).toBe(true);
  });
});
