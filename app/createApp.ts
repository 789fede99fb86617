import { Cluster } from 'ioredis';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { hmacBase64Url } from '../server/crypto.ts';
import { pino, type Logger } from 'pino';
import type { Config } from '../server/config.ts';
import { systemClock, type Clock } from '../server/clock.ts';
import type { RedisConnections } from '../server/store/redisClient.ts';
import { createRedisKeys } from '../server/store/keys.ts';
import { createPairingStore, type PairingStore } from '../server/pairing/pairingStore.ts';
import { createSignInCollector } from '../server/pairing/signInCollector.ts';
import { createSignInApprover } from '../server/pairing/signInApprover.ts';
import { createTokenBoxes } from '../server/pairing/tokenBox.ts';
import { createAccountStore, type AccountStore } from '../server/accounts/accountStore.ts';
import { createWebSessions } from '../server/accounts/webSessions.ts';
import { createRateLimiter } from '../server/http/rateLimiter.ts';
import { createClientRegistry } from '../server/oauth/clients.ts';
import { createAccessTokens, type AccessTokens } from '../server/tokens/accessTokens.ts';
import { createTokenIssuer } from '../server/tokens/tokenIssuer.ts';
import { createDeviceSessions, type DeviceSessions } from '../server/devices/deviceSessionStore.ts';
import type { SigningKeys } from '../server/tokens/signingKeys.ts';
import { createCsrf } from '../server/http/csrf.ts';
import { createCookieJar } from '../server/http/cookies.ts';
import { AppError } from '../shared/appError.ts';
import { createErrorHandler } from '../server/http/errorHandler.ts';
import { securityHeaders } from '../server/http/securityHeaders.ts';
import { createPairingListeners, type PairingListeners } from '../server/realtime/pairingListeners.ts';
import proxyaddr from 'proxy-addr';
import { createTvSocketServer, TV_SOCKET_LIMITS, type TvSocketServer } from '../server/realtime/tvSocketServer.ts';
import { createDeviceSessionListeners, type DeviceSessionListeners } from '../server/realtime/deviceSessionListeners.ts';
import { oauthRoutes } from '../server/oauth/routes.ts';
import { createCodeIssuer } from '../server/oauth/codeIssuer.ts';
import { contractRoutes } from '../server/contracts/routes.ts';
import { projectPath } from '../server/projectRoot.ts';
import { buildTvBundle, tvBundleBuilt, tvClientRoutes } from '../server/http/tvClient.ts';
import { healthRoutes } from '../server/http/healthRoutes.ts';
import { createMetrics, type Metrics } from '../server/observability/metrics.ts';
import { metricsRoutes, type MetricsAccess } from '../server/observability/metricsRoutes.ts';
import { requestLog } from '../server/observability/logger.ts';
import { countedPairings, countedRateLimiter } from '../server/observability/countedStores.ts';
import { createMessageBus, type MessageBus } from '../server/realtime/messageBus.ts';
import { createFreshCodes } from '../server/realtime/freshCodes.ts';
import { ensureDemoAccount } from '../server/accounts/demoAccount.ts';
import { remoteSignInRoutes } from '../server/tv/remoteSignIn.ts';
import { leaveCodeRoutes } from '../server/tv/leaveCode.ts';
import { chooseProfileRoutes } from '../server/tv/chooseProfile.ts';
import { createDelivery, type Delivery } from '../server/notify/createDelivery.ts';
import { billingKeyFrom, createPasswordHelp } from '../server/passwordHelp/createPasswordHelp.ts';
import { createSecurityCounters, type SecurityCounters } from '../server/security/securityCounters.ts';
import { createCodeGuessBudget } from '../server/security/codeGuessBudget.ts';
import { createSignInGuard } from '../server/security/signInGuard.ts';
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
  /** TV WebSocket limits (sockets per address, silence and heartbeat timers); tests shorten them. */
  tvSocketLimits?: Partial<typeof TV_SOCKET_LIMITS>;
  /** Counters and gauges for /metrics; main.ts passes the one it also feeds Redis events into. */
  metrics?: Metrics;
  /** Who may read /metrics on this app's port (main.ts decides from the configuration). */
  metricsAccess?: MetricsAccess;
  /** Waits between email/SMS delivery retries; tests shorten them. */
  deliveryRetryDelaysMs?: number[];
  /** The TV bundle `npm run build` wrote; without it /tv/app.js is bundled on the first request. */
  prebuiltTvBundle?: string;
}

/** The built services, for main.ts (the demo account) and for tests to look inside; no route sees this. */
export interface AppServices {
  accounts: AccountStore;
  pairings: PairingStore;
  accessTokens: AccessTokens;
  deviceSessions: DeviceSessions;
  listeners: PairingListeners;
  deviceListeners: DeviceSessionListeners;
  delivery: Delivery;
  /** Security events counted on this node (guesses, lockouts, refused sockets). */
  securityCounters: SecurityCounters;
  logger: Logger;
}

export interface App {
  express: Express;
  services: AppServices;
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
  const deviceSessions = createDeviceSessions({
    redis, keys, clock, lifetimeSeconds: config.refreshTokenLifetimeSeconds, networkKey: hmacBase64Url(deps.appSecret, 'key:networks'),
  });
  const tokenIssuer = createTokenIssuer(accessTokens, deviceSessions);
  const boxes = createTokenBoxes(deps.appSecret);
  // One Redis: a device session goes in the same write as the claim or approval that names it.
  const singleRedis = !(redis instanceof Cluster);
  const signIns = createSignInCollector({ pairings, tokenIssuer, deviceSessions, boxes, storeSessionWhileClaiming: singleRedis });
  const approver = createSignInApprover({ pairings, tokenIssuer, deviceSessions, boxes, storeSessionWithApproval: singleRedis, logger });
  const nodeId = deps.nodeId ?? `node-${randomBytes(6).toString('hex')}`;
  const bus = createMessageBus(deps.redis.subscriber, logger);
  const freshCodes = createFreshCodes({ nodeId, bus, clock });
  const listeners = createPairingListeners({
    nodeId,
    bus,
    freshCodes,
    keys,
    collector: signIns,
    pairings,
    clock,
    logger,
    boxes,
    onDelivered: ({ decidedAt, claimed }) => {
      if (decidedAt) metrics.pushLatency(Math.max(0, clock.now() - decidedAt) / 1000);
      // A claim counts its own deliveries (countedPairings); a box handed over from the event has none.
      if (!claimed) metrics.pairing('delivered');
    },
  });
  const deviceListeners = createDeviceSessionListeners({ nodeId, bus, keys, accessTokens, deviceSessions, logger });

  const accounts = createAccountStore(redis, keys, clock, { billingKey: billingKeyFrom(deps.appSecret) });
  const webSessions = createWebSessions(redis, keys, clock);
  const delivery = createDelivery({
    config, redis, keys, clock, logger, metrics, retryDelaysMs: deps.deliveryRetryDelaysMs, appSecret: deps.appSecret,
    queueConnection: deps.redis.embedded ? undefined : redis,
  });
  const passwordHelp = createPasswordHelp({
    config, redis, keys, clock, appSecret: deps.appSecret, accounts, webSessions, deviceSessions, notifier: delivery.notifier,
  });

  const rateLimiter = countedRateLimiter(createRateLimiter(redis, keys, clock), metrics);
  const securityCounters = createSecurityCounters();
  // Security events reach /metrics too (tv_signin_security_events_total), the guess alarm included.
  securityCounters.onIncrement((name, labels) => metrics.securityEvent(name, labels));
  const signInGuard = createSignInGuard({ rateLimiter, counters: securityCounters, logger });
  const codeGuesses = createCodeGuessBudget({ rateLimiter, counters: securityCounters, logger, clock, globalPerMinute: config.codeGuessGlobalPerMinute });
  const clients = createClientRegistry(config.clients);
  const csrf = createCsrf({ secret: deps.appSecret, cookieName: cookies.names.csrf, secure, publicOrigin });

  const codes = createCodeIssuer({ config, clients, pairings, rateLimiter, freshCodes });
  const sockets = createTvSocketServer({
    listeners,
    deviceListeners,
    pairings,
    codes,
    allowedOrigins: new Set([publicOrigin, ...config.allowedOrigins]),
    logger,
    // The address Express would give as req.ip: the same TRUST_PROXY rules for sockets as for pages.
    clientAddress: (req) => proxyaddr(req as Parameters<typeof proxyaddr>[0], app.get('trust proxy fn') as Parameters<typeof proxyaddr>[1]),
    counters: securityCounters,
    limits: { maxSocketsPerAddress: config.tvSocketsPerAddress, ...deps.tvSocketLimits },
  });
  metrics.watch({ waitingTvs: listeners.size, signedInTvs: deviceListeners.size, webSocketConnections: sockets.connectionCount });

  const app = express();
  app.disable('x-powered-by');
  // No ETag on dynamic answers: they are no-store JSON or pages with a fresh CSRF token, never
  // revalidated, and hashing every body cost CPU on each request (static files keep theirs).
  app.set('etag', false);
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.use(requestLog(logger));
  let draining = false;
  // Keep-alive clients (a load balancer, a phone) are moved to other nodes while this one drains.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (draining) res.setHeader('Connection', 'close');
    next();
  });
  app.use(securityHeaders({ tls: secure }));
  app.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 }));
  app.use(express.json({ limit: '16kb' }));
  let started = false;
  app.use(healthRoutes({ redis, bus, tvBundleBuilt, lifecycle: () => (draining ? 'draining' : started ? 'serving' : 'starting') }));
  app.use(metricsRoutes(metrics, deps.metricsAccess ?? { mode: config.mode === 'production' ? 'off' : 'open' }));
  app.use('/static', express.static(staticDir, { maxAge: '1h', index: false }));
  // Browsers ask for /favicon.ico on their own (pages link the SVG); no 404 in the logs for it.
  app.get('/favicon.ico', (_req: Request, res: Response) => res.redirect(301, '/static/favicon.svg'));
  app.use(oauthRoutes({ config, signingKeys: deps.signingKeys, codes, clients, pairings, signIns, tokenIssuer, deviceSessions, accessTokens, accounts, logger }));
  app.use(contractRoutes(config.publicUrl));
  app.use(tvClientRoutes());
  app.use(remoteSignInRoutes({ clients, accounts, signInGuard, tokenIssuer, logger }));
  app.use(leaveCodeRoutes({ pairings, logger }));
  app.use(chooseProfileRoutes({ accessTokens, accounts, deviceSessions }));
  mountCompanion(app, {
    settings: config,
    clock,
    logger,
    cookies,
    csrf,
    pairings: { read: pairings.read, scan: pairings.scan, prepareDecision: approver.prepare },
    accounts,
    browserSessions: webSessions,
    limits: { signIn: signInGuard.begin, codeGuess: codeGuesses.guess, codeGuessEarly: codeGuesses.readEarly, ...createHelpLimits(rateLimiter) },
    passwordHelp,
    devices: deviceSessions,
    // Shows reset links and codes: only where the dev outbox is in use, never in production.
    devOutbox: config.mode === 'production' ? undefined : delivery.devOutbox,
  });
  app.use((_req: Request, _res: Response, next: NextFunction) => next(new AppError('not_found')));
  app.use(createErrorHandler({ logger, renderPage: companionErrorPage({ cookies, clock, supportUrl: config.supportUrl }) }));

  return {
    express: app,
    services: { accounts, pairings, accessTokens, deviceSessions, listeners, deviceListeners, delivery, securityCounters, logger },
    sockets,
    bus,
    async start() {
      await listeners.start();
      deviceListeners.start();
      await Promise.all([buildTvBundle(deps.prebuiltTvBundle), bus.start()]);
      // Before the node reports ready, so nobody can try the demo account before it exists.
      if (config.demoAccount) await untilItWorks(() => ensureDemoAccount(accounts), logger);
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

/**
 * Start-up work that needs Redis is retried rather than fatal: a command that times out while
 * Redis is slow or away (the drill saw this on a starved machine) must not end the process; the
 * node stays not ready (/readyz 503) until it succeeds.
 */
async function untilItWorks(work: () => Promise<unknown>, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return;
    } catch (error) {
      logger.warn({ err: (error as Error).message, attempt }, 'start-up step failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, Math.min(attempt * 250, 2000)));
    }
  }
}
