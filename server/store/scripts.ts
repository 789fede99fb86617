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
  return async (keys, args = []) => {
    if (keys.length !== spec.keys) throw new Error(`script ${name} takes ${spec.keys} keys, got ${keys.length}`);
    if (!inOneSlot(keys)) throw new Error(`script ${name}: keys ${keys.join(', ')} are not in one cluster slot`);
    if (cluster) return runReplicated(() => cluster.pipeline(), () => cluster.refreshSlotsCache(), sha, spec.lua, keys, args);
    try {
      return await client.evalsha(sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(spec.lua, keys.length, ...keys, ...args);
    }
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

/**
 * EVALSHA (or EVAL) then WAIT 1, pipelined: the keys route both to the slot's master. ioredis
 * does not follow a MOVED inside a pipeline whose other reply (WAIT's) is fine, nor wait out a
 * CLUSTERDOWN there, so this does: those replies mean the script did not run, so it is safe to
 * send again once the slot map is refreshed (during a failover, for up to about 2 s).
 */
async function runReplicated(pipeline: () => ReturnType<Cluster['pipeline']>, refreshSlots: () => void, sha: string, lua: string, keys: readonly string[], args: readonly ScriptArg[]): Promise<unknown> {
  const attempt = async (withSource: boolean) => {
    const batch = pipeline();
    if (withSource) batch.eval(lua, keys.length, ...keys, ...args);
    else batch.evalsha(sha, keys.length, ...keys, ...args);
    batch.call('WAIT', 1, REPLICA_WAIT_MS);
    const [scriptResult] = ((await batch.exec()) ?? []) as [Error | null, unknown][];
    if (!scriptResult) throw new Error('the pipeline was discarded');
    if (scriptResult[0]) throw scriptResult[0];
    return scriptResult[1];
  };
  let withSource = false;
  for (let retry = 0; ; retry++) {
    try {
      return await attempt(withSource);
    } catch (error) {
      if (!(error instanceof Error)) throw error;
      if (error.message.startsWith('NOSCRIPT') && !withSource) {
        withSource = true;
        continue;
      }
      if (!NOT_RUN_THERE.test(error.message) || retry === REDIRECT_RETRIES) throw error;
      refreshSlots();
      await new Promise((resolve) => setTimeout(resolve, REDIRECT_DELAY_MS));
    }
  }
}
