import type { RedisTarget } from './store/redisClient.ts';

// Configuration from environment variables, checked once at start-up. Anything wrong stops the
// server with a message naming the variable; nothing else in the server reads process.env.

export interface OAuthClient {
  clientId: string;
  name: string;
}

export interface Config {
  /** production requires explicit keys and secrets; development generates and persists them. */
  mode: 'production' | 'development';
  host: string;
  port: number;
  /** Base of every link we hand out (verification_uri, issuer). No trailing slash. */
  publicUrl: string;
  redisUrl: string | undefined;
  /** Seed nodes (`host:port`) of a Redis Cluster, instead of redisUrl. */
  redisClusterNodes: string[] | undefined;
  redisPrefix: string;
  /** Where development keys and secrets are persisted. */
  dataDir: string;
  codeLifetimeSeconds: number;
  pollIntervalSeconds: number;
  accessTokenLifetimeSeconds: number;
  /** A signed-in device that does not refresh for this long is signed out. */
  refreshTokenLifetimeSeconds: number;
  /** Private signing key as a JWK (JSON); required in production. */
  signingKeyJwk: string | undefined;
  /** Secret for CSRF tokens and other keyed hashes; required in production. */
  appSecret: string | undefined;
  clients: OAuthClient[];
  /** Browser origins allowed to open the TV WebSocket, besides the public URL's own. */
  allowedOrigins: string[];
  /** Express "trust proxy": set it when behind a load balancer so client IPs are right. */
  trustProxy: string | undefined;
  logLevel: string;
  /** Create the demo account on start (development default). */
  demoAccount: boolean;
  /** SMTP server for account email (smtp:// or smtps://); unset in development: the dev outbox. */
  smtpUrl: string | undefined;
  /** Sender of account email, e.g. "TV Sign-in <info@account.example.com>". */
  mailFrom: string;
  /** Receives POST JSON {"to","text"} for each text message; unset in development: the dev outbox. */
  smsWebhookUrl: string | undefined;
  /** How long an SMS verification code works (the help article promises 20 minutes). */
  smsCodeLifetimeSeconds: number;
  /** Open TV WebSockets allowed per client address on one node. */
  tvSocketsPerAddress: number;
  /** Missed TV-code lookups per minute across all nodes before every lookup is refused (TV-101). */
  codeGuessGlobalPerMinute: number;
  /** Bearer token for GET /metrics; unset in production (and no metricsPort): /metrics is off. */
  metricsToken: string | undefined;
  /** Serve /metrics on this port only (e.g. one the load balancer does not expose). */
  metricsPort: number | undefined;
  /** pretty: human-readable lines (development default); json: one JSON object a line (production default). */
  logFormat: 'pretty' | 'json';
  /** Whether this deployment's region offers "I don't remember my email or phone" (billing details). */
  billingRecovery: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}".`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}.`);
  return value;
}

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on' || raw === 'true') return true;
  if (raw === 'off' || raw === 'false') return false;
  throw new ConfigError(`${name} must be on or off, got "${raw}".`);
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, got "${raw}".`);
  return raw as T;
}

function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//host:port, got "${raw}".`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')}, got "${raw}".`);
  }
  return raw;
}

function clientsFrom(raw: string | undefined): OAuthClient[] {
  if (!raw) return [{ clientId: 'tv', name: 'TV app' }];
  // CLIENTS=tv:TV app,stick:Streaming stick
  const clients = raw.split(',').map((entry) => {
    const [clientId = '', ...name] = entry.trim().split(':');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(clientId)) {
      throw new ConfigError(`CLIENTS entries must look like "client_id:Name", got "${entry}".`);
    }
    return { clientId, name: name.join(':') || clientId };
  });
  return clients;
}

/** REDIS_CLUSTER_NODES=host:port,host:port,… (a few seed nodes; the client finds the rest). */
function clusterNodesFrom(raw: string | undefined): string[] | undefined {
  if (!raw?.trim()) return undefined;
  const nodes = raw.split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const node of nodes) {
    if (!/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(node)) {
      throw new ConfigError(`REDIS_CLUSTER_NODES must be host:port entries separated by commas, got "${node}".`);
    }
  }
  return nodes;
}

/** What connectRedis needs: the cluster's seed nodes, the Redis URL, or nothing (embedded). */
export function redisTargetOf(config: Config): RedisTarget {
  return config.redisClusterNodes ? { clusterNodes: config.redisClusterNodes } : config.redisUrl;
}

export function loadConfig(env: Env): Config {
  const mode = env.NODE_ENV === 'production' ? 'production' : 'development';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicUrl = url('PUBLIC_URL', env.PUBLIC_URL || `http://localhost:${port}`, ['http:', 'https:']).replace(/\/+$/, '');
  const redisUrl = env.REDIS_URL ? url('REDIS_URL', env.REDIS_URL, ['redis:', 'rediss:']) : undefined;
  const redisClusterNodes = clusterNodesFrom(env.REDIS_CLUSTER_NODES);
  if (redisUrl && redisClusterNodes) throw new ConfigError('Set REDIS_URL or REDIS_CLUSTER_NODES, not both.');

  const config: Config = {
    mode,
    host: env.HOST || '0.0.0.0',
    port,
    publicUrl,
    redisUrl,
    redisClusterNodes,
    redisPrefix: env.REDIS_PREFIX ?? 'tvs:',
    dataDir: env.DATA_DIR || '.data',
    codeLifetimeSeconds: integer(env, 'CODE_LIFETIME_SECONDS', 600, 60, 3600),
    pollIntervalSeconds: integer(env, 'POLL_INTERVAL_SECONDS', 5, 1, 60),
    accessTokenLifetimeSeconds: integer(env, 'ACCESS_TOKEN_LIFETIME_SECONDS', 3600, 60, 86400),
    refreshTokenLifetimeSeconds: integer(env, 'REFRESH_TOKEN_LIFETIME_SECONDS', 90 * 86400, 3600, 400 * 86400),
    signingKeyJwk: env.SIGNING_KEY || undefined,
    appSecret: env.APP_SECRET || undefined,
    clients: clientsFrom(env.CLIENTS),
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    trustProxy: env.TRUST_PROXY || undefined,
    logLevel: env.LOG_LEVEL || 'info',
    demoAccount: env.DEMO_ACCOUNT ? env.DEMO_ACCOUNT === 'true' : mode === 'development',
    smtpUrl: env.SMTP_URL ? url('SMTP_URL', env.SMTP_URL, ['smtp:', 'smtps:']) : undefined,
    mailFrom: env.MAIL_FROM || 'TV Sign-in <no-reply@localhost>',
    smsWebhookUrl: env.SMS_WEBHOOK_URL ? url('SMS_WEBHOOK_URL', env.SMS_WEBHOOK_URL, ['https:', 'http:']) : undefined,
    smsCodeLifetimeSeconds: integer(env, 'SMS_CODE_LIFETIME_SECONDS', 1200, 60, 3600),
    billingRecovery: onOff(env, 'BILLING_RECOVERY', true),
    tvSocketsPerAddress: integer(env, 'TV_SOCKETS_PER_ADDRESS', 32, 1, 1_000_000),
    codeGuessGlobalPerMinute: integer(env, 'CODE_GUESS_GLOBAL_PER_MINUTE', 600, 10, 1_000_000),
    metricsToken: env.METRICS_TOKEN || undefined,
    metricsPort: env.METRICS_PORT ? integer(env, 'METRICS_PORT', 0, 1, 65535) : undefined,
    logFormat: oneOf(env, 'LOG_FORMAT', ['pretty', 'json'] as const, mode === 'production' ? 'json' : 'pretty'),
  };
  if (config.metricsToken && config.metricsToken.length < 16) {
    throw new ConfigError('METRICS_TOKEN must be at least 16 characters long.');
  }

  if (mode === 'production') {
    // Account email and text messages must really leave the building in production: the dev
    // outbox keeps reset links in the store for a person trying the product to click.
    const missing = ['SIGNING_KEY', 'APP_SECRET', 'PUBLIC_URL', 'SMTP_URL', 'MAIL_FROM', 'SMS_WEBHOOK_URL'].filter((name) => !env[name]);
    if (!redisUrl && !redisClusterNodes) missing.splice(3, 0, 'REDIS_URL (or REDIS_CLUSTER_NODES)');
    if (missing.length) {
      throw new ConfigError(`In production (NODE_ENV=production) these must be set: ${missing.join(', ')}.`);
    }
    if (config.appSecret && config.appSecret.length < 32) {
      throw new ConfigError('APP_SECRET must be at least 32 characters long.');
    }
  }
  return config;
}
