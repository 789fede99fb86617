import type { TvConnection } from './pairingListeners.ts';

// The TVs waiting on this node, found by user code (an event names the code) and by connection
// (a closed socket ends all its waiting). Bookkeeping only: no Redis, no messages.

export interface WaitingTv {
  /** Unique per listen: the pairing remembers its latest listener (see tvGone). */
  id: string;
  deviceCode: string;
  userCode: string;
  connection: TvConnection;
  expiresAt: number;
  /** Serializes work per waiting TV, so an event and the initial check never race each other. */
  queue: Promise<void>;
  /** Set once this TV was given a token or a final answer; later checks are ignored. */
  finished: boolean;
}

/**
 * Almost every code has one waiting TV and every socket waits on one code, so an entry holds the
 * TV itself and becomes a Set only when a second one joins: at 100,000 waiting TVs, two Sets per
 * TV would be about a tenth of what a waiting TV costs in memory.
 */
type OneOrMore = WaitingTv | Set<WaitingTv>;

export class WaitingTvs {
  private readonly byUserCode = new Map<string, OneOrMore>();
  private readonly byConnection = new Map<TvConnection, OneOrMore>();
  private count = 0;

  add(tv: WaitingTv): void {
    addTo(this.byUserCode, tv.userCode, tv);
    addTo(this.byConnection, tv.connection, tv);
    this.count += 1;
  }

  /** Marks it finished and forgets it; true when it was still registered under its code. */
  remove(tv: WaitingTv): boolean {
    tv.finished = true;
    removeFrom(this.byConnection, tv.connection, tv);
    const removed = removeFrom(this.byUserCode, tv.userCode, tv);
    if (removed) this.count -= 1;
    return removed;
  }

  withCode(userCode: string): WaitingTv[] {
    return listOf(this.byUserCode.get(userCode));
  }

  hasConnection(connection: TvConnection): boolean {
    return this.byConnection.has(connection);
  }

  on(connection: TvConnection): WaitingTv[] {
    return listOf(this.byConnection.get(connection));
  }

  *all(): Iterable<WaitingTv> {
    for (const entry of this.byUserCode.values()) {
      if (entry instanceof Set) yield* entry;
      else yield entry;
    }
  }

  get size(): number {
    return this.count;
  }
}

function listOf(entry: OneOrMore | undefined): WaitingTv[] {
  if (!entry) return [];
  return entry instanceof Set ? [...entry] : [entry];
}

function addTo<K>(map: Map<K, OneOrMore>, key: K, tv: WaitingTv) {
  const entry = map.get(key);
  if (!entry) map.set(key, tv);
  else if (entry instanceof Set) entry.add(tv);
  else if (entry !== tv) map.set(key, new Set([entry, tv]));
}

function removeFrom<K>(map: Map<K, OneOrMore>, key: K, tv: WaitingTv): boolean {
  const entry = map.get(key);
  if (entry === tv) {
    map.delete(key);
    return true;
  }
  if (!(entry instanceof Set) || !entry.delete(tv)) return false;
  if (entry.size === 1) map.set(key, entry.values().next().value!);
  return true;
}
