import { parseArgs } from 'node:util';
import { loadConfig, ConfigError, redisTargetOf } from '../config.ts';
import { connectRedis, closeRedis } from '../store/redisClient.ts';
import { createRedisKeys } from '../store/keys.ts';
import { createAccountStore, AccountError } from '../accounts/accountStore.ts';
import { systemClock } from '../clock.ts';
import { appSecretFromConfig } from '../devSecret.ts';
import { billingKeyFrom } from '../passwordHelp/createPasswordHelp.ts';
import { BILLING_METHODS, type BillingMethod } from '../accounts/billingDetails.ts';

// npm run accounts -- create --email E --password P [--phone +46…] [--name "…"]
//   [--kids-profile "Kids"]… [--billing card --first-name F --last-name L --card 4111…]
// Adds an account to the configured Redis (REDIS_URL). Without REDIS_URL there is nothing
// lasting to add to, so it refuses rather than pretend. The card number is kept only as a keyed
// hash under APP_SECRET (or the development secret in DATA_DIR): use the same secret as the server.

const USAGE = [
  'Usage: npm run accounts -- create --email E --password P [--phone +46…] [--name "Name"]',
  '         [--kids-profile "Name"]… [--billing card|third_party|other --first-name F --last-name L [--card NUMBER]]',
].join('\n');

async function run(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: 'string' }, phone: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' },
      'kids-profile': { type: 'string', multiple: true },
      billing: { type: 'string' }, 'first-name': { type: 'string' }, 'last-name': { type: 'string' }, card: { type: 'string' },
    },
  });
  const billingMethod = values.billing as BillingMethod | undefined;
  if (positionals[0] !== 'create' || !values.password || (!values.email && !values.phone) || (billingMethod && !BILLING_METHODS.includes(billingMethod))) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const target = redisTargetOf(config);
  if (!target) {
    console.error('REDIS_URL is not set: the embedded store lives inside a running server, so accounts cannot be added from here. Set REDIS_URL (e.g. redis://127.0.0.1:6379) or REDIS_CLUSTER_NODES.');
    return 2;
  }
  const redis = connectRedis(target);
  try {
    const appSecret = await appSecretFromConfig(config.appSecret, config.dataDir);
    const accounts = createAccountStore(redis.commands, createRedisKeys(config.redisPrefix), systemClock, { billingKey: billingKeyFrom(appSecret) });
    const account = await accounts.create({
      email: values.email, phone: values.phone, name: values.name, password: values.password,
      profiles: [{ name: values.name ?? values.email ?? values.phone ?? '' }, ...(values['kids-profile'] ?? []).map((name) => ({ name, kids: true }))],
      billing: billingMethod
        ? { method: billingMethod, firstName: values['first-name'] ?? '', lastName: values['last-name'] ?? '', cardNumber: values.card }
        : undefined,
    });
    console.log(`Created account ${account.id} (${account.email ?? account.phone}).`);
    return 0;
  } finally {
    await closeRedis(redis);
  }
}

run()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    if (error instanceof AccountError || error instanceof ConfigError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  });
