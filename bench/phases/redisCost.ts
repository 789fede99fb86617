import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { startBenchCluster } from '../lib/benchCluster.ts';
import { ListeningTv } from '../lib/benchTv.ts';
import { PairingLedger, runOnePairing } from '../lib/pairingRun.ts';
import { commandStats, redisServerInstalled, startPrivateRedis } from '../lib/privateRedis.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { sleep } from '../lib/time.ts';
import type { PhaseSettings } from '../settings.ts';

// (4) Redis cost of one whole pairing (code asked for on the TV's socket, which then listens;
// Start Watching, token push, receipt).
// Pairings run one at a time on one node against a private redis-server, so INFO commandstats
// counts only them. Numbers:
//  - commands Redis executed, including those run inside our Lua scripts (commandstats counts both);
//  - requests the server sent (counted in the server by the probe; MULTI…EXEC counts once), and
//    the round trips they took: requests sent while another is awaiting its reply share its round
//    trip (as a pipeline does; pairings run one at a time, so only this pairing's requests are in
//    flight). Requests are also split by command name, by what they
//    touch (command + key shape: which script on which record), and by step of the pairing: the
//    code request, the TV's listen, Start Watching until the token is pushed to the TV (counted by
//    the probe at the moment the server sends it), and after the push (the TV's receipt);
//  - Redis' own time per script (SLOWLOG with every command logged, in a second, shorter pass
//    so the logging does not inflate the CPU figure of the first).
// Without redis-server installed it falls back to the shared Redis and says so (numbers inflated
// by whatever else runs there).

interface Snapshot {
  requests: number;
  roundTrips: number;
  byKey: Record<string, number>;
}
interface RedisCounts extends Snapshot {
  /** The message queue worker's own housekeeping, not any pairing's (nodeProbe.ts). */
  background: number;
  commands: number;
  byName: Record<string, number>;
  atPush?: Snapshot;
}

/** Pairings under way at once in the third pass. */
const LOADED_IN_FLIGHT = 20;

type Steps = { code: number; listen: number; startWatchingToToken: number; afterPush: number };
const STEPS = ['code', 'listen', 'startWatchingToToken', 'afterPush'] as const;

export interface RedisCostResult {
  pairings: number;
  privateRedis: boolean;
  executedCommandsPerPairing: number;
  executedByName: Record<string, number>;
  /** Redis CPU per pairing (INFO cpu of the private Redis minus its idle CPU over as long; meaningless on the shared one). */
  redisMicrosPerPairing: number;
  /** The same with LOADED_IN_FLIGHT pairings under way at once (Redis warm), idle CPU subtracted. */
  redisMicrosPerPairingInFlight: number;
  inFlight: number;
  /** The same without subtracting the idle CPU (how this figure was taken before 2026-11-24 18:20). */
  redisMicrosPerPairingWithIdle: number;
  /** Microseconds Redis spent executing this pairing's commands (commandstats usec; no network handling). */
  executionMicrosPerPairing: number;
  requestsPerPairing: number;
  /** Sequential round trips per pairing (requests in flight together count once). */
  roundTripsPerPairing: number;
  /** Requests the message queue's worker sent on its own timer meanwhile, per pairing (not in the figures above). */
  backgroundRequestsPerPairing: number;
  requestsByName: Record<string, number>;
  /** Requests by command and key shape (`evalsha pairing:{*}` is a pairing script). */
  requestsByKey: Record<string, number>;
  /** Requests per step: code request, listen, Start Watching → token pushed, after the push. */
  requestsByStep: Steps;
  /** Round trips per step. */
  roundTripsByStep: Steps;
  /** Redis execution time per script call (SLOWLOG, µs), keyed by command + key shape + SHA-1 prefix. */
  scriptMicros: Record<string, { callsPerPairing: number; microsPerCall: number }>;
  errors: number;
}

export async function measureRedisCost(settings: PhaseSettings): Promise<RedisCostResult> {
  const isolated = redisServerInstalled();
  const privateRedis = isolated ? await startPrivateRedis() : undefined;
  const redisUrl = privateRedis?.url ?? settings.redisUrl;
  const cluster = await startBenchCluster({ redisUrl, nodeCount: 1, resultsDir: settings.resultsDir, label: 'redis-cost', env: { BENCH_COUNT_REDIS: '1' } });
  const node = cluster.nodes[0]!;
  const ledger = new PairingLedger();
  const nextAddress = sourceAddressPool(1000, 3);
  const target = () => ({ tvNode: node, confirmBaseUrl: node.baseUrl, companion: cluster.companion, localAddress: nextAddress() });
  try {
    // One pairing first, so one-time work (loading scripts with EVAL) is not counted.
    await runOnePairing(target(), ledger);
    // Redis' CPU while nothing happens (its timers, the node's idle connections), over a stretch
    // as long as the measured run takes, is subtracted: pairings one at a time are mostly waiting
    // (each TV stays 250 ms after its token), and idle CPU would otherwise count as pairing cost.
    const idleStart = await commandStats(redisUrl);
    const idleStartedAt = performance.now();
    await sleep(settings.redisCostPairings > 10 ? 10_000 : 200);
    const idleEnd = await commandStats(redisUrl);
    const idleCpuPerMs = (idleEnd.cpuSeconds - idleStart.cpuSeconds) / (performance.now() - idleStartedAt);
    const sentBefore = await node.ask<RedisCounts>('redisCount');
    const executedBefore = await commandStats(redisUrl);
    const startedAt = performance.now();
    for (let i = 0; i < settings.redisCostPairings; i++) await runOnePairing(target(), ledger);
    const elapsedMs = performance.now() - startedAt;
    const executedAfter = await commandStats(redisUrl);
    const sentAfter = await node.ask<RedisCounts>('redisCount');
    const n = settings.redisCostPairings;
    // The INFO call that took the first snapshot is itself counted in the second one.
    const executed = perPairing(executedBefore.calls, executedAfter.calls, n, ['info']);
    const sent = perPairing(sentBefore.byName, sentAfter.byName, n, []);

    // Second pass: the same pairings step by step, then with Redis timing every command.
    const requestSteps: Steps = { code: 0, listen: 0, startWatchingToToken: 0, afterPush: 0 };
    const roundTripSteps: Steps = { code: 0, listen: 0, startWatchingToToken: 0, afterPush: 0 };
    const stepPairings = Math.max(1, Math.min(n, 50));
    for (let i = 0; i < stepPairings; i++) {
      const counted = await pairingByStep(node, target(), ledger);
      for (const step of STEPS) {
        requestSteps[step] += counted.requests[step] / stepPairings;
        roundTripSteps[step] += counted.roundTrips[step] / stepPairings;
      }
    }
    const scriptMicros = privateRedis ? await timedByScript(redisUrl, stepPairings, () => runOnePairing(target(), ledger)) : {};

    // Third pass: Redis' CPU per pairing with many pairings in flight, as in production, where
    // Redis stays busy and warm. One at a time, each command finds Redis' caches cold (the same
    // script costs about three times as much after a 5 ms pause as back to back), so the figure
    // above is an upper bound and this one says how many pairings a Redis core can carry.
    const loadedPairings = n * 2;
    const loadedBefore = await commandStats(redisUrl);
    const loadedStartedAt = performance.now();
    let started = 0;
    await Promise.all(Array.from({ length: LOADED_IN_FLIGHT }, async () => {
      while (started < loadedPairings) {
        started += 1;
        await runOnePairing(target(), ledger);
      }
    }));
    const loadedElapsedMs = performance.now() - loadedStartedAt;
    const loadedAfter = await commandStats(redisUrl);
    const loadedMicros = ((loadedAfter.cpuSeconds - loadedBefore.cpuSeconds - idleCpuPerMs * loadedElapsedMs) * 1e6) / loadedPairings;
    return {
      pairings: n,
      privateRedis: isolated,
      executedCommandsPerPairing: sum(executed),
      executedByName: executed,
      // The private Redis' CPU (INFO cpu), network handling included, minus what it spends idle
      // over as long a time; only this run uses it.
      redisMicrosPerPairing: round(((executedAfter.cpuSeconds - executedBefore.cpuSeconds - idleCpuPerMs * elapsedMs) * 1e6) / n),
      redisMicrosPerPairingInFlight: round(loadedMicros),
      inFlight: LOADED_IN_FLIGHT,
      redisMicrosPerPairingWithIdle: round(((executedAfter.cpuSeconds - executedBefore.cpuSeconds) * 1e6) / n),
      executionMicrosPerPairing: executionMicros(executedBefore, executedAfter, sent, n),
      requestsPerPairing: round((sentAfter.requests - sentBefore.requests) / n),
      roundTripsPerPairing: round((sentAfter.roundTrips - sentBefore.roundTrips) / n),
      backgroundRequestsPerPairing: round((sentAfter.background - sentBefore.background) / n),
      requestsByName: sent,
      requestsByKey: perPairing(sentBefore.byKey, sentAfter.byKey, n, []),
      requestsByStep: roundSteps(requestSteps),
      roundTripsByStep: roundSteps(roundTripSteps),
      scriptMicros,
      errors: ledger.errors,
    };
  } finally {
    await cluster.close();
    await privateRedis?.stop();
  }
}

/** One pairing as runOnePairing does it, with the server's counts read between steps. */
async function pairingByStep(
  node: { ask<T>(type: 'redisCount'): Promise<T> },
  target: Parameters<typeof runOnePairing>[0],
  ledger: PairingLedger,
): Promise<{ requests: Steps; roundTrips: Steps }> {
  const count = () => node.ask<RedisCounts>('redisCount');
  const start = await count();
  const tv = await ListeningTv.connect(target.tvNode.wsUrl, target.localAddress);
  try {
    // The code is asked for on the socket, which then listens for it: code and listen are one step.
    const code = await tv.startCode();
    const afterCode = await count();
    const afterListen = afterCode;
    const approved = tv.approved();
    await target.companion.confirm(target.confirmBaseUrl, code.user_code);
    await approved;
    // Long enough for the TV's receipt to be handled.
    await sleep(100);
    const end = await count();
    const atPush = end.atPush ?? end;
    const split = (of: (snapshot: Snapshot) => number): Steps => ({
      code: of(afterCode) - of(start),
      listen: of(afterListen) - of(afterCode),
      startWatchingToToken: of(atPush) - of(afterListen),
      afterPush: of(end) - of(atPush),
    });
    return { requests: split((c) => c.requests), roundTrips: split((c) => c.roundTrips) };
  } catch (error) {
    ledger.recordError(error);
    const none = { code: 0, listen: 0, startWatchingToToken: 0, afterPush: 0 };
    return { requests: none, roundTrips: none };
  } finally {
    tv.close();
  }
}

/**
 * Redis' execution time of each script (and plain command) over `pairings` pairings, from SLOWLOG
 * with every command logged. Only on the private Redis: it changes that server's configuration.
 */
async function timedByScript(redisUrl: string, pairings: number, runOne: () => Promise<void>): Promise<RedisCostResult['scriptMicros']> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  try {
    await redis.config('SET', 'slowlog-max-len', '100000');
    await redis.config('SET', 'slowlog-log-slower-than', '0');
    await redis.slowlog('RESET');
    for (let i = 0; i < pairings; i++) await runOne();
    await redis.config('SET', 'slowlog-log-slower-than', '10000');
    const entries = (await redis.slowlog('GET', -1)) as [number, number, number, string[]][];
    const totals: Record<string, { calls: number; micros: number }> = {};
    for (const [, , micros, args] of entries) {
      const name = (args[0] ?? '').toLowerCase();
      if (name === 'config' || name === 'slowlog') continue;
      const isScript = name === 'evalsha' || name === 'eval';
      const sha = name === 'eval' ? createHash('sha1').update(args[1] ?? '').digest('hex') : args[1] ?? '';
      const label = isScript ? `script ${keyShape(args[3])} ${sha.slice(0, 8)}` : `${name} ${keyShape(args[1])}`.trim();
      const total = (totals[label] ??= { calls: 0, micros: 0 });
      total.calls += 1;
      total.micros += micros;
    }
    return Object.fromEntries(
      Object.entries(totals)
        .sort((a, b) => b[1].micros - a[1].micros)
        .map(([label, total]) => [label, { callsPerPairing: round(total.calls / pairings), microsPerCall: round(total.micros / total.calls) }]),
    );
  } finally {
    redis.disconnect();
  }
}

function keyShape(key: string | undefined): string {
  return (key ?? '')
    .replace(/^bench:[^:]+:[^:]+:/, '')
    .replace(/\{[^}]*\}/g, '{*}')
    .replace(/:(\d{1,3}\.){3}\d{1,3}$/, ':<ip>')
    .replace(/[0-9a-f]{16,}|[A-Za-z0-9_-]{20,}/g, '*');
}

/**
 * Microseconds per pairing Redis spent executing what the server sent. commandstats counts a
 * command run inside a script both in the script's time and in its own, so only scripts and the
 * share of other commands that the server sent itself (not from inside a script) are added up.
 */
function executionMicros(before: { calls: Record<string, number>; usec: Record<string, number> }, after: typeof before, sentPerPairing: Record<string, number>, n: number): number {
  const calls = perPairing(before.calls, after.calls, n, ['info']);
  const usec = perPairing(before.usec, after.usec, n, ['info']);
  let total = 0;
  for (const [name, micros] of Object.entries(usec)) {
    if (name === 'evalsha' || name === 'eval') total += micros;
    else if (calls[name]) total += micros * Math.min(1, (sentPerPairing[name] ?? 0) / calls[name]!);
  }
  return round(total);
}

function perPairing(before: Record<string, number>, after: Record<string, number>, n: number, ignore: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta > 0 && !ignore.includes(name)) result[name] = round(delta / n);
  }
  return result;
}

const roundSteps = (steps: Steps): Steps => ({ code: round(steps.code), listen: round(steps.listen), startWatchingToToken: round(steps.startWatchingToToken), afterPush: round(steps.afterPush) });
const round = (value: number) => Math.round(value * 100) / 100;
const sum = (values: Record<string, number>) => round(Object.values(values).reduce((a, b) => a + b, 0));
