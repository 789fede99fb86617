import { createServer, type Server } from 'node:http';
import express from 'express';
import { ConfigError, loadConfig, type Config } from '../server/config.ts';
import { createLogger } from '../server/observability/logger.ts';
import { createMetrics, type Metrics } from '../server/observability/metrics.ts';
import { metricsRoutes, type MetricsAccess } from '../server/observability/metricsRoutes.ts';
import { watchRedisConnections } from '../server/observability/countedStores.ts';
import { connectRedis, closeRedis } from '../server/store/redisClient.ts';
import { signingKeysFromConfig } from '../server/tokens/signingKeys.ts';
import { appSecretFromConfig } from '../server/devSecret.ts';
import { createApp } from './createApp.ts';
import { DEMO_ACCOUNT } from '../server/accounts/demoAccount.ts';

// The only place that reads the environment, listens and shuts down. Everything else is built by
// createApp from what this passes in.

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const metrics = createMetrics();
  const redis = connectRedis(config.redisUrl);
  watchRedisConnections(redis, metrics, (connection, error) => logger.warn({ err: error.message, connection }, 'redis error'));
  const [signingKeys, appSecret] = await Promise.all([
    signingKeysFromConfig(config.signingKeyJwk, config.dataDir),
    appSecretFromConfig(config.appSecret, config.dataDir),
  ]);

  const app = createApp({ config, redis, signingKeys, appSecret, logger, metrics, metricsAccess: metricsAccessFrom(config) });
  const server = createServer(app.express);
  app.attach(server);
  const metricsServer = config.metricsPort ? await serveMetricsOnItsOwnPort(metrics, config) : undefined;
  // Listen first, so /healthz and /readyz answer (503 "not ready") while Redis is still away; the
  // node reports ready, and prints its banner, once Redis answers and its channels are confirmed.
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  await app.start();
  const store = redis.embedded ? 'embedded in-memory store (set REDIS_URL for Redis)' : `Redis at ${withoutPassword(config.redisUrl!)}`;
  console.log(`\nTV sign-in is running (${config.mode}, ${store}).`);
  console.log(`  TV:        ${config.publicUrl}/tv`);
  console.log(`  Companion: ${config.publicUrl}/tv8`);
  if (config.demoAccount) console.log(`  Demo account: ${DEMO_ACCOUNT.email} / ${DEMO_ACCOUNT.password}`);
  console.log('');

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // If something hangs, leave anyway; unref so a clean shutdown is not held up by the timer.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    server.close();
    server.closeIdleConnections();
    metricsServer?.close();
    void app
      .close()
      .then(() => closeRedis(redis))
      .then(() => process.exit(0));
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
