import { Cluster } from 'ioredis';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { pino, type Logger } from 'pino';
import type { Config } from '../server/config.ts';
import { systemClock, type Clock } from '../server/clock.ts';
import type { RedisConnections } from '../server/store/redisClient.ts';
import { createRedisKeys } from '../server/store/keys.ts';
import { createPairingStore } from '../server/pairing/pairingStore.ts';
import { createSignInCollector } from '../server/pairing/signInCollector.ts';
import { createAccountStore } from '../server/accounts/accountStore.ts';
import { createWebSessions } from '../server/accounts/webSessions.ts';
import { createRateLimiter } from '../server/http/rateLimiter.ts';
import { createClientRegistry } from '../server/oauth/clients.ts';
import { createAccessTokens } from '../server/tokens/accessTokens.ts';
import { createTokenIssuer } from '../server/tokens/tokenIssuer.ts';
import { createDeviceSessions } from '../server/devices/deviceSessionStore.ts';
import type { SigningKeys } from '../server/tokens/signingKeys.ts';
import { createCsrf } from '../server/http/csrf.ts';
import { createCookieJar } from '../server/http/cookies.ts';
import { AppError } from '../shared/appError.ts';
import { createErrorHandler } from '../server/http/errorHandler.ts';
import { securityHeaders } from '../server/http/securityHeaders.ts';
import { createPairingListeners } from '../server/realtime/pairingListeners.ts';
import { createTvSocketServer, type TvSocketServer } from '../server/realtime/tvSocketServer.ts';
import { createDeviceSessionListeners } from '../server/realtime/deviceSessionListeners.ts';
import { oauthRoutes } from '../server/oauth/routes.ts';
import { contractRoutes } from '../server/contracts/routes.ts';
import { projectPath } from '../server/projectRoot.ts';
import { buildTvBundle, tvBundleBuilt, tvClientRoutes } from '../server/http/tvClient.ts';
import { healthRoutes } from '../server/http/healthRoutes.ts';
import { createMetrics, type Metrics } from '../server/observability/metrics.ts';
import { metricsRoutes, type MetricsAccess } from '../server/observability/metricsRoutes.ts';
import { requestLog } from '../server/observability/logger.ts';
import { countedPairings, countedRateLimiter } from '../server/observability/countedStores.ts';
import { createMessageBus, type MessageBus } from '../server/realtime/messageBus.ts';
import { ensureDemoAccount } from '../server/accounts/demoAccount.ts';
import { remoteSignInRoutes } from '../server/tv/remoteSignIn.ts';
import { leaveCodeRoutes } from '../server/tv/leaveCode.ts';
import { chooseProfileRoutes } from '../server/tv/chooseProfile.ts';
import { createDelivery } from '../server/notify/createDelivery.ts';
import { billingKeyFrom, createPasswordHelp } from '../server/passwordHelp/createPasswordHelp.ts';
import type { AppContext } from '../server/context.ts';
import { createSignInLimits } from '../server/accounts/signInLimits.ts';
import { createCodeEntryLimits } from '../server/pairing/codeEntryLimits.ts';
import { createHelpLimits } from '../server/passwordHelp/helpRateLimits.ts';
import { mount as mountCompanion, companionErrorPage } from '../companion-web/mount.ts';

// The composition root: builds the whole application from its dependencies and wires server/ and
// companion-web/ together (the only module that knows both), without listening. Tests build as
// many as they like (two "nodes" sharing one Redis, a fake clock); main.ts builds one and listens.

export interface AppDeps {
  config: Config;
  redis: RedisConnections;
  signingKeys: SigningKeys;
  appSecret: string;
  clock?: Clock;
  logger?: Logger;
  /** Names this node in pub/sub routing; random by default. */
  nodeId?: string;
  /** Counters and gauges for /metrics; main.ts passes the one it also feeds Redis events into. */
  metrics?: Metrics;
  /** Who may read /metrics on this app's port (main.ts decides from the configuration). */
  metricsAccess?: MetricsAccess;
  /** Waits between email/SMS delivery retries; tests shorten them. */
  deliveryRetryDelaysMs?: number[];
  /** The TV bundle `npm run build` wrote; without it /tv/app.js is bundled on the first request. */
  prebuiltTvBundle?: string;
}

export interface App {
  express: Express;
  context: AppContext;
  sockets: TvSocketServer;
  /** The owner of this node's pub/sub subscriptions. */
  bus: MessageBus;
  /** Builds the TV app, subscribes to this node's channels (waiting for Redis if it is away) and
   * creates the demo account if configured; resolves when the node is ready. */
  start(): Promise<void>;
  /** Hooks the TV WebSocket into an HTTP server. */
  attach(server: Server): void;
  /**
   * Drains the node: stops listening for events, lets deliveries in flight finish, closes TV
   * sockets with 1012 so TVs reconnect elsewhere at once, and answers HTTP with Connection: close
   * from now on. Redis and the HTTP server are the caller's to close.
   */
  close(): Promise<void>;
}

const staticDir = projectPath('companion-web', 'static');

export function createApp(deps: AppDeps): App {
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? pino({ level: 'silent' });
  const redis = deps.redis.commands;
  const keys = createRedisKeys(config.redisPrefix);
  const publicOrigin = new URL(config.publicUrl).origin;
  const secure = config.publicUrl.startsWith('https:');
  const cookies = createCookieJar(secure);
  const metrics = deps.metrics ?? createMetrics();
  const pairings = countedPairings(createPairingStore(redis, keys, clock), metrics);
  const accessTokens = createAccessTokens({
    keys: deps.signingKeys,
    issuer: config.publicUrl,
    audience: config.publicUrl,
    lifetimeSeconds: config.accessTokenLifetimeSeconds,
    clock,
  });
  const deviceSessions = createDeviceSessions({ redis, keys, clock, lifetimeSeconds: config.refreshTokenLifetimeSeconds });
  const tokenIssuer = createTokenIssuer(accessTokens, deviceSessions);
  const signIns = createSignInCollector({ pairings, tokenIssuer, deviceSessions });
  const nodeId = deps.nodeId ?? `node-${randomBytes(6).toString('hex')}`;
  const bus = createMessageBus(deps.redis.subscriber, logger);
  const listeners = createPairingListeners({
    nodeId,
    bus,
    keys,
    collector: signIns,
    clock,
    logger,
    onDelivered: (pairing) => {
      if (pairing.decidedAt) metrics.pushLatency(Math.max(0, clock.now() - pairing.decidedAt) / 1000);
    },
  });
  const deviceListeners = createDeviceSessionListeners({ nodeId, bus, keys, accessTokens, deviceSessions, logger });

  const accounts = createAccountStore(redis, keys, clock, { billingKey: billingKeyFrom(deps.appSecret) });
  const webSessions = createWebSessions(redis, keys, clock);
  const delivery = createDelivery({
    config, redis, keys, clock, logger, metrics, retryDelaysMs: deps.deliveryRetryDelaysMs, appSecret: deps.appSecret,
    // A Redis Cluster keeps the in-process retries for now: the queue is wired for one Redis.
    queueConnection: deps.redis.embedded || redis instanceof Cluster ? undefined : redis,
  });
  const passwordHelp = createPasswordHelp({
    config, redis, keys, clock, appSecret: deps.appSecret, accounts, webSessions, deviceSessions, notifier: delivery.notifier,
  });

  const rateLimiter = countedRateLimiter(createRateLimiter(redis, keys, clock), metrics);
  const signInLimits = createSignInLimits(rateLimiter);
  const csrf = createCsrf({ secret: deps.appSecret, cookieName: cookies.names.csrf, secure, publicOrigin });

  const context: AppContext = {
    config,
    clock,
    logger,
    redis,
    keys,
    pairings,
    signIns,
    accounts,
    rateLimiter,
    signInLimits,
    clients: createClientRegistry(config.clients),
    signingKeys: deps.signingKeys,
    accessTokens,
    tokenIssuer,
    deviceSessions,
    listeners,
    passwordHelp,
    delivery,
    deviceListeners,
  };

  const sockets = createTvSocketServer({
    listeners,
    deviceListeners,
    pairings,
    allowedOrigins: new Set([publicOrigin, ...config.allowedOrigins]),
    logger,
  });
  metrics.watch({ waitingTvs: listeners.size, signedInTvs: deviceListeners.size, webSocketConnections: sockets.connectionCount });

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger));
  let draining = false;
  // Keep-alive clients (a load balancer, a phone) are moved to other nodes while this one drains.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(securityHeaders);
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
  app.use(express.json({ limit: '16kb' }));
  let started = false;
  app.use(healthRoutes({ redis, bus, tvBundleBuilt, lifecycle: () => (draining ? 'draining' : started ? 'serving' : 'starting') }));
  app.use(metricsRoutes(metrics, deps.metricsAccess ?? { mode: config.mode === 'production' ? 'off' : 'open' }));
  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false }));
  // Browsers ask for /favicon.ico on their own (pages link the SVG); no 404 in the logs for it.
  app.get('/favicon.ico', (_req: Request, res: Response) => res.redirect(301, '/static/favicon.svg'));
  app.use(oauthRoutes(context));
  app.use(contractRoutes(config.publicUrl));
  app.use(tvClientRoutes());
  app.use(remoteSignInRoutes(context));
  app.use(leaveCodeRoutes(context));
  app.use(chooseProfileRoutes(context));
  mountCompanion(app, {
    settings: config,
    clock,
    logger,
    cookies,
    csrf,
    pairings,
    accounts,
    browserSessions: webSessions,
    limits: { ...signInLimits, ...createCodeEntryLimits(rateLimiter), ...createHelpLimits(rateLimiter) },
    passwordHelp,
    devices: deviceSessions,
    // Shows reset links and codes: only where the dev outbox is in use, never in production.
    devOutbox: config.mode === 'production' ? undefined : delivery.devOutbox,
  });
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new AppError('not_found')));
  app.use(createErrorHandler({ logger, renderPage: companionErrorPage({ cookies, clock }) }));

  return {
    express: app,
    context,
    sockets,
    bus,
    async start() {
      await listeners.start();
      deviceListeners.start();
      await Promise.all([buildTvBundle(deps.prebuiltTvBundle), bus.start()]);
      // Before the node reports ready, so nobody can try the demo account before it exists.
      if (config.demoAccount) await ensureDemoAccount(accounts);
      started = true;
    },
    attach: (server) => sockets.attach(server),
    async close() {
      draining = true;
      // No new events: a TV approved from now on is collected where it listens next.
      await bus.stop();
      await listeners.stop();
      await listeners.settle();
      await sockets.close();
      await delivery.close();
    },
  };
}
