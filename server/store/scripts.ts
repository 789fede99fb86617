import { createHash } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';

// The one way the server runs Lua. Each script is sent as EVALSHA (Redis keeps compiled scripts
// by their SHA-1) and, when that Redis has not seen it yet (a fresh or restarted server, another
// cluster node), once more as EVAL, which also caches it there. Nothing is registered on the
// client, so two stores with different sources for the same name cannot overwrite each other, and
// the same code runs on ioredis-mock, one Redis and an ioredis Cluster.
//
// A script may only touch the keys it is given, and on a cluster all of them must live in one
// slot; every call checks that its keys share one hash tag, so a key schema that would break on a
// cluster fails in every test, not first in production.

export interface ScriptSpec {
  /** How many of a call's arguments are keys (KEYS[1..n]); the rest are ARGV. */
  keys: number;
  lua: string;
  /**
   * On a Redis Cluster, answer only once a replica has the write (WAIT 1 in the same pipeline, on
   * the slot's master). Replication is asynchronous: without this, a master killed right after
   * answering can take an approval or a claim with it, and its replica takes over without it.
   */
  replicated?: boolean;
}

/** How long a replicated script waits for the replica. A shard whose replica is gone (just after
 * a failover, until the old master rejoins) answers after this, unreplicated, rather than failing. */
export const REPLICA_WAIT_MS = 100;

export type ScriptArg = string | number;
/** Runs one script: `keys` become KEYS, `args` ARGV. Resolves to the script's reply. */
export type RunScript = (keys: readonly string[], args?: readonly ScriptArg[]) => Promise<unknown>;

export type ScriptClient = Pick<Redis | Cluster, 'evalsha' | 'eval' | 'isCluster'>;

export function defineScripts<Name extends string>(redis: ScriptClient, specs: Record<Name, ScriptSpec>): Record<Name, RunScript> {
  const runners = {} as Record<Name, RunScript>;
  for (const name of Object.keys(specs) as Name[]) runners[name] = defineScript(redis, name, specs[name]);
  return runners;
}

/** Specs for a family of scripts with one calling convention (the same number of keys). */
export function withKeyCount<Name extends string>(keys: number, sources: Record<Name, string>, replicated: readonly Name[] = []): Record<Name, ScriptSpec> {
  const entries = Object.entries<string>(sources).map(([name, lua]) => [name, { keys, lua, replicated: replicated.includes(name as Name) }]);
  return Object.fromEntries(entries) as Record<Name, ScriptSpec>;
}

function defineScript(redis: ScriptClient, name: string, spec: ScriptSpec): RunScript {
  const sha = createHash('sha1').update(spec.lua).digest('hex');
  // ioredis types evalsha/eval as overloads; one untyped view keeps the call sites plain.
  const client = redis as unknown as {
    evalsha(sha: string, numKeys: number, ...rest: ScriptArg[]): Promise<unknown>;
    eval(lua: string, numKeys: number, ...rest: ScriptArg[]): Promise<unknown>;
  };
  const cluster = spec.replicated && redis.isCluster ? (redis as Cluster) : undefined;
  const runAlone = async (keys: readonly string[], args: readonly ScriptArg[]) => {
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(spec.lua, keys.length, ...keys, ...args);
    }
  };
  return async (keys, args = []) => {
    if (keys.length !== spec.keys) throw new Error(`script ${name} takes ${spec.keys} keys, got ${keys.length}`);
    if (!inOneSlot(keys)) throw new Error(`script ${name}: keys ${keys.join(', ')} are not in one cluster slot`);
    if (cluster) return runReplicated(cluster, () => runAlone(keys, args), sha, spec.lua, keys, args);
    return runAlone(keys, args);
  };
}

/**
 * The part of a key Redis Cluster hashes: the first non-empty {hash tag}, else the whole key
 * (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#hash-tags).
 * Keys with the same part are in the same slot.
 */
export function hashedPart(key: string): string {
  const open = key.indexOf('{');
  if (open < 0) return key;
  const close = key.indexOf('}', open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

function inOneSlot(keys: readonly string[]): boolean {
  if (keys.length < 2) return true;
  const first = hashedPart(keys[0]!);
  return keys.every((key) => hashedPart(key) === first);
}

/** A reply that says the command did not run on that node (the slot moved, or is being failed over). */
const NOT_RUN_THERE = /^(MOVED|ASK|CLUSTERDOWN|TRYAGAIN) /;
const REDIRECT_RETRIES = 20;
const REDIRECT_DELAY_MS = 100;
/** After a WAIT that no replica answered, how long that master's writes skip the WAIT. */
export const REPLICA_QUIET_MS = 1000;

/**
 * Which masters' replicas are not acknowledging writes, per Cluster client. WAIT blocks the
 * connection it is sent on, and ioredis has one connection per node that every command to that
 * node shares, so a WAIT that times out holds up everything behind it for REPLICA_WAIT_MS.
 * Just after a failover the promoted master has no replica (until the old master rejoins, which
 * may be never), and every replicated write would time out: one node could do only 10 of them a
 * second, everything else to that master queued behind them, commands timed out, clients retried
 * and the queue never drained (measured: TVs answered TV-503 for 30 s and more). So a replicated
 * write waits only where a replica can answer: not when the slot map lists no replica for the
 * slot, and not for REPLICA_QUIET_MS after a WAIT on that master came back with 0 — then one write
 * (a probe) waits again. Durability is what it was: a write whose replica does not answer is
 * acknowledged unreplicated either way, only without holding the connection for it.
 */
interface ReplicaQuiet {
  until: number;
  probing: boolean;
}
const quietReplicas = new WeakMap<object, Map<string, ReplicaQuiet>>();

/** Whether a replicated write to this slot should WAIT for a replica (see quietReplicas). */
export function shouldWaitForReplica(cluster: Pick<Cluster, 'slots'>, slot: number, now = Date.now()): { wait: boolean; master?: string } {
  const owners = cluster.slots[slot];
  // No slot map yet (still connecting): wait, as before; the pipeline waits for the map.
  if (!owners || owners.length === 0) return { wait: true };
  const master = owners[0]!;
  if (owners.length < 2) return { wait: false, master };
  const quiet = quietReplicas.get(cluster)?.get(master);
  if (!quiet) return { wait: true, master };
  if (now < quiet.until || quiet.probing) return { wait: false, master };
  quiet.probing = true;
  return { wait: true, master };
}

/** Records what a WAIT on `master` answered: 0 replicas starts (or extends) a quiet period. */
export function recordReplicaAcks(cluster: Pick<Cluster, 'slots'>, master: string, acks: number | undefined, now = Date.now()): void {
  let byMaster = quietReplicas.get(cluster);
  if (acks !== undefined && acks > 0) {
    byMaster?.delete(master);
    return;
  }
  if (!byMaster) quietReplicas.set(cluster, (byMaster = new Map()));
  if (acks === 0) byMaster.set(master, { until: now + REPLICA_QUIET_MS, probing: false });
  else {
    // The WAIT did not answer (an error): let the next write probe again.
    const quiet = byMaster.get(master);
    if (quiet) quiet.probing = false;
  }
}

/**
 * The slot of a key, as Redis Cluster computes it: CRC16 (XMODEM) of its hashed part, mod 16384
 * (https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/#key-distribution-model).
 */
export function keySlot(key: string): number {
  const bytes = Buffer.from(hashedPart(key));
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % 16384;
}

/**
 * EVALSHA (or EVAL) then WAIT 1, pipelined: the keys route both to the slot's master. ioredis
 * does not follow a MOVED inside a pipeline whose other reply (WAIT's) is fine, nor wait out a
 * CLUSTERDOWN there, so this does: those replies mean the script did not run, so it is safe to
 * send again once the slot map is refreshed (during a failover, for up to about 2 s). Where no
 * replica can answer (see quietReplicas) the script runs alone, and ioredis follows redirections.
 */
async function runReplicated(cluster: Cluster, runAlone: () => Promise<unknown>, sha: string, lua: string, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
  const slot = keySlot(keys[0]!);
  const attempt = async (withSource: boolean, master: string | undefined) => {
    const batch = cluster.pipeline();
    if (withSource) batch.eval(lua, keys.length, ...keys, ...args);
    else batch.evalsha(sha, keys.length, ...keys, ...args);
    batch.call('WAIT', 1, REPLICA_WAIT_MS);
    let acks: number | undefined;
    let replies: [Error | null, unknown][];
    try {
      replies = ((await batch.exec()) ?? []) as [Error | null, unknown][];
      const waitResult = replies[1];
      if (waitResult && !waitResult[0]) acks = Number(waitResult[1]);
    } finally {
      if (master) recordReplicaAcks(cluster, master, acks);
    }
    const [scriptResult] = replies;
    if (!scriptResult) throw new Error('the pipeline was discarded');
    if (scriptResult[0]) throw scriptResult[0];
    return scriptResult[1];
  };
  let withSource = false;
  for (let retry = 0; ; retry++) {
    const { wait, master } = shouldWaitForReplica(cluster, slot);
    if (!wait) return runAlone();
    try {
      return await attempt(withSource, master);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      if (error.message.startsWith('NOSCRIPT') && !withSource) {
        withSource = true;
        continue;
      }
      if (!NOT_RUN_THERE.test(error.message) || retry === REDIRECT_RETRIES) throw error;
      cluster.refreshSlotsCache();
      await new Promise((resolve) => setTimeout(resolve, REDIRECT_DELAY_MS));
    }
  }
}
