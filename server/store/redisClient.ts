import { Cluster, Redis } from 'ioredis';
import RedisMock from 'ioredis-mock';
import { failFastWhileAway, type FailFast } from './failFastWhileAway.ts';

// The server talks to Redis only through ioredis. Without REDIS_URL it uses ioredis-mock, an
// in-process Redis with the same API (Lua included), so `npm start` works on a bare machine.
// With REDIS_CLUSTER_NODES it uses ioredis's Cluster client: every key the server touches in one
// command or script shares a hash tag (see keys.ts), and pub/sub is sharded (SSUBSCRIBE, see
// realtime/eventChannels.ts). Pub/sub needs a second connection, so callers get a pair.

/** One Redis or a Redis Cluster: the command API the stores use is the same. */
export type RedisClient = Redis | Cluster;

export interface RedisConnections {
  commands: RedisClient;
  subscriber: RedisClient;
  embedded: boolean;
  /** A single Redis: refuses commands at once while Redis is away or hung (failFastWhileAway.ts). */
  failFast?: FailFast;
}

/** Where Redis is: a URL, or the seed nodes of a cluster (`host:port` each). */
export type RedisTarget = string | { clusterNodes: string[] } | undefined;

/** How long one Redis command may take before the request fails with 503 (TV-503). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;
const MAX_RECONNECT_DELAY_MS = 200;

export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 50, MAX_RECONNECT_DELAY_MS);
}

let embeddedInstances = 0;

const COMMAND_OPTIONS = {
  // Fail a command quickly while Redis is away instead of queueing it for ever: the caller
  // answers 503 with a clear message and the TV retries by itself.
  maxRetriesPerRequest: 2,
  // A Redis that hangs (paused, overloaded, a half-open connection) keeps the socket open, so
  // only a per-command deadline stops a request waiting for ever. Queued commands count too.
  commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
  // Try again at most every 200 ms (ioredis' default grows to 2 s), so a node is ready
  // again well within a second of Redis answering.
  retryStrategy: reconnectDelayMs,
  // A Redis that restarts answers INFO with loading:1 while it reads its data back; ioredis then
  // waits the loading ETA, at least 1 s, before asking again. Ask every 100 ms instead: the drill
  // saw nodes ready 1.6 s after a restarted Redis answered, 0.25 s when the connection missed it.
  maxLoadingRetryTime: 100,
  // A command sent on a connection that then died is not sent again on the next one: its caller
  // has been answered (503) by then, and running a script a second time, later, could apply it
  // twice. The caller's retry is the one that counts.
  autoResendUnfulfilledCommands: false,
  enableAutoPipelining: true,
  lazyConnect: false,
};
// The subscriber belongs to the message bus (realtime/messageBus.ts): it connects it and
// subscribes only once the connection is ready, and re-subscribes itself after a reconnect.
const SUBSCRIBER_OPTIONS = { ...COMMAND_OPTIONS, maxRetriesPerRequest: null, enableAutoPipelining: false, lazyConnect: true, autoResubscribe: false };

export interface ConnectOptions {
  /** Told when the command connection finds Redis away or hung, and when it answers again. */
  onAwayChange?: (away: boolean, why: string) => void;
}

export function connectRedis(target: RedisTarget, options: ConnectOptions = {}): RedisConnections {
  if (!target) {
    // ioredis-mock shares data between instances with the same host and port; a port of our
    // own keeps separate embedded stores (tests build many) apart.
    embeddedInstances += 1;
    const commands = new RedisMock({ port: 40000 + embeddedInstances }) as unknown as Redis;
    return { commands, subscriber: commands.duplicate(), embedded: true };
  }
  if (typeof target === 'string') {
    const commands = new Redis(target, COMMAND_OPTIONS);
    const failFast = failFastWhileAway(commands, { hungAfterMs: REDIS_COMMAND_TIMEOUT_MS, onChange: options.onAwayChange });
    return { commands, subscriber: new Redis(target, SUBSCRIBER_OPTIONS), embedded: false, failFast };
  }
  const seeds = target.clusterNodes.map(parseHostPort);
  const commands = new Cluster(seeds, { ...clusterOptions(), redisOptions: { maxRetriesPerRequest: 2, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, maxLoadingRetryTime: 100 } });
  // One subscriber connection per master, each holding the channels of the slots it serves.
  const subscriber = new Cluster(seeds, { ...clusterOptions(), shardedSubscribers: true, enableAutoPipelining: false });
  return { commands, subscriber, embedded: false };
}

function clusterOptions() {
  return {
    enableAutoPipelining: true,
    lazyConnect: false,
    // Fail over and re-shard without the caller noticing: a MOVED or CLUSTERDOWN during a master
    // failover (about 2 s with cluster-node-timeout 1 s) is retried after a slots refresh.
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 1000,
    // Ask for the slot map every second (default 5 s): after a failover, a client whose last
    // refresh still named the dead master finds the promoted replica within a second.
    slotsRefreshInterval: 1000,
  };
}

export function parseHostPort(entry: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(entry.trim());
  if (!match) throw new Error(`"${entry}" is not host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}

export async function closeRedis(connections: RedisConnections): Promise<void> {
  connections.failFast?.stop();
  await Promise.allSettled([connections.commands.quit(), connections.subscriber.quit()]);
}
