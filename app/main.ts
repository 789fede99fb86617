import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../server/config.ts';
import { connectRedis, closeRedis } from '../server/store/redisClient.ts';
import { signingKeysFromConfig } from '../server/tokens/signingKeys.ts';
import { appSecretFromConfig } from '../server/devSecret.ts';
import { createApp } from './createApp.ts';
import { createHttpServer } from './httpServer.ts';
import { ensureDemoAccount } from '../server/accounts/demoAccount.ts';

// The only place that reads the environment, listens and shuts down. Everything else is built by
// createApp from what this passes in.

const SHUTDOWN_GRACE_MS = 10_000;

/**
 * `npm start` runs the bundle `npm run build` made (dist/main.js), with the TV app built beside it
 * (dist/tv/app.js). Run from the TypeScript sources (`npx tsx app/main.ts`) there is none, and
 * the TV app is bundled on its first request instead.
 */
function prebuiltTvBundle(): string | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const path = fileURLToPath(new URL('./tv/app.js', import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({
    level: config.logLevel,
    // Secrets never reach the log, even by accident.
    redact: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.device_code', '*.access_token', '*.refresh_token'],
  });
  const redis = connectRedis(config.redisUrl);
  redis.commands.on('error', (error) => logger.warn({ err: error.message }, 'redis error'));
  redis.subscriber.on('error', (error) => logger.warn({ err: error.message }, 'redis subscriber error'));
  const [signingKeys, appSecret] = await Promise.all([
    signingKeysFromConfig(config.signingKeyJwks, config.dataDir),
    appSecretFromConfig(config.appSecret, config.dataDir),
  ]);

  const app = createApp({ config, redis, signingKeys, appSecret, logger, prebuiltTvBundle: prebuiltTvBundle() });
  await app.start();
  const demo = config.demoAccount ? await ensureDemoAccount(app.context.accounts) : undefined;

  const server = createHttpServer(app.express);
  app.attach(server);
  server.listen(config.port, config.host, () => {
    const store = redis.embedded ? 'embedded in-memory store (set REDIS_URL for Redis)' : `Redis at ${config.redisUrl}`;
    console.log(`\nTV sign-in is running (${config.mode}, ${store}).`);
    console.log(`  TV:        ${config.publicUrl}/tv`);
    console.log(`  Companion: ${config.publicUrl}/tv8`);
    if (demo) console.log(`  Demo account: ${demo.email} / ${demo.password}`);
    console.log('');
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // If something hangs, leave anyway; unref so a clean shutdown is not held up by the timer.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close();
    server.closeIdleConnections();
    void app
      .close()
      .then(() => closeRedis(redis))
      .then(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('Could not start:', error);
  }
  process.exit(1);
});
