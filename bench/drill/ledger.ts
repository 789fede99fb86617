import { Cluster, Redis } from 'ioredis';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { sleep } from '../lib/time.ts';
import { createRedisKeys } from '../../server/store/keys.ts';
import type { DrillTv } from './drillTv.ts';
import type { Fleet, RedisTarget } from './fleet.ts';

// What a drill counts. A pairing is confirmed when the phone's Start Watching went through (303,
// or an attempt cut off by a dying node followed by "already decided"); delivered when its TV got
// tokens; lost when confirmed and never delivered; duplicated when one TV was handed two different
// token sets, or the account ended up with more device sessions than sign-ins delivered.

export class DrillStats {
  pairings = 0;
  confirmed = 0;
  delivered = 0;
  lost = 0;
  duplicated = 0;
  /** Start Watching never went through (every attempt failed for 15 s): not a lost token. */
  unconfirmed = 0;
  /** TVs that never got a code (every attempt failed). */
  noCode = 0;
  http503 = 0;
  /** 5xx other than 503: bugs, never expected. */
  httpOther5xx = 0;
  connectionErrors = 0;
  /** Start Watching answers that ended the phone's attempts (4xx), by status: why pairings went unconfirmed. */
  readonly refusedByStatus: Record<string, number> = {};
  /** The slowest HTTP answer, to show nothing hangs while Redis does. */
  slowestHttpMs = 0;
  readonly tvs: DrillTv[] = [];
  /** What the first lost TVs heard, to explain them. */
  readonly lostStories: string[][] = [];
  /** What the first duplicated sign-ins were (a TV handed two token sets, or a second device session), to explain them. */
  readonly duplicateStories: string[][] = [];

  recordLost(tv: DrillTv): void {
    this.lost += 1;
    if (this.lostStories.length < 20) this.lostStories.push([`codes ${tv.codes.map((code) => code.user_code).join(',')}`, ...tv.heard]);
  }

  /** A TV handed more than one token set. */
  recordDuplicate(tv: DrillTv): void {
    this.duplicated += 1;
    if (this.duplicateStories.length < 20) this.duplicateStories.push([`codes ${tv.codes.map((code) => code.user_code).join(',')}`, `${tv.tokenSets.size} token sets`, ...tv.heard]);
  }

  http(status: number, ms: number): void {
    if (status === 503) this.http503 += 1;
    else if (status >= 500) this.httpOther5xx += 1;
    this.slowestHttpMs = Math.max(this.slowestHttpMs, Math.round(ms));
  }

  /** An error a TV's socket was told (its code requests go there): TV-503 and TV-500 count as their HTTP statuses would. */
  tvError(code: string | undefined): void {
    if (code === 'TV-503') this.http503 += 1;
    else if (code === 'TV-500') this.httpOther5xx += 1;
  }

  connectionError(): void {
    this.connectionErrors += 1;
  }

  /** How long TVs whose socket closed before their token were without a listening socket. */
  backListening(): LatencySummary {
    return summarize(this.tvs.flatMap((tv) => tv.backListeningMs));
  }
}

/** Start Watching as a person does it: pressed again (on whichever node answers) until it takes. */
export async function confirmLikeAPerson(fleet: Fleet, stats: DrillStats, userCode: string, giveUpMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + giveUpMs;
  let uncertain = false;
  while (Date.now() < deadline) {
    const startedAt = Date.now();
    try {
      const status = await fleet.companion.confirmStatus(fleet.pick().baseUrl, userCode);
      stats.http(status, Date.now() - startedAt);
      if (status === 303) return true;
      // "Already decided" after an attempt whose answer was lost: that attempt went through.
      if (status === 400 && uncertain) return true;
      if (status < 500) {
        stats.refusedByStatus[status] = (stats.refusedByStatus[status] ?? 0) + 1;
        return false;
      }
      // A 503 may come from a command that timed out here and still ran once Redis answered.
      uncertain = true;
    } catch {
      stats.connectionError();
      uncertain = true;
    }
    // The 503 says Retry-After: 1, and a person reading an error page presses again no sooner.
    // (Until 2026-11-25 the drill pressed again every 200 ms: five times the herd a real outage
    // brings, all arriving the moment Redis answered again.)
    await sleep(1000);
  }
  return false;
}

/**
 * Second device sessions: every drill TV has a name of its own (its device name), so a pairing
 * that made two device sessions shows up as one name on two sessions of the account.
 */
export async function secondDeviceSessions(target: RedisTarget, prefix: string, accountId: string): Promise<string[]> {
  const redis = target.clusterNodes
    ? new Cluster(target.clusterNodes.map((node) => ({ host: node.split(':')[0], port: Number(node.split(':')[1]) })))
    : new Redis(target.url, { maxRetriesPerRequest: 2 });
  try {
    const keys = createRedisKeys(prefix);
    const ids = await redis.zrange(keys.accountDevices(accountId), 0, -1);
    const names = await Promise.all(ids.map((id) => redis.hget(keys.deviceSession(accountId, id), 'deviceName')));
    const seen = new Set<string>();
    const second: string[] = [];
    for (const name of names) {
      // The recovery probes (bench/lib TVs, all named alike) are checked by their own ledger.
      if (!name?.startsWith('Drill TV ')) continue;
      if (seen.has(name)) second.push(name);
      seen.add(name);
    }
    return second;
  } finally {
    redis.disconnect();
  }
}

/** The account id (the token's subject) of the first delivered TV. */
export function accountIdOf(tvs: DrillTv[]): string | undefined {
  for (const tv of tvs) {
    const [set] = tv.tokenSets;
    if (!set) continue;
    const payload = set.split(' ')[0]!.split('.')[1]!;
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub: string }).sub;
  }
  return undefined;
}
