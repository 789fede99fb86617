// Benchmark sizes. "default" is what `npm run bench` runs (under 3 minutes on 2 cores); "tiny"
// is the smoke test's size: a few pairings per part, to prove the harness works, not to measure.

export type BenchSize = 'default' | 'tiny';

export interface PhaseSettings {
  redisUrl: string;
  resultsDir: string;
  log: (line: string) => void;
  /** (1) arrival rates tried in order, pairings per second, and seconds per rate. */
  throughputRates: number[];
  /** (1) the same with two server processes. */
  twoNodeThroughputRates: number[];
  stepSeconds: number;
  maxInFlight: number;
  /** (2) confirm-to-TV samples per case (same node, across nodes) and their arrival rate. */
  latencySamples: number;
  latencyRatePerSecond: number;
  /** (3) idle listening WebSockets held at each measuring point. */
  idleSocketCounts: number[];
  /** (4) pairings run one at a time on a private Redis to count its commands. */
  redisCostPairings: number;
  /** (5) seconds of closed-loop code requests per server, and requests in flight. */
  codeIssuingSeconds: number;
  codeIssuingConcurrency: number;
  /** (5) pairings signed in by RFC 8628 polling, and the interval the server tells them. */
  pollingPairings: number;
  pollIntervalSeconds: number;
}

export function settingsFor(size: BenchSize, base: Pick<PhaseSettings, 'redisUrl' | 'resultsDir' | 'log'>): PhaseSettings {
  if (size === 'tiny') {
    return {
      ...base,
      throughputRates: [5],
      twoNodeThroughputRates: [5],
      stepSeconds: 1,
      maxInFlight: 50,
      latencySamples: 5,
      latencyRatePerSecond: 10,
      idleSocketCounts: [20],
      redisCostPairings: 3,
      codeIssuingSeconds: 0.5,
      codeIssuingConcurrency: 2,
      pollingPairings: 2,
      pollIntervalSeconds: 1,
    };
  }
  return {
    ...base,
    throughputRates: [50, 100, 200, 300, 400, 500, 650, 800],
    // Issue 11's target is 1,500/s with two processes; the steps stop at the first that fails.
    // (200 and 300 first: on 2 cores two processes fall behind at 400/s, and the table should
    // still say what they carry.)
    twoNodeThroughputRates: [200, 300, 400, 800, 1200, 1500, 1800],
    stepSeconds: 5,
    maxInFlight: 2000,
    // 1,000 per case: p99.9 is then the second-worst sample; a moderate rate keeps queueing out.
    latencySamples: 1000,
    latencyRatePerSecond: 100,
    idleSocketCounts: [5000, 15000],
    redisCostPairings: 200,
    codeIssuingSeconds: 6,
    codeIssuingConcurrency: 32,
    pollingPairings: 100,
    pollIntervalSeconds: 5,
  };
}
