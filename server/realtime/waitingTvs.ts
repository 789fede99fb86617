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

export class WaitingTvs {
  private readonly byUserCode = new Map<string, Set<WaitingTv>>();
  private readonly byConnection = new Map<TvConnection, Set<WaitingTv>>();

  add(tv: WaitingTv): void {
    addTo(this.byUserCode, tv.userCode, tv);
    addTo(this.byConnection, tv.connection, tv);
  }

  /** Marks it finished and forgets it; true when it was still registered under its code. */
  remove(tv: WaitingTv): boolean {
    tv.finished = true;
    removeFrom(this.byConnection, tv.connection, tv);
    return removeFrom(this.byUserCode, tv.userCode, tv);
  }

  withCode(userCode: string): WaitingTv[] {
    return [...(this.byUserCode.get(userCode) ?? [])];
  }

  hasConnection(connection: TvConnection): boolean {
    return this.byConnection.has(connection);
  }

  on(connection: TvConnection): WaitingTv[] {
    return [...(this.byConnection.get(connection) ?? [])];
  }

  *all(): Iterable<WaitingTv> {
    for (const tvs of this.byUserCode.values()) yield* tvs;
  }

  get size(): number {
    let count = 0;
    for (const tvs of this.byUserCode.values()) count += tvs.size;
    return count;
  }
}

function addTo<K>(map: Map<K, Set<WaitingTv>>, key: K, tv: WaitingTv) {
  const set = map.get(key) ?? new Set();
  set.add(tv);
  map.set(key, set);
}

function removeFrom<K>(map: Map<K, Set<WaitingTv>>, key: K, tv: WaitingTv): boolean {
  const set = map.get(key);
  const removed = set?.delete(tv) ?? false;
  if (set?.size === 0) map.delete(key);
  return removed;
}
