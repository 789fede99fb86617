import { isIP } from 'node:net';
import { z } from 'zod';

// Every environment variable the server reads, in one table: how it is checked (a zod schema
// over the raw string), its default and what it means. server/config.ts parses the environment
// with it, and the README's configuration table is generated from it (`npm run config:readme`;
// test/unit/configReadme.test.ts fails while they differ). Adding a variable is adding one entry
// here: its key is the field of Config it becomes, its schema's output that field's type.

export interface Variable<Schema extends z.ZodType = z.ZodType> {
  env: string;
  /** Parses the raw value; an unset or empty variable reaches it as undefined. */
  schema: Schema;
  /** README: the default, as a person reads it. */
  default: string;
  /** README: what it means. */
  meaning: string | (() => string);
  /** NODE_ENV=production refuses to start without it. */
  requiredInProduction?: boolean;
  /** Another variable that satisfies production instead of this one. */
  orInProduction?: string;
  /** May hold a password or key: an error message never repeats its value. */
  secret?: boolean;
}

const unsetIfEmpty = (value: unknown) => (value === '' ? undefined : value);

/** A schema over the raw string that yields `fallback` when the variable is unset or empty. */
function withDefault<T>(schema: z.ZodType<T>, fallback: NoInfer<T>) {
  return z.preprocess(unsetIfEmpty, schema.optional()).transform((value) => value ?? fallback);
}

/** A schema over the raw string that yields undefined when the variable is unset or empty. */
function optional<T>(schema: z.ZodType<T>) {
  return z.preprocess(unsetIfEmpty, schema.optional());
}

function integer(min: number, max: number) {
  return z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().min(min, `must be between ${min} and ${max}`).max(max, `must be between ${min} and ${max}`));
}

function url(protocols: string[]) {
  const example = `${protocols[0]}//host:port`;
  return z
    .string()
    .refine((raw) => URL.canParse(raw), `must be a URL such as ${example}`)
    .refine((raw) => !URL.canParse(raw) || protocols.includes(new URL(raw).protocol), `must start with ${protocols.join(' or ')}`);
}

const onOff = z.enum(['on', 'off', 'true', 'false'], 'must be on or off').transform((raw) => raw === 'on' || raw === 'true');

/** A host name or an IP address (what `server.listen` accepts). */
const host = z
  .string()
  .refine((raw) => isIP(raw) !== 0 || /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(raw), 'must be an IP address or a host name');

/** CLIENTS=tv:TV app,stick:Streaming stick */
const clients = z.string().transform((raw, ctx) => {
  const parsed: OAuthClient[] = [];
  for (const entry of raw.split(',')) {
    const [clientId = '', ...name] = entry.trim().split(':');
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(clientId)) {
      ctx.addIssue({ code: 'custom', message: `entries must look like "client_id:Name", got "${entry}"` });
      return z.NEVER;
    }
    parsed.push({ clientId, name: name.join(':') || clientId });
  }
  return parsed;
});

export interface OAuthClient {
  clientId: string;
  name: string;
}

const origins = z.string().transform((raw, ctx) => {
  const list = raw.split(',').map((origin) => origin.trim()).filter(Boolean);
  const bad = list.find((origin) => !URL.canParse(origin) || new URL(origin).origin !== origin);
  if (bad) ctx.addIssue({ code: 'custom', message: `entries must be origins such as https://tv.example.com (no path), got "${bad}"` });
  return list;
});

/** Express "trust proxy": true/false, a hop count, or addresses/subnets (and loopback, linklocal, uniquelocal). */
const trustProxy = z.string().transform((raw, ctx): boolean | number | string => {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  const names = new Set(['loopback', 'linklocal', 'uniquelocal']);
  const bad = raw.split(',').map((part) => part.trim()).find((part) => {
    const [address = '', bits] = part.split('/');
    return !names.has(part) && (isIP(address) === 0 || (bits !== undefined && !/^\d{1,3}$/.test(bits) && isIP(bits) === 0));
  });
  if (bad !== undefined) ctx.addIssue({ code: 'custom', message: `must be true, false, a hop count, or addresses/subnets such as loopback,10.0.0.0/8, got "${bad}"` });
  return raw;
});

/** pino's levels. */
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'must be one of fatal, error, warn, info, debug, trace, silent');

/**
 * One private Ed25519 JWK, or a JSON array of them for rotation: the first signs, every key is in
 * the JWKS and verifies. Keys after the first may be public (no "d"): they only verify.
 */
const signingKeys = z.string().transform((raw, ctx) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON; it must be a private Ed25519 JWK or an array of them' });
    return z.NEVER;
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  const problem = signingKeyProblem(list);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem });
    return z.NEVER;
  }
  return list as SigningJwk[];
});

export interface SigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d?: string;
  kid?: string;
}

function signingKeyProblem(list: unknown[]): string | undefined {
  if (list.length === 0) return 'must hold at least one key';
  const isKey = (key: unknown): key is SigningJwk => {
    const jwk = key as Partial<SigningJwk> | null;
    return typeof jwk === 'object' && jwk !== null && jwk.kty === 'OKP' && jwk.crv === 'Ed25519' && typeof jwk.x === 'string';
  };
  if (!list.every(isKey)) return 'must be Ed25519 JWKs ({"kty":"OKP","crv":"Ed25519","d":…,"x":…})';
  if (!list[0]!.d) return 'must start with a private key (with "d"): the first key signs';
  const kids = list.map((key) => key.kid).filter((kid) => kid !== undefined);
  if (new Set(kids).size !== kids.length) return 'has two keys with the same "kid"';
  return undefined;
}

/** Names what mode the server runs in; production refuses to start without real secrets. */
const nodeEnv = z.enum(['production', 'development', 'test'], 'must be production, development or test');

// Production's requirements first (their order is the order of the start-up message), then the rest.
export const VARIABLES = {
  nodeEnv: {
    env: 'NODE_ENV',
    schema: optional(nodeEnv),
    default: '`development`',
    meaning: () => `\`production\`, \`development\` or \`test\`; \`production\` requires ${productionRequirements().map(({ env, or }) => (or ? `\`${env}\` (or \`${or}\`)` : `\`${env}\``)).join(', ')}`,
  },
  signingKeyJwks: {
    env: 'SIGNING_KEY',
    schema: optional(signingKeys),
    default: 'dev: generated into `DATA_DIR`',
    meaning: 'private Ed25519 JWK (JSON) that signs tokens, or a JSON array of JWKs for rotation: the first signs, all are published in the JWKS and verify (see "Rotating the signing key")',
    requiredInProduction: true,
    secret: true,
  },
  appSecret: {
    env: 'APP_SECRET',
    schema: optional(z.string().min(32, 'must be at least 32 characters long')),
    default: 'dev: generated into `DATA_DIR`',
    meaning: '≥ 32 characters; keys CSRF tokens',
    requiredInProduction: true,
    secret: true,
  },
  publicUrl: {
    env: 'PUBLIC_URL',
    schema: optional(url(['http:', 'https:']).transform((raw) => raw.replace(/\/+$/, ''))),
    default: '`http://localhost:$PORT`',
    meaning: 'base of `verification_uri`, the QR link and the token issuer (`iss`)',
    requiredInProduction: true,
  },
  redisUrl: {
    env: 'REDIS_URL',
    schema: optional(url(['redis:', 'rediss:'])),
    default: '*(none: embedded in-memory store)*',
    meaning: '`redis://` or `rediss://` URL of the shared Redis',
    requiredInProduction: true,
    orInProduction: 'REDIS_CLUSTER_NODES',
    secret: true,
  },
  redisClusterNodes: {
    env: 'REDIS_CLUSTER_NODES',
    schema: optional(
      z
        .string()
        .transform((raw) => raw.split(',').map((entry) => entry.trim()).filter(Boolean))
        .refine((nodes) => nodes.every((node) => /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(node)), 'must be host:port entries separated by commas'),
    ),
    default: '*(none)*',
    meaning: 'instead of `REDIS_URL`: `host:port,host:port,…` seed nodes of a Redis Cluster (Redis ≥ 7)',
  },
  smtpUrl: {
    env: 'SMTP_URL',
    schema: optional(url(['smtp:', 'smtps:'])),
    default: '*(none: dev outbox)*',
    meaning: 'account email over SMTP, e.g. `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…`',
    requiredInProduction: true,
    secret: true,
  },
  mailFrom: {
    env: 'MAIL_FROM',
    schema: withDefault(z.string().regex(/^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>$/, 'must be an address, or Name <address>'), 'TV Sign-in <no-reply@localhost>'),
    default: '`TV Sign-in <no-reply@localhost>`',
    meaning: 'sender of account email',
    requiredInProduction: true,
  },
  smsWebhookUrl: {
    env: 'SMS_WEBHOOK_URL',
    schema: optional(url(['https:', 'http:'])),
    default: '*(none: dev outbox)*',
    meaning: 'receives `POST` JSON `{"to":"+46…","text":"…"}` for every text message; non-2xx = failure',
    requiredInProduction: true,
    secret: true,
  },
  port: { env: 'PORT', schema: withDefault(integer(0, 65535), 3000), default: '`3000`', meaning: 'HTTP port' },
  host: { env: 'HOST', schema: withDefault(host, '0.0.0.0'), default: '`0.0.0.0`', meaning: 'listen address' },
  // Empty is allowed on purpose (no prefix), so it is not read as unset.
  redisPrefix: { env: 'REDIS_PREFIX', schema: z.string().default('tvs:'), default: '`tvs:`', meaning: 'prefix of every key and channel' },
  dataDir: { env: 'DATA_DIR', schema: withDefault(z.string(), '.data'), default: '`.data`', meaning: 'where development keys are kept' },
  codeLifetimeSeconds: { env: 'CODE_LIFETIME_SECONDS', schema: withDefault(integer(60, 3600), 600), default: '`600`', meaning: 'how long a sign-in code is valid (60–3600)' },
  pollIntervalSeconds: { env: 'POLL_INTERVAL_SECONDS', schema: withDefault(integer(1, 60), 5), default: '`5`', meaning: 'RFC 8628 `interval` for polling clients (1–60)' },
  accessTokenLifetimeSeconds: { env: 'ACCESS_TOKEN_LIFETIME_SECONDS', schema: withDefault(integer(60, 86400), 3600), default: '`3600`', meaning: 'access token lifetime (60–86400)' },
  refreshTokenLifetimeSeconds: {
    env: 'REFRESH_TOKEN_LIFETIME_SECONDS',
    schema: withDefault(integer(3600, 400 * 86400), 90 * 86400),
    default: '`7776000` (90 days)',
    meaning: 'a device that does not refresh for this long is signed out (sliding)',
  },
  clients: {
    env: 'CLIENTS',
    schema: withDefault(clients, [{ clientId: 'tv', name: 'TV app' }]),
    default: '`tv:TV app`',
    meaning: 'registered public OAuth clients, `client_id:Name,…`',
  },
  allowedOrigins: {
    env: 'ALLOWED_ORIGINS',
    schema: withDefault(origins, []),
    default: '*(none)*',
    meaning: 'extra browser origins allowed to open the TV WebSocket, comma-separated',
  },
  trustProxy: {
    env: 'TRUST_PROXY',
    schema: optional(trustProxy),
    default: '*(off)*',
    meaning: 'Express `trust proxy` when behind a load balancer: `true`, a hop count, or addresses/subnets (`loopback,10.0.0.0/8`)',
  },
  logLevel: { env: 'LOG_LEVEL', schema: withDefault(logLevel, 'info'), default: '`info`', meaning: 'pino log level: fatal, error, warn, info, debug, trace or silent' },
  logFormat: {
    env: 'LOG_FORMAT',
    schema: optional(z.enum(['pretty', 'json'], 'must be pretty or json')),
    default: '`pretty` in development, `json` in production',
    meaning: '`pretty`: readable lines; `json`: one JSON object a line',
  },
  metricsToken: {
    env: 'METRICS_TOKEN',
    schema: optional(z.string().min(16, 'must be at least 16 characters long')),
    default: '*(none)*',
    meaning: '≥ 16 characters; `/metrics` then needs `Authorization: Bearer <token>` (without it, production serves no metrics)',
    secret: true,
  },
  metricsPort: {
    env: 'METRICS_PORT',
    schema: optional(integer(1, 65535)),
    default: '*(none)*',
    meaning: 'serve `/metrics` on this port only (bound to `HOST`), e.g. one the load balancer does not expose',
  },
  demoAccount: {
    env: 'DEMO_ACCOUNT',
    schema: optional(onOff),
    default: '`true` in development',
    meaning: 'create `demo@example.com` on start (`true`/`false`)',
  },
  smsCodeLifetimeSeconds: { env: 'SMS_CODE_LIFETIME_SECONDS', schema: withDefault(integer(60, 3600), 1200), default: '`1200`', meaning: 'how long an SMS verification code works (60–3600)' },
  tvSocketsPerAddress: {
    env: 'TV_SOCKETS_PER_ADDRESS',
    schema: withDefault(integer(1, 1_000_000), 32),
    default: '`32`',
    meaning: 'open TV WebSockets allowed per client address on one node',
  },
  codeGuessGlobalPerMinute: {
    env: 'CODE_GUESS_GLOBAL_PER_MINUTE',
    schema: withDefault(integer(10, 1_000_000), 600),
    default: '`600`',
    meaning: 'missed sign-in-code lookups per minute across all nodes before every lookup is refused for the rest of the minute (TV-101)',
  },
  billingRecovery: {
    env: 'BILLING_RECOVERY',
    schema: withDefault(onOff, true),
    default: '`on`',
    meaning: '`off` where the region does not offer "I don\'t remember my email or phone"',
  },
  supportUrl: {
    env: 'SUPPORT_URL',
    schema: optional(url(['https:', 'http:'])),
    default: '*(none: the built-in `/support` page)*',
    meaning: 'where every "Contact support" leads, e.g. the operator\'s own help site',
  },
  supportEmail: {
    env: 'SUPPORT_EMAIL',
    schema: optional(z.string().trim().max(254).regex(/^[^\s@<>"(),;:]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, 'must be a plain email address such as support@example.com')),
    default: '*(none)*',
    meaning: 'the address `/support` offers (a `mailto:` link) for what the site cannot fix, e.g. an account billed by a third party',
  },
} as const satisfies Record<string, Variable>;

/** What NODE_ENV=production refuses to start without, in table order (with the alternative each may have). */
export function productionRequirements(): Array<{ env: string; or?: string }> {
  return Object.values<Variable>(VARIABLES).filter((v) => v.requiredInProduction).map((v) => ({ env: v.env, or: v.orInProduction }));
}

export function productionRequires(): string[] {
  return productionRequirements().map(({ env, or }) => (or ? `${env} (or ${or})` : env));
}
