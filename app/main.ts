import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Server as NetServer } from 'node:net';
import { pino } from 'pino';
import { ConfigError, loadConfig } from '../server/config.ts';
import { connectRedis, closeRedis } from '../server/store/redisClient.ts';
import { signingKeysFromConfig } from '../server/tokens/signingKeys.ts';
import { appSecretFromConfig } from '../server/devSecret.ts';
import { createApp } from './createApp.ts';
import { createHttpServer } from './httpServer.ts';
import { ensureDemoAccount } from '../server/accounts/demoAccount.ts';
import { lanAddress, startBanner } from './startBanner.ts';

// The only place that reads the environment, listens and shuts down. Everything else is built by
// createApp from what this passes in.

const SHUTDOWN_GRACE_MS = 10_000;
const netClose = NetServer.prototype.close;

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
    console.log(['', ...startBanner({ config, store, demo: Boolean(demo), lan: lanAddress() }), ''].join('\n'));
  });

  let stopping = false;
  // SIGTERM drains: stop accepting connections, move TVs to other nodes (1012), finish the
  // deliveries and requests under way, then quit Redis, all within the grace period.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const startedAt = Date.now();
    logger.info({ signal, waitingTvs: app.context.listeners.size() }, 'draining');
    // If something hangs, leave anyway; unref so a clean shutdown is not held up by the timer.
    setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'drain took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Stop listening without http.Server#close's closing of idle connections: a connection
    // accepted a moment ago has no request yet and would be reset. Its request is answered
    // (with Connection: close) and idle connections are closed once the sockets are drained.
    netClose.call(server);
    const httpDone = new Promise<void>((resolve) => server.once('close', () => resolve()));
    void app
      .close()
      .then(async () => {
        const idleCloser = setInterval(() => server.closeIdleConnections(), 100);
        server.closeIdleConnections();
        await httpDone;
        clearInterval(idleCloser);
      })
      .then(() => closeRedis(redis))
      .then(() => {
        logger.info({ ms: Date.now() - startedAt }, 'drained; exiting');
        process.exit(0);
      });
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
