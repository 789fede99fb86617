import { startBenchCluster } from '../lib/benchCluster.ts';
import { startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { runOpenLoop } from '../lib/openLoop.ts';
import { PairingLedger, runOnePairing } from '../lib/pairingRun.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import type { PhaseSettings } from '../settings.ts';

// (2) Confirm-to-TV latency: from the phone sending Start Watching to the TV holding the token.
// Two nodes; every TV listens on node A, and pairings alternate between confirming on node A
// (same node) and on node B (across nodes), interleaved so both cases see the same conditions.

export interface LatencyCase {
  confirmToTvMs: LatencySummary;
  errors: number;
  lost: number;
  duplicated: number;
}

export interface ConfirmLatencyResult {
  sameNode: LatencyCase;
  acrossNodes: LatencyCase;
  ratePerSecond: number;
  /** Pairings not started because too many were in flight (the machine could not keep up). */
  skippedForOverload: number;
  cpu: CpuReading;
}

export async function measureConfirmLatency(settings: PhaseSettings): Promise<ConfirmLatencyResult> {
  const cluster = await startBenchCluster({ redisUrl: settings.redisUrl, nodeCount: 2, resultsDir: settings.resultsDir, label: 'latency' });
  const [nodeA, nodeB] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
  const ledgers = { same: new PairingLedger(), across: new PairingLedger() };
  const nextAddress = sourceAddressPool(20_000, 2);
  try {
    const readCpu = startCpuWindow([nodeA.pid, nodeB.pid]);
    const loop = await runOpenLoop({
      ratePerSecond: settings.latencyRatePerSecond,
      durationSeconds: (settings.latencySamples * 2) / settings.latencyRatePerSecond,
      maxInFlight: settings.maxInFlight,
      task: (index) => {
        const across = index % 2 === 1;
        return runOnePairing(
          { tvNode: nodeA, confirmBaseUrl: across ? nodeB.baseUrl : nodeA.baseUrl, companion: cluster.companion, localAddress: nextAddress() },
          across ? ledgers.across : ledgers.same,
        );
      },
    });
    const cpu = readCpu();
    const describe = (ledger: PairingLedger): LatencyCase => ({
      confirmToTvMs: summarize(ledger.confirmToTvMs),
      errors: ledger.errors,
      lost: ledger.lost,
      duplicated: ledger.duplicated,
    });
    return {
      sameNode: describe(ledgers.same),
      acrossNodes: describe(ledgers.across),
      ratePerSecond: settings.latencyRatePerSecond,
      skippedForOverload: loop.skippedForOverload,
      cpu,
    };
  } finally {
    await cluster.close();
  }
}
