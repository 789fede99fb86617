import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../config.ts';
import { connectRedis, closeRedis } from '../store/redisClient.ts';
import { createRedisKeys } from '../store/keys.ts';
import { createAccountStore, AccountError } from '../accounts/accountStore.ts';
import { systemClock } from '../clock.ts';

// npm run accounts -- create --email E --password P [--phone +46…] [--name "…"]
// Adds an account to the configured Redis (REDIS_URL). Without REDIS_URL there is nothing
// lasting to add to, so it refuses rather than pretend.

const USAGE = 'Usage: npm run accounts -- create --email E --password P [--phone +46…] [--name "Name"]';

async function run(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { email: { type: 'string' }, phone: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || !values.password || (!values.email && !values.phone)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  if (!config.redisUrl) {
    console.error('REDIS_URL is not set: the embedded store lives inside a running server, so accounts cannot be added from here. Set REDIS_URL (e.g. redis://127.0.0.1:6379).');
    return 2;
  }
  const redis = connectRedis(config.redisUrl);
  try {
    const accounts = createAccountStore(redis.commands, createRedisKeys(config.redisPrefix), systemClock);
    const account = await accounts.create({ email: values.email, phone: values.phone, name: values.name, password: values.password });
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
