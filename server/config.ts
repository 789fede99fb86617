import { z } from 'zod';
import { VARIABLES, productionRequirements, type Variable } from './configVariables.ts';
import type { RedisTarget } from './store/redisClient.ts';

// Configuration from environment variables, checked once at start-up against the one table in
// configVariables.ts (zod schemas). Anything wrong stops the server with a message naming the
// variable; nothing else in the server reads process.env.

export type { OAuthClient, SigningJwk } from './configVariables.ts';

type Table = typeof VARIABLES;
type Parsed = { [Key in keyof Table]: z.output<Table[Key]['schema']> };

export type Config = Omit<Parsed, 'nodeEnv' | 'publicUrl' | 'demoAccount' | 'logFormat'> & {
  /** production requires explicit keys and secrets; development generates and persists them. */
  mode: 'production' | 'development';
  /** Base of every link we hand out (verification_uri, issuer). No trailing slash. */
  publicUrl: string;
  /** Create the demo account on start (development default). */
  demoAccount: boolean;
  /** pretty: human-readable lines (development default); json: one JSON object a line (production default). */
  logFormat: 'pretty' | 'json';
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const entries = Object.entries<Variable>(VARIABLES);
const schema = z.object(Object.fromEntries(entries.map(([key, variable]) => [key, variable.schema])));

export function loadConfig(env: Env): Config {
  const raw = Object.fromEntries(entries.map(([key, variable]) => [key, env[variable.env]]));
  const result = schema.safeParse(raw);
  if (!result.success) throw new ConfigError(describe(result.error, env));
  const { nodeEnv, publicUrl, demoAccount, logFormat, ...rest } = result.data as Parsed;
  const mode = nodeEnv === 'production' ? 'production' : 'development';
  if (rest.redisUrl && rest.redisClusterNodes) throw new ConfigError('Set REDIS_URL or REDIS_CLUSTER_NODES, not both.');

  if (mode === 'production') {
    // Account email and text messages must really leave the building in production: the dev
    // outbox keeps reset links in the store for a person trying the product to click.
    const missing = productionRequirements()
      .filter(({ env: name, or }) => !env[name] && !(or && env[or]))
      .map(({ env: name, or }) => (or ? `${name} (or ${or})` : name));
    if (missing.length) {
      throw new ConfigError(`In production (NODE_ENV=production) these must be set: ${missing.join(', ')}.`);
    }
  }
  return {
    ...rest,
    mode,
    publicUrl: publicUrl ?? `http://localhost:${rest.port}`,
    demoAccount: demoAccount ?? mode === 'development',
    logFormat: logFormat ?? (mode === 'production' ? 'json' : 'pretty'),
  };
}

/** The first problem, naming the variable; the value is repeated unless it may hold a secret. */
function describe(error: z.ZodError, env: Env): string {
  const issue = error.issues[0]!;
  const variable = VARIABLES[issue.path[0] as keyof Table] as Variable;
  const value = env[variable.env] ?? '';
  const shown = variable.secret || issue.message.includes(', got ') ? '' : `, got "${value}"`;
  return `${variable.env} ${issue.message}${shown}.`;
}

/** What connectRedis needs: the cluster's seed nodes, the Redis URL, or nothing (embedded). */
export function redisTargetOf(config: Config): RedisTarget {
  return config.redisClusterNodes ? { clusterNodes: config.redisClusterNodes } : config.redisUrl;
}
