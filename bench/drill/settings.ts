// Drill sizes. "default" is what `npm run drill` runs (about 3 minutes); "tiny" is what the test
// suite runs in CI: a few pairings per drill, enough to show 0 lost and 0 duplicated, no timing.

export type DrillSize = 'default' | 'tiny';

export interface DrillSettings {
  resultsDir: string;
  log: (line: string) => void;
  /** Pairings started per second (open loop) in the node-kill and Redis drills. */
  ratePerSecond: number;
  maxInFlight: number;
  /** Node kill: seconds of load, and a SIGKILL every so many seconds. */
  loadSeconds: number;
  killEverySeconds: number;
  /** Redis outage: seconds of load, when the outage starts, how long it lasts. */
  outageLoadSeconds: number;
  outageAtSeconds: number;
  outageSeconds: number;
  /** Graceful drain: TVs waiting on the drained node. */
  drainTvs: number;
}

export function drillSettingsFor(size: DrillSize, base: Pick<DrillSettings, 'resultsDir' | 'log'>): DrillSettings {
  if (size === 'tiny') {
    return { ...base, ratePerSecond: 8, maxInFlight: 200, loadSeconds: 5, killEverySeconds: 2, outageLoadSeconds: 5, outageAtSeconds: 1.5, outageSeconds: 1.5, drainTvs: 30 };
  }
  return { ...base, ratePerSecond: 100, maxInFlight: 5_000, loadSeconds: 60, killEverySeconds: 10, outageLoadSeconds: 20, outageAtSeconds: 5, outageSeconds: 5, drainTvs: 1_000 };
}
