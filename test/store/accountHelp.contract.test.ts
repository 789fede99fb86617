import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS, keysMatching, uniqueKeys } from '../helpers/redisBackends.ts';
import { closeRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import { ManualClock } from '../../server/clock.ts';
import type { RedisKeys } from '../../server/store/keys.ts';
import { createResetLinks } from '../../server/passwordHelp/resetLinks.ts';
import { createSmsCodes, SMS_CODE_MAX_WRONG_TRIES } from '../../server/passwordHelp/smsCodes.ts';
import { AccountError, createAccountStore } from '../../server/accounts/accountStore.ts';

// Reset links, SMS codes and billing details in the store, on the embedded store and real Redis:
// expiry by the injected clock, single use, newest wins, tries counted, only hashes stored.

const HOUR_MS = 3600_000;
const ACCOUNT = '0f8fad5b-d9cb-469f-a165-70867728950e';

for (const backend of BACKENDS) {
  describe.skipIf(!backend.available)(`account help store on ${backend.name}`, () => {
    const open: RedisConnections[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map(closeRedis));
    });

    function setup() {
      const connections = backend.connect();
      open.push(connections);
      const { keys, prefix } = uniqueKeys();
      return { redis: connections.commands, keys, prefix, clock: new ManualClock() };
    }

    /** Every key and value under the test's prefix, to show what a dump of the store would reveal. */
    async function dump(redis: RedisConnections['commands'], prefix: string): Promise<string> {
      const found = await keysMatching(redis, `${prefix}*`);
      const parts: string[] = [];
      for (const key of found) {
        const type = await redis.type(key);
        parts.push(key, type === 'hash' ? JSON.stringify(await redis.hgetall(key)) : type === 'string' ? String(await redis.get(key)) : type);
      }
      return parts.join('\n');
    }

    describe('reset links', () => {
      it('work once', async () => {
        const { redis, keys, clock } = setup();
        const links = createResetLinks(redis, keys, clock);
        const token = await links.issue(ACCOUNT);
        expect(await links.redeem(token)).toBe(ACCOUNT);
        expect(await links.redeem(token)).toBeNull();
      });

      it('work until 24 hours have passed, not after', async () => {
        const { redis, keys, clock } = setup();
        const links = createResetLinks(redis, keys, clock);
        const early = await links.issue(ACCOUNT);
        clock.advance(24 * HOUR_MS - 1000);
        expect(await links.redeem(early)).toBe(ACCOUNT);
        const late = await links.issue(ACCOUNT);
        clock.advance(24 * HOUR_MS);
        expect(await links.redeem(late)).toBeNull();
      });

      it('a newer link makes older ones useless', async () => {
        const { redis, keys, clock } = setup();
        const links = createResetLinks(redis, keys, clock);
        const older = await links.issue(ACCOUNT);
        const newer = await links.issue(ACCOUNT);
        expect(await links.redeem(older)).toBeNull();
        expect(await links.redeem(newer)).toBe(ACCOUNT);
      });

      it('a wrong token neither works nor spoils the real one; garbage is refused', async () => {
        const { redis, keys, clock } = setup();
        const links = createResetLinks(redis, keys, clock);
        const token = await links.issue(ACCOUNT);
        const forged = `${ACCOUNT}.${'A'.repeat(43)}`;
        for (let i = 0; i < 10; i++) expect(await links.redeem(forged)).toBeNull();
        for (const garbage of [undefined, '', 'x', ['a'], `${ACCOUNT}.`, `${token}x`, { token }]) expect(await links.redeem(garbage)).toBeNull();
        expect(await links.redeem(token)).toBe(ACCOUNT);
      });

      it('two clicks at the same moment: exactly one succeeds', async () => {
        const { redis, keys, clock } = setup();
        const links = createResetLinks(redis, keys, clock);
        const token = await links.issue(ACCOUNT);
        const results = await Promise.all([links.redeem(token), links.redeem(token), links.redeem(token)]);
        expect(results.filter(Boolean)).toEqual([ACCOUNT]);
      });

      it('are stored only as a hash', async () => {
        const { redis, keys, clock, prefix } = setup();
        const token = await createResetLinks(redis, keys, clock).issue(ACCOUNT);
        const stored = await dump(redis, prefix);
        expect(stored).toContain('hash');
        expect(stored).not.toContain(token.split('.')[1]);
      });
    });

    describe('SMS codes', () => {
      const smsCodes = (redis: RedisConnections['commands'], keys: RedisKeys, clock: ManualClock) =>
        createSmsCodes(redis, keys, clock, { hashKey: 'test-hash-key', lifetimeSeconds: 20 * 60 });

      it('are six digits and work once', async () => {
        const { redis, keys, clock } = setup();
        const codes = smsCodes(redis, keys, clock);
        const code = await codes.issue(ACCOUNT);
        expect(code).toMatch(/^\d{6}$/);
        expect(await codes.redeem(ACCOUNT, ` ${code.slice(0, 3)} ${code.slice(3)} `)).toBe('ok');
        expect(await codes.redeem(ACCOUNT, code)).toBe('dead');
      });

      it('expire after 20 minutes', async () => {
        const { redis, keys, clock } = setup();
        const codes = smsCodes(redis, keys, clock);
        const code = await codes.issue(ACCOUNT);
        clock.advance(20 * 60_000);
        expect(await codes.redeem(ACCOUNT, code)).toBe('dead');
      });

      it(`die after ${SMS_CODE_MAX_WRONG_TRIES} wrong tries, even before the right one`, async () => {
        const { redis, keys, clock } = setup();
        const codes = smsCodes(redis, keys, clock);
        const code = await codes.issue(ACCOUNT);
        const wrong = code === '000000' ? '111111' : '000000';
        for (let i = 1; i < SMS_CODE_MAX_WRONG_TRIES; i++) expect(await codes.redeem(ACCOUNT, wrong)).toBe('wrong');
        expect(await codes.redeem(ACCOUNT, 'not a code')).toBe('dead');
        expect(await codes.redeem(ACCOUNT, code)).toBe('dead');
      });

      it('a new code replaces the previous one (and its tries)', async () => {
        const { redis, keys, clock } = setup();
        const codes = smsCodes(redis, keys, clock);
        const first = await codes.issue(ACCOUNT);
        let second = await codes.issue(ACCOUNT);
        while (second === first) second = await codes.issue(ACCOUNT);
        expect(await codes.redeem(ACCOUNT, first)).toBe('wrong');
        expect(await codes.redeem(ACCOUNT, second)).toBe('ok');
      });

      it('decoys for numbers without an account answer like a real code, and never succeed', async () => {
        const { redis, keys, clock } = setup();
        const codes = smsCodes(redis, keys, clock);
        expect(await codes.redeemDecoy('+46709999999', '123456')).toBe('dead');
        await codes.issueDecoy('+46709999999');
        const answers = [];
        for (let i = 0; i < SMS_CODE_MAX_WRONG_TRIES + 1; i++) answers.push(await codes.redeemDecoy('+46709999999', String(i).padStart(6, '0')));
        expect(answers).toEqual([...Array(SMS_CODE_MAX_WRONG_TRIES - 1).fill('wrong'), 'dead', 'dead']);
        await codes.issueDecoy('+46709999999');
        clock.advance(20 * 60_000);
        expect(await codes.redeemDecoy('+46709999999', '123456')).toBe('dead');
      });

      it('are stored only as a keyed hash', async () => {
        const { redis, keys, clock, prefix } = setup();
        const code = await smsCodes(redis, keys, clock).issue(ACCOUNT);
        expect(await dump(redis, prefix)).not.toContain(code);
      });
    });

    describe('accounts with billing details, profiles and phone numbers', () => {
      const card = '4111 1111 1111 1111';
      const newAccount = (email: string, extra: object = {}) => ({
        email, password: 'lilac tram verses', name: 'Anna Svensson',
        billing: { method: 'card' as const, firstName: 'Anna', lastName: 'Svensson', cardNumber: card }, ...extra,
      });

      it('keeps only a keyed hash and the last four digits of the card, and finds the account by them', async () => {
        const { redis, keys, clock, prefix } = setup();
        const accounts = createAccountStore(redis, keys, clock, { billingKey: 'k'.repeat(43) });
        const account = await accounts.create(newAccount('anna@example.com'));
        expect(account.billing).toEqual({ method: 'card', cardLast4: '1111' });
        const stored = await dump(redis, prefix);
        expect(stored).not.toContain('4111111111111111');
        expect(stored).not.toContain('4111 1111');
        expect((await accounts.findByBilling(' anna ', 'SVENSSON', '4111-1111-1111-1111'))?.id).toBe(account.id);
        expect(await accounts.findByBilling('Anna', 'Svensson', '5555 5555 5555 4444')).toBeNull();
        expect(await accounts.findByBilling('Anna', 'Karlsson', card)).toBeNull();
        // Another key (another deployment's secret) cannot use the stored hash.
        expect(await createAccountStore(redis, keys, clock, { billingKey: 'z'.repeat(43) }).findByBilling('Anna', 'Svensson', card)).toBeNull();
      });

      it('refuses invalid card numbers and duplicate billing details', async () => {
        const { redis, keys, clock } = setup();
        const accounts = createAccountStore(redis, keys, clock, { billingKey: 'k'.repeat(43) });
        await expect(accounts.create(newAccount('a@example.com', { billing: { method: 'card', firstName: 'A', lastName: 'B', cardNumber: '4111 1111 1111 1112' } })))
          .rejects.toThrow(AccountError);
        await accounts.create(newAccount('anna@example.com'));
        await expect(accounts.create(newAccount('other@example.com'))).rejects.toMatchObject({ reason: 'invalid_billing' });
        expect(await accounts.findByLogin('other@example.com')).toBeNull();
      });

      it('third-party billing is recorded but never found by card', async () => {
        const { redis, keys, clock } = setup();
        const accounts = createAccountStore(redis, keys, clock, { billingKey: 'k'.repeat(43) });
        const account = await accounts.create(newAccount('anna@example.com', { billing: { method: 'third_party', firstName: 'Anna', lastName: 'Svensson' } }));
        expect(account.billing).toEqual({ method: 'third_party', cardLast4: undefined });
        expect(await accounts.findByBilling('Anna', 'Svensson', card)).toBeNull();
      });

      it('gives every account a regular profile first, Kids profiles after', async () => {
        const { redis, keys, clock } = setup();
        const accounts = createAccountStore(redis, keys, clock);
        const kidsFirst = await accounts.create({ email: 'k@example.com', password: 'lilac tram verses', profiles: [{ name: 'Kids', kids: true }] });
        expect(kidsFirst.profiles.map((p) => [p.name, p.kids])).toEqual([['k@example.com', false], ['Kids', true]]);
      });

      it('adds and changes the phone number; a number is one account’s only', async () => {
        const { redis, keys, clock } = setup();
        const accounts = createAccountStore(redis, keys, clock);
        const anna = await accounts.create({ email: 'anna@example.com', password: 'lilac tram verses' });
        const bo = await accounts.create({ email: 'bo@example.com', password: 'lilac tram verses', phone: '+46701111111' });
        await accounts.setPhone(anna.id, '+46 70 222 22 22');
        expect((await accounts.findByLogin('+46702222222'))?.id).toBe(anna.id);
        await accounts.setPhone(anna.id, '+46703333333');
        expect(await accounts.findByLogin('+46702222222')).toBeNull();
        expect((await accounts.get(anna.id))?.phone).toBe('+46703333333');
        await expect(accounts.setPhone(anna.id, '+46701111111')).rejects.toMatchObject({ reason: 'phone_taken' });
        expect((await accounts.findByLogin('+46701111111'))?.id).toBe(bo.id);
        await expect(accounts.setPhone(anna.id, 'call me')).rejects.toMatchObject({ reason: 'invalid_phone' });
      });

      it('sets a new password: the old one stops working', async () => {
        const { redis, keys, clock } = setup();
        const accounts = createAccountStore(redis, keys, clock);
        const anna = await accounts.create({ email: 'anna@example.com', password: 'lilac tram verses' });
        await accounts.setPassword(anna.id, 'quiet harbour lamps');
        expect(await accounts.authenticate('anna@example.com', 'lilac tram verses')).toBeNull();
        expect(await accounts.passwordMatches(anna.id, 'quiet harbour lamps')).toBe(true);
      });
    });
  });
}
