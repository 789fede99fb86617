// Things due at a time of their own, bucketed by tick (a timing wheel without the wheel: one
// bucket per tick that has anything due), so a timer firing every tick visits only what is due
// then instead of everything. The TV heartbeat keeps its sockets here: at 17,000 sockets on a
// node, scanning them all on every tick cost more than the pings, and pinging them all on one
// tick held the event loop (bench:scale).
//
// An item remembers its own tick (`dueTick`, -1 when not scheduled), so scheduling costs one Set
// entry and no map from item to tick.

export interface Schedulable {
  dueTick: number;
}

export class DueSchedule<T extends Schedulable> {
  private readonly buckets = new Map<number, Set<T>>();
  /**
   * The earliest tick whose bucket may still hold anything: every earlier one has been taken. The
   * current tick stays open, so what is scheduled into it after a take is due at the next take.
   */
  private nextTick: number;

  constructor(
    readonly tickMs: number,
    now: number,
  ) {
    this.nextTick = Math.floor(now / tickMs);
  }

  /** Makes `item` due at `at` (ms; a time already past is due on the next take), replacing any earlier time. */
  schedule(item: T, at: number): void {
    const tick = Math.max(this.nextTick, Math.floor(at / this.tickMs));
    if (item.dueTick === tick) return;
    this.remove(item);
    let bucket = this.buckets.get(tick);
    if (!bucket) {
      bucket = new Set();
      this.buckets.set(tick, bucket);
    }
    bucket.add(item);
    item.dueTick = tick;
  }

  remove(item: T): void {
    if (item.dueTick < 0) return;
    const bucket = this.buckets.get(item.dueTick);
    bucket?.delete(item);
    if (bucket?.size === 0) this.buckets.delete(item.dueTick);
    item.dueTick = -1;
  }

  /** Takes out and returns everything due by `now`, earliest first. */
  takeDue(now: number): T[] {
    const until = Math.floor(now / this.tickMs);
    const due: T[] = [];
    if (until < this.nextTick) return due;
    // After a long pause (or a clock jump) walk the buckets there are, not every tick in between.
    const ticks = until - this.nextTick < this.buckets.size
      ? Array.from({ length: until - this.nextTick + 1 }, (_, i) => this.nextTick + i)
      : [...this.buckets.keys()].filter((tick) => tick <= until).sort((a, b) => a - b);
    for (const tick of ticks) {
      const bucket = this.buckets.get(tick);
      if (!bucket) continue;
      this.buckets.delete(tick);
      for (const item of bucket) {
        item.dueTick = -1;
        due.push(item);
      }
    }
    this.nextTick = until;
    return due;
  }

  /** How many items are scheduled. */
  get size(): number {
    let count = 0;
    for (const bucket of this.buckets.values()) count += bucket.size;
    return count;
  }
}
