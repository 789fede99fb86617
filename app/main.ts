import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import express from 'express';
import { ConfigError, loadConfig, redisTargetOf, type Config } from '../server/config.ts';
import { createLogger } from '../server/observability/logger.ts';
import { createMetrics, type Metrics } from '../server/observability/metrics.ts';
import { metricsRoutes, type MetricsAccess } from '../server/observability/metricsRoutes.ts';
import { watchRedisConnections } from '../server/observability/countedStores.ts';
import { connectRedis, closeRedis } from '../server/store/redisClient.ts';
import { signingKeysFromConfig } from '../server/tokens/signingKeys.ts';
import { appSecretFromConfig } from '../server/devSecret.ts';
import { createApp } from './createApp.ts';
import { createHttpServer } from './httpServer.ts';
import { lanAddress, startBanner } from './startBanner.ts';

// The only place that reads the environment, listens and shuts down. Everything else is built by
// createApp from what this passes in.

const SHUTDOWN_GRACE_MS = 10_000;
const netClose = NetServer.prototype.close;

/**
 * `npm start` runs the bundle `npm run build` made (dist/main.js), with the TV app built beside it
 * (dist/tv/app.js). Run from the TypeScript sources (`npx tsx app/main.ts`) there is none, and
 * the TV app is bundled in memory when the node starts instead.
 */
function prebuiltTvBundle(): string | undefined {
  if (!import.meta.url.endsWith('.js')) return undefined;
  const path = fileURLToPath(new URL('./tv/app.js', import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build`);
  return path;
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const metrics = createMetrics();
  const redis = connectRedis(redisTargetOf(config), {
    onAwayChange: (away, why) => (away ? logger.warn({ why }, 'Redis away: requests answer 503 TV-503 at once until it answers') : logger.info({ why }, 'Redis answers again')),
  });
  watchRedisConnections(redis, metrics, (connection, error) => logger.warn({ err: error.message, connection }, 'redis error'));
  const [signingKeys, appSecret] = await Promise.all([
    signingKeysFromConfig(config.signingKeyJwks, config.dataDir),
    appSecretFromConfig(config.appSecret, config.dataDir),
  ]);

  const app = createApp({ config, redis, signingKeys, appSecret, logger, metrics, metricsAccess: metricsAccessFrom(config), prebuiltTvBundle: prebuiltTvBundle() });
  const server = createHttpServer(app.express);
  app.attach(server);
  const metricsServer = config.metricsPort ? await serveMetricsOnItsOwnPort(metrics, config) : undefined;
  // Listen first, so /healthz and /readyz answer (503 "not ready") while Redis is still away; the
  // node reports ready, and prints its banner, once Redis answers and its channels are confirmed.
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  await app.start();
  const store = redis.embedded
    ? 'embedded in-memory store (set REDIS_URL for Redis)'
    : config.redisClusterNodes ? `Redis Cluster at ${config.redisClusterNodes.join(',')}` : `Redis at ${withoutPassword(config.redisUrl!)}`;
  console.log(['', ...startBanner({ config, store, demo: config.demoAccount, lan: lanAddress() }), ''].join('\n'));

  let stopping = false;
  // SIGTERM drains: stop accepting connections, move TVs to other nodes (1012), finish the
  // deliveries and requests under way, then quit Redis, all within the grace period.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const startedAt = Date.now();
    logger.info({ signal, waitingTvs: app.services.listeners.size() }, 'draining');
    // If something hangs, leave anyway; unref so a clean shutdown is not held up by the timer.
    setTimeout(() => {
      logger.warn({ graceMs: SHUTDOWN_GRACE_MS }, 'drain took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Stop listening without http.Server#close's closing of idle connections: a connection
    // accepted a moment ago has no request yet and would be reset. Its request is answered
    // (with Connection: close) and idle connections are closed once the sockets are drained.
    netClose.call(server);
    metricsServer?.close();
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

/** Who may read /metrics on the main port. */
function metricsAccessFrom(config: Config): MetricsAccess {
  if (config.metricsPort) return { mode: 'off' }; // served on its own port instead
  if (config.metricsToken) return { mode: 'token', token: config.metricsToken };
  return { mode: config.mode === 'production' ? 'off' : 'open' };
}

/** METRICS_PORT: /metrics alone on a port of its own (bound to HOST), for a scraper inside the network. */
async function serveMetricsOnItsOwnPort(metrics: Metrics, config: Config): Promise<Server> {
  const app = express();
  app.use(metricsRoutes(metrics, config.metricsToken ? { mode: 'token', token: config.metricsToken } : { mode: 'open' }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.metricsPort, config.host, resolve));
  return server;
}

/** The Redis URL for the banner, its password (if any) masked. */
function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
  } else {
    console.error('Could not start:', error);
  }
  process.exit(1);
});
