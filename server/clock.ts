// Time is injected so that expiry (10-minute codes, 24-hour links) is tested by moving a clock,
// never by sleeping. Redis TTLs are only clean-up; decisions use `now()` and stored timestamps.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  constructor(private current: number = Date.UTC(2026, 0, 1)) {}
  now(): number {
    return this.current;
  }
  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}
