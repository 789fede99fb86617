import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

// How late this process' event loop ran, and its garbage collector's pauses, since the last
// reading: a process that blocks delays everything it serves (a server) or records (a load
// generator). Used by the node probe inside each server and by part (1) for its own process.

/** A process' event loop lateness over some time, and its GC pauses meanwhile. */
export interface EventLoopDelay {
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Garbage collections in the same time: how many, their pauses in all and the longest. */
  gc: { count: number; totalMs: number; maxMs: number };
}

/** Starts watching; each call of the result reads what happened since the previous call (or the start). */
export function watchEventLoop(): { read(): EventLoopDelay; stop(): void } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const gc = { count: 0, totalMs: 0, maxMs: 0 };
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const ms = (nanoseconds: number) => Math.round(nanoseconds / 1e4) / 100;
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    read() {
      const reading = {
        p50Ms: ms(delay.percentile(50)), p99Ms: ms(delay.percentile(99)), maxMs: ms(delay.max),
        gc: { count: gc.count, totalMs: round(gc.totalMs), maxMs: round(gc.maxMs) },
      };
      delay.reset();
      Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0 });
      return reading;
    },
    stop() {
      delay.disable();
      observer.disconnect();
    },
  };
}
