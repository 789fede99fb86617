import { startBenchCluster } from '../lib/benchCluster.ts';
import { PairingLedger, runOnePairing } from '../lib/pairingRun.ts';
import { commandStats, redisServerInstalled, startPrivateRedis } from '../lib/privateRedis.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import type { PhaseSettings } from '../settings.ts';

// (4) Redis cost of one whole pairing (code request, listen, Start Watching, token push, receipt).
// Pairings run one at a time on one node against a private redis-server, so INFO commandstats
// counts only them. Two numbers:
//  - commands Redis executed, including those run inside our Lua scripts (commandstats counts both);
//  - requests the server sent (counted in the server by the probe; MULTI…EXEC counts once), which
//    are the round trips when pairings run one at a time. Also split by command name.
// Without redis-server installed it falls back to the shared Redis and says so (numbers inflated
// by whatever else runs there).

interface RedisCounts {
  requests: number;
  commands: number;
  byName: Record<string, number>;
}

export interface RedisCostResult {
  pairings: number;
  privateRedis: boolean;
  executedCommandsPerPairing: number;
  executedByName: Record<string, number>;
  /** Redis CPU per pairing (INFO cpu of the private Redis; meaningless on the shared one). */
  redisMicrosPerPairing: number;
  requestsPerPairing: number;
  requestsByName: Record<string, number>;
  errors: number;
}

export async function measureRedisCost(settings: PhaseSettings): Promise<RedisCostResult> {
  const isolated = redisServerInstalled();
  const privateRedis = isolated ? await startPrivateRedis() : undefined;
  const redisUrl = privateRedis?.url ?? settings.redisUrl;
  const cluster = await startBenchCluster({ redisUrl, nodeCount: 1, resultsDir: settings.resultsDir, label: 'redis-cost', env: { BENCH_COUNT_REDIS: '1' } });
  const node = cluster.nodes[0]!;
  const ledger = new PairingLedger();
  const nextAddress = sourceAddressPool(1000, 3);
  try {
    // One pairing first, so one-time work (loading scripts with EVAL) is not counted.
    await runOnePairing({ tvNode: node, confirmBaseUrl: node.baseUrl, companion: cluster.companion, localAddress: nextAddress() }, ledger);
    const sentBefore = await node.ask<RedisCounts>('redisCount');
    const executedBefore = await commandStats(redisUrl);
    for (let i = 0; i < settings.redisCostPairings; i++) {
      await runOnePairing({ tvNode: node, confirmBaseUrl: node.baseUrl, companion: cluster.companion, localAddress: nextAddress() }, ledger);
    }
    const executedAfter = await commandStats(redisUrl);
    const sentAfter = await node.ask<RedisCounts>('redisCount');
    const n = settings.redisCostPairings;
    // The INFO call that took the first snapshot is itself counted in the second one.
    const executed = perPairing(executedBefore.calls, executedAfter.calls, n, ['info']);
    const sent = perPairing(sentBefore.byName, sentAfter.byName, n, []);
    return {
      pairings: n,
      privateRedis: isolated,
      executedCommandsPerPairing: sum(executed),
      executedByName: executed,
      // All of the private Redis' CPU (INFO cpu), network handling included; only this run uses it.
      redisMicrosPerPairing: round(((executedAfter.cpuSeconds - executedBefore.cpuSeconds) * 1e6) / n),
      requestsPerPairing: round((sentAfter.requests - sentBefore.requests) / n),
      requestsByName: sent,
      errors: ledger.errors,
    };
  } finally {
    await cluster.close();
    await privateRedis?.stop();
  }
}

function perPairing(before: Record<string, number>, after: Record<string, number>, n: number, ignore: string[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta > 0 && !ignore.includes(name)) result[name] = round(delta / n);
  }
  return result;
}

const round = (value: number) => Math.round(value * 100) / 100;
const sum = (values: Record<string, number>) => round(Object.values(values).reduce((a, b) => a + b, 0));
