import { runOpenLoop } from '../lib/openLoop.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { PairingLedger, runOnePairing } from '../lib/pairingRun.ts';
import { startPrivateRedis } from '../lib/privateRedis.ts';
import { startPrivateRedisCluster } from '../lib/privateRedisCluster.ts';
import { nowMs, sleep } from '../lib/time.ts';
import type { LatencySummary } from '../lib/stats.ts';
import { DrillTv } from './drillTv.ts';
import { accountIdOf, confirmLikeAPerson, DrillStats, secondDeviceSessions } from './ledger.ts';
import { startFleet, type Fleet, type RedisTarget } from './fleet.ts';
import type { DrillSettings } from './settings.ts';

// The failure drills. Each runs three real server nodes behind a stand-in load balancer under
// open-loop load (TVs are the TV app's own sign-in code, the phone presses Start Watching like a
// person), breaks something on a schedule and counts what was lost.

export interface DrillResult {
  name: string;
  what: string;
  pairings: number;
  confirmed: number;
  delivered: number;
  lost: number;
  duplicated: number;
  unconfirmed: number;
  /** Why Start Watching was given up, by HTTP status (429: a guess budget; 400: the code's state). */
  refusedByStatus: Record<string, number>;
  noCode: number;
  http503: number;
  httpOther5xx: number;
  connectionErrors: number;
  slowestHttpMs: number;
  /** TVs whose socket closed before their token: time until a socket answered again. */
  backListeningMs: LatencySummary;
  /** The scenario's own recovery figure (see `recoveryMeaning`). */
  recoveryMs: number | null;
  recoveryMeaning: string;
  unexpectedExits: number;
  achievedPerSecond: number;
  extra: Record<string, unknown>;
}

let addressBlock = 10;
function addresses(): () => string {
  // A block of 127.N.x.y per scenario (2,000 addresses: 100/s for 60 s stays far under 60 codes a
  // minute per address), so scenarios never share a rate-limit bucket.
  addressBlock += 1;
  return sourceAddressPool(2_000, addressBlock);
}

/** One whole sign-in under the drill: TV gets a code and listens, the phone confirms, tokens arrive. */
/** A TV that has not got its token this long after Start Watching counts as lost (the redelivery window). */
const LOST_AFTER_MS = 60_000;

let tvNumber = 0;
async function drillPairing(fleet: Fleet, stats: DrillStats, localAddress: string): Promise<void> {
  const tv = new DrillTv(fleet, localAddress, stats, `Drill TV ${++tvNumber}`);
  stats.tvs.push(tv);
  stats.pairings += 1;
  tv.start();
  try {
    if (!(await tv.firstCode(15_000))) {
      stats.noCode += 1;
      return;
    }
    if (!(await confirmLikeAPerson(fleet, stats, tv.codes[0]!.user_code))) {
      // A Start Watching that timed out may still have gone through once Redis answered.
      if (!(await tv.approved(5_000))) {
        stats.unconfirmed += 1;
        return;
      }
    }
    stats.confirmed += 1;
    if (await tv.approved(LOST_AFTER_MS)) {
      stats.delivered += 1;
      if (tv.tokenSets.size > 1) stats.recordDuplicate(tv);
    } else {
      stats.recordLost(tv);
    }
  } finally {
    tv.stop();
  }
}

async function finish(name: string, what: string, fleet: Fleet, redis: RedisTarget, stats: DrillStats, wallSeconds: number, recovery: { ms: number | null; meaning: string }, extra: Record<string, unknown> = {}): Promise<DrillResult> {
  const accountId = accountIdOf(stats.tvs);
  if (accountId) {
    const seenTwice = await secondDeviceSessions(redis, fleet.prefix, accountId);
    stats.duplicated += seenTwice.length;
    for (const name of seenTwice) stats.duplicateStories.push([`a second device session for ${name}`]);
  }
  return {
    name, what,
    pairings: stats.pairings, confirmed: stats.confirmed, delivered: stats.delivered, lost: stats.lost, duplicated: stats.duplicated,
    unconfirmed: stats.unconfirmed, refusedByStatus: stats.refusedByStatus, noCode: stats.noCode, http503: stats.http503, httpOther5xx: stats.httpOther5xx,
    connectionErrors: stats.connectionErrors, slowestHttpMs: stats.slowestHttpMs, backListeningMs: stats.backListening(),
    recoveryMs: recovery.ms, recoveryMeaning: recovery.meaning, unexpectedExits: fleet.unexpectedExits(),
    achievedPerSecond: Math.round((stats.delivered / wallSeconds) * 10) / 10,
    extra: { ...extra, ...(stats.lostStories.length && { lostStories: stats.lostStories }), ...(stats.duplicateStories.length && { duplicateStories: stats.duplicateStories }) },
  };
}

/** (2) SIGKILL one node every few seconds under load, restart it at once (and `alsoBreak` meanwhile). */
export async function nodeKillDrill(settings: DrillSettings, redis: RedisTarget, alsoBreak?: () => Promise<Record<string, unknown>>): Promise<DrillResult> {
  const fleet = await startFleet({ redis, nodeCount: 3, resultsDir: settings.resultsDir, label: 'kill' });
  const stats = new DrillStats();
  const nextAddress = addresses();
  const restarts: number[] = [];
  let restartFailures = 0;
  let stop = false;
  try {
    // A kill every killEverySeconds on the clock, whatever the restarts take (a node still
    // starting is skipped for the next one); each killed node is restarted in the background.
    const restarting = new Set<number>();
    const pending: Promise<void>[] = [];
    // Kills only while load arrives: not while the last pairings finish.
    const killsUntil = nowMs() + settings.loadSeconds * 1000;
    const chaos = (async () => {
      for (let kill = 0; !stop; kill++) {
        await sleep(settings.killEverySeconds * 1000);
        if (stop || nowMs() >= killsUntil) break;
        const index = [0, 1, 2].map((offset) => (kill + offset) % 3).find((candidate) => !restarting.has(candidate));
        if (index === undefined) continue;
        settings.log(`  SIGKILL node ${index} (${stats.delivered} delivered, ${stats.lost} lost so far)`);
        restarting.add(index);
        pending.push(
          fleet
            .killAndRestart(index)
            .then(({ restartMs }) => void restarts.push(restartMs))
            .catch((error: unknown) => {
              // Two nodes carry on; the next round may kill this slot again.
              settings.log(`  restart failed: ${(error as Error).message}`);
              restartFailures += 1;
            })
            .finally(() => restarting.delete(index)),
        );
      }
      await Promise.all(pending);
    })();
    const alsoBroken = alsoBreak?.();
    const loop = await runOpenLoop({
      ratePerSecond: settings.ratePerSecond,
      durationSeconds: settings.loadSeconds,
      maxInFlight: settings.maxInFlight,
      task: () => drillPairing(fleet, stats, nextAddress()),
    });
    stop = true;
    await chaos;
    const extra = (await alsoBroken) ?? {};
    stats.noCode += loop.skippedForOverload;
    return await finish('node kill', `SIGKILL a node every ${settings.killEverySeconds} s, restarted at once`, fleet, redis, stats, loop.wallSeconds,
      { ms: Math.round(stats.backListening().max), meaning: 'longest a TV was without a listening socket' }, { kills: restarts.length + restartFailures, restartFailures, restartMs: restarts, ...extra });
  } finally {
    stop = true;
    await fleet.close();
  }
}

/** The nodes' Redis settings for a Redis Cluster (REDIS_URL cleared: the nodes take one or the other). */
export function clusterTarget(clusterNodes: string[]): RedisTarget {
  return { url: `redis://${clusterNodes[0]}`, clusterNodes, env: { REDIS_URL: '', REDIS_CLUSTER_NODES: clusterNodes.join(',') } };
}

/**
 * (5) The node-kill drill on a Redis Cluster of its own (3 masters + 3 replicas), and a master
 * SIGKILLed 40% into the load: its replica takes over; the killed one comes back as a replica.
 */
export async function clusterFailoverDrill(settings: DrillSettings): Promise<DrillResult> {
  const redisCluster = await startPrivateRedisCluster();
  try {
    const masterFailover = async () => {
      await sleep(settings.loadSeconds * 400);
      const [victim] = await redisCluster.masters();
      settings.log(`  SIGKILL Redis master :${victim!.port}`);
      const { promotedPort, failoverMs } = await redisCluster.killMaster(victim!.port);
      settings.log(`  replica :${promotedPort} took over after ${failoverMs} ms`);
      await sleep(settings.killEverySeconds * 500);
      await redisCluster.restartNode(victim!.port);
      settings.log(`  :${victim!.port} back, as a replica`);
      return { masterFailoverMs: failoverMs };
    };
    const result = await nodeKillDrill(settings, clusterTarget(redisCluster.nodes.split(',')), masterFailover);
    return { ...result, name: 'node kill + master failover', what: `${result.what}; on a 3+3 Redis Cluster, a master SIGKILLed (its replica takes over)` };
  } finally {
    await redisCluster.stop();
  }
}

/** (3) Redis paused (SIGSTOP) or stopped and started again, under load. */
export async function redisOutageDrill(settings: DrillSettings, kind: 'pause' | 'restart'): Promise<DrillResult> {
  // Its own redis-server: the shared one is never paused or stopped. Restarting keeps the data
  // (append-only file), as a production Redis would.
  const privateRedis = await startPrivateRedis({ persist: kind === 'restart' });
  const redis: RedisTarget = { url: privateRedis.url, env: { REDIS_URL: privateRedis.url } };
  const fleet = await startFleet({ redis, nodeCount: 3, resultsDir: settings.resultsDir, label: `redis-${kind}` });
  const stats = new DrillStats();
  const nextAddress = addresses();
  try {
    const outage = (async () => {
      await sleep(settings.outageAtSeconds * 1000);
      settings.log(`  Redis ${kind === 'pause' ? 'SIGSTOP' : 'stopped'} for ${settings.outageSeconds} s`);
      if (kind === 'pause') privateRedis.pause();
      else await privateRedis.stopForNow();
      await sleep(settings.outageSeconds * 1000);
      if (kind === 'pause') privateRedis.resume();
      else await privateRedis.start();
      const backAt = nowMs();
      const [firstPairingMs, readyMs] = await Promise.all([firstPairingAfter(fleet, stats, backAt), allReadyAfter(fleet, backAt)]);
      settings.log(`  Redis back: first pairing after ${firstPairingMs} ms, every node ready after ${readyMs ?? 'n/a'} ms`);
      return { firstPairingMs, readyMs };
    })();
    const loop = await runOpenLoop({
      ratePerSecond: settings.ratePerSecond,
      durationSeconds: settings.outageLoadSeconds,
      maxInFlight: settings.maxInFlight,
      task: () => drillPairing(fleet, stats, nextAddress()),
    });
    const { firstPairingMs, readyMs } = await outage;
    stats.noCode += loop.skippedForOverload;
    const what = kind === 'pause' ? `Redis SIGSTOP for ${settings.outageSeconds} s` : `Redis stopped, started again after ${settings.outageSeconds} s`;
    return await finish(`redis ${kind}`, what, fleet, redis, stats, loop.wallSeconds,
      { ms: firstPairingMs, meaning: 'Redis answering again → first whole pairing done' }, { everyNodeReadyMs: readyMs });
  } finally {
    await fleet.close();
    await privateRedis.stop();
  }
}

/**
 * (3b) A node started while Redis is stopped: it must listen at once and say not ready (503), and
 * be ready within about a second of Redis answering again; then whole sign-ins through it.
 */
export async function startWithoutRedisDrill(settings: DrillSettings): Promise<DrillResult> {
  const privateRedis = await startPrivateRedis({ persist: true });
  const redis: RedisTarget = { url: privateRedis.url, env: { REDIS_URL: privateRedis.url } };
  // One node while Redis is up (it creates the demo account the phone signs in with).
  const fleet = await startFleet({ redis, nodeCount: 1, resultsDir: settings.resultsDir, label: 'redis-away' });
  const stats = new DrillStats();
  const nextAddress = addresses();
  const startedAt = nowMs();
  try {
    await privateRedis.stopForNow();
    const late = (await fleet.addNode({ whenListening: true })).node;
    const statusWhileAway = await fetch(`${late.baseUrl}/readyz`).then((response) => response.status).catch(() => 0);
    settings.log(`  Redis stopped; a node started meanwhile answers /readyz ${statusWhileAway}`);
    await sleep(settings.outageSeconds * 1000);
    await privateRedis.start();
    const backAt = nowMs();
    const readyTime = await readyAt(late.baseUrl, 30_000);
    const readyMs = readyTime === undefined ? NaN : Math.round(readyTime - backAt);
    settings.log(`  Redis back: that node ready after ${readyMs} ms`);
    const ledger = new PairingLedger();
    for (let i = 0; i < 3; i++) {
      await runOnePairing({ tvNode: late, confirmBaseUrl: late.baseUrl, companion: fleet.companion, localAddress: nextAddress() }, ledger);
    }
    stats.pairings += 3;
    stats.confirmed += ledger.completed + ledger.lost;
    stats.delivered += ledger.completed;
    stats.lost += ledger.lost;
    stats.duplicated += ledger.duplicated;
    return await finish('node started while Redis is away', `a node started while Redis is stopped (${settings.outageSeconds} s), then 3 sign-ins through it`, fleet, redis, stats,
      (nowMs() - startedAt) / 1000, { ms: readyMs, meaning: 'Redis answering again → that node ready' }, { readyzWhileAway: statusWhileAway });
  } finally {
    await fleet.close();
    await privateRedis.stop();
  }
}

/** When the node's /readyz first says 200 (polled every 20 ms), or undefined after timeoutMs. */
async function readyAt(baseUrl: string, timeoutMs: number): Promise<number | undefined> {
  const deadline = nowMs() + timeoutMs;
  while (nowMs() < deadline) {
    if ((await fetch(`${baseUrl}/readyz`).then((response) => response.status).catch(() => 0)) === 200) return nowMs();
    await sleep(20);
  }
  return undefined;
}

/** (4) 1,000 TVs wait on one node; it drains (SIGTERM); all must listen elsewhere at once. */
export async function drainDrill(settings: DrillSettings, redis: RedisTarget): Promise<DrillResult> {
  const fleet = await startFleet({ redis, nodeCount: 3, resultsDir: settings.resultsDir, label: 'drain', logLevel: 'info' });
  const stats = new DrillStats();
  const nextAddress = addresses();
  try {
    fleet.pin(0);
    const drained = fleet.nodes()[0]!.node;
    const host = new URL(drained.baseUrl).host;
    const tvs: DrillTv[] = [];
    for (let i = 0; i < settings.drainTvs; i += 50) {
      const batch = Array.from({ length: Math.min(50, settings.drainTvs - i) }, () => new DrillTv(fleet, nextAddress(), stats, `Drill TV ${++tvNumber}`));
      batch.forEach((tv) => tv.start());
      await Promise.all(batch.map((tv) => tv.firstCode(30_000)));
      tvs.push(...batch);
    }
    stats.tvs.push(...tvs);
    stats.pairings = tvs.length;
    await waitFor(() => tvs.every((tv) => tv.socketNode === host), 30_000);
    settings.log(`  ${tvs.length} TVs listening on node 0; SIGTERM`);
    const startedAt = nowMs();
    const exit = fleet.drain(0);
    await waitFor(() => tvs.every((tv) => tv.listeningElsewhere(host)), 15_000);
    const allElsewhereMs = Math.round(nowMs() - startedAt);
    const listeningElsewhere = tvs.filter((tv) => tv.listeningElsewhere(host)).length;
    const { exitCode, ms: exitMs } = await exit;
    settings.log(`  all listening elsewhere after ${allElsewhereMs} ms; node exited ${exitCode} after ${exitMs} ms`);
    // Then every one of them is approved: none may be lost.
    await mapLimit(tvs, 50, async (tv) => {
      const code = tv.codes.at(-1);
      if (!code || !(await confirmLikeAPerson(fleet, stats, code.user_code))) {
        stats.unconfirmed += 1;
        return;
      }
      stats.confirmed += 1;
      if (await tv.approved(LOST_AFTER_MS)) stats.delivered += 1;
      else stats.recordLost(tv);
    });
    tvs.forEach((tv) => tv.stop());
    const closeCodes = new Map<number, number>();
    for (const tv of tvs) for (const code of tv.closeCodes) closeCodes.set(code, (closeCodes.get(code) ?? 0) + 1);
    return await finish('graceful drain', `SIGTERM to a node holding ${tvs.length} waiting TVs`, fleet, redis, stats, (nowMs() - startedAt) / 1000,
      { ms: allElsewhereMs, meaning: 'SIGTERM → every TV listening on another node' },
      { listeningElsewhere, exitCode, exitMs, closeCodes: Object.fromEntries(closeCodes) });
  } finally {
    await fleet.close();
  }
}

/**
 * A fresh pairing started every 100 ms until one completes: ms from `sinceMs` to the moment its
 * TV had the token (not to the end of the probe, which watches 250 ms more for a duplicate). The
 * probes are pairings like any other: they count in `stats` (their device sessions are checked).
 */
async function firstPairingAfter(fleet: Fleet, stats: DrillStats, sinceMs: number): Promise<number> {
  const nextAddress = sourceAddressPool(200, 250);
  const probes: Array<{ ledger: PairingLedger; startedAt: number; done: Promise<void> }> = [];
  /** When the earliest probe's TV had its token (the same pairing may finish its watch later). */
  const tokenAt = ({ ledger, startedAt }: (typeof probes)[number]) => (ledger.endToEndMs[0] === undefined ? Infinity : startedAt + ledger.endToEndMs[0]);
  for (let i = 0; i < 300 && !probes.some((probe) => Number.isFinite(tokenAt(probe))); i++) {
    const ledger = new PairingLedger();
    const startedAt = nowMs();
    const done = runOnePairing({ tvNode: fleet.pick(), confirmBaseUrl: fleet.pick().baseUrl, companion: fleet.companion, localAddress: nextAddress() }, ledger);
    probes.push({ ledger, startedAt, done });
    await sleep(100);
  }
  await Promise.allSettled(probes.map((probe) => probe.done));
  for (const { ledger } of probes) {
    stats.pairings += 1;
    stats.delivered += ledger.completed;
    stats.confirmed += ledger.completed + ledger.lost;
    stats.lost += ledger.lost;
    stats.duplicated += ledger.duplicated;
    // A probe that met an error (a 503 in the first moments, say) gave up before its Start
    // Watching went through: counted as unconfirmed, so every pairing is accounted for.
    stats.unconfirmed += ledger.errors - ledger.lost;
  }
  const earliest = Math.min(...probes.map(tokenAt));
  return Number.isFinite(earliest) ? Math.round(earliest - sinceMs) : NaN;
}

/** ms from `sinceMs` until every node's /readyz says 200 (null if the nodes have no /readyz). */
async function allReadyAfter(fleet: Fleet, sinceMs: number): Promise<number | null> {
  const ready = async (baseUrl: string) => {
    for (let i = 0; i < 300; i++) {
      const status = await fetch(`${baseUrl}/readyz`).then((r) => r.status).catch(() => 0);
      if (status === 404) return null;
      if (status === 200) return nowMs();
      await sleep(20);
    }
    return NaN;
  };
  const times = await Promise.all(fleet.nodes().map((member) => ready(member.node.baseUrl)));
  if (times.some((time) => time === null)) return null;
  return Math.round(Math.max(...(times as number[])) - sinceMs);
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(10);
}

async function mapLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

