import { describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { BACKENDS, REAL_REDIS_URL } from '../helpers/redisBackends.ts';
import { runEntryPoint } from '../helpers/runEntryPoint.ts';
import { createAccountStore } from '../../server/accounts/accountStore.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import { billingKeyFrom } from '../../server/passwordHelp/createPasswordHelp.ts';
import { ManualClock } from '../../server/clock.ts';
import { closeRedis } from '../../server/store/redisClient.ts';

// `npm run accounts -- create` with a Kids profile and card billing: the server, sharing the app
// secret, can then find the account by billing details; the card number is not in Redis.

const real = BACKENDS.find((b) => b.name === 'redis')!;
describe.skipIf(!real.available)('npm run accounts with billing details', () => {
  it('stores a Kids profile and a keyed hash of the card the server can use', async () => {
    const prefix = `test:${randomUUID().slice(0, 8)}:`;
    const appSecret = `cli-secret-${randomUUID()}`;
    const created = runEntryPoint([
      'server/cli/accounts.ts', 'create', '--email', 'karin@example.com', '--password', 'a long passphrase', '--name', 'Karin',
      '--kids-profile', 'Kids', '--billing', 'card', '--first-name', 'Karin', '--last-name', 'Berg', '--card', '5555 5555 5555 4444',
    ], { REDIS_URL: REAL_REDIS_URL, REDIS_PREFIX: prefix, APP_SECRET: appSecret });
    expect(await created.exited).toBe(0);

    const connections = real.connect();
    try {
      const keys = createRedisKeys(prefix);
      const accounts = createAccountStore(connections.commands, keys, new ManualClock(), { billingKey: billingKeyFrom(appSecret) });
      const account = await accounts.findByBilling('karin', 'berg', '5555555555554444');
      expect(account?.email).toBe('karin@example.com');
      expect(account?.profiles.map((p) => [p.name, p.kids])).toEqual([['Karin', false], ['Kids', true]]);
      expect(account?.billing).toEqual({ method: 'card', cardLast4: '4444' });
      expect(JSON.stringify(await connections.commands.hgetall(keys.account(account!.id)))).not.toContain('5555555555554444');
    } finally {
      await closeRedis(connections);
    }

    const badCard = runEntryPoint(['server/cli/accounts.ts', 'create', '--email', 'x@example.com', '--password', 'a long passphrase', '--billing', 'card', '--first-name', 'X', '--last-name', 'Y', '--card', '1234'],
      { REDIS_URL: REAL_REDIS_URL, REDIS_PREFIX: prefix, APP_SECRET: appSecret });
    expect(await badCard.exited).toBe(1);
    expect(badCard.output()).toContain('not a valid card number');
  });
});
