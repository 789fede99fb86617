import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { BACKENDS, REAL_REDIS_URL } from '../helpers/redisBackends.ts';
import { runEntryPoint } from '../helpers/runEntryPoint.ts';

// The real entry points as an operator runs them: npm start's server and the accounts command.

const run = runEntryPoint;

describe('npm start', () => {
  it('stops with a clear message on bad configuration', async () => {
    const server = run(['app/main.ts'], { PORT: 'eighty' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('Configuration error: PORT must be a whole number');
  });

  it('starts with no Redis, prints the addresses and demo account, and shuts down on SIGTERM', async () => {
    const dataDir = `/tmp/tv-signin-test-${randomUUID()}`;
    const server = run(['app/main.ts'], { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, REDIS_URL: '' }, /Demo account/);
    await server.seen;
    expect(server.output()).toContain('embedded in-memory store');
    expect(server.output()).toMatch(/TV: +http:\/\/localhost:0\/tv/);
    expect(server.output()).toContain('demo@example.com');
    // What a newcomer needs to try every flow, and how a phone can reach the QR link.
    expect(server.output()).toContain('http://localhost:0/dev/outbox');
    expect(server.output()).toContain('+46700000000');
    expect(server.output()).toMatch(/start with PUBLIC_URL=http:\/\/\S+:0 npm start/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});

const real = BACKENDS.find((b) => b.name === 'redis')!;
describe.skipIf(!real.available)('npm run accounts', () => {
  it('creates an account in the configured Redis, and refuses a duplicate', async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const env = { REDIS_URL: REAL_REDIS_URL, REDIS_PREFIX: prefix };
    const args = ['server/cli/accounts.ts', 'create', '--email', 'Anna@Example.com', '--password', 'a long passphrase', '--phone', '+46 70 123 45 67', '--name', 'Anna'];
    const created = run(args, env);
    expect(await created.exited).toBe(0);
    expect(created.output()).toContain('Created account');
    const redis = new Redis(REAL_REDIS_URL);
    expect(await redis.get(`${prefix}account-email:anna@example.com`)).toBeTruthy();
    expect(await redis.get(`${prefix}account-phone:+46701234567`)).toBeTruthy();
    await redis.quit();
    const again = run(args, env);
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain('already exists');
    const usage = run(['server/cli/accounts.ts', 'create', '--email', 'x@example.com'], env);
    expect(await usage.exited).toBe(2);
    expect(usage.output()).toContain('Usage: npm run accounts');
  }, 60_000); // three runs of the command: ~6 s each on a busy machine
});
