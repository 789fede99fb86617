import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startBenchCluster } from '../lib/benchCluster.ts';
import { requestCode } from '../lib/benchTv.ts';
import { serverCpuMsPerOperation, startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { runClosedLoop } from '../lib/openLoop.ts';
import { deleteKeysWithPrefix } from '../lib/redisPreflight.ts';
import { startComparisonNode, type ServerNode } from '../lib/serverNodes.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import { nowMs } from '../lib/time.ts';
import type { PhaseSettings } from '../settings.ts';

// (5a) How fast each server hands out device codes: our POST /oauth/device_authorization against
// oidc-provider's POST /device/auth (device flow enabled, same Redis, same machine, same run), and
// both against the floor: bare node:http writing one Redis key per code (servers/bareCodeServer.ts),
// the most any Node server can do under this load generator on this machine.
// Same load generator for all: a closed loop of N requests in flight, each on a fresh connection
// from its own loopback address, as TVs would. The runs alternate (ours, theirs, floor, ours, …)
// so a burst of other work on the shared machine hits all alike.

const ROUNDS = 2;

export interface CodeIssuingFigure {
  server: string;
  path: string;
  requests: number;
  codesPerSecond: number;
  errors: number;
  latencyMs: LatencySummary;
  cpu: CpuReading;
  serverCpuMsPerCode: number;
}

export interface CodeIssuingResult {
  concurrency: number;
  ours: CodeIssuingFigure;
  oidcProvider: CodeIssuingFigure;
  /** Bare node:http with one Redis write per code: the floor (absent in results before 2026-11-25 12:00). */
  floor?: CodeIssuingFigure;
}

export async function measureCodeIssuing(settings: PhaseSettings): Promise<CodeIssuingResult> {
  const cluster = await startBenchCluster({ redisUrl: settings.redisUrl, nodeCount: 1, resultsDir: settings.resultsDir, label: 'codes' });
  const comparisonPrefix = `bench:compare:${randomBytes(4).toString('hex')}:`;
  const others: ServerNode[] = [];
  try {
    for (const name of ['oidc-provider', 'bare node:http'] as const) {
      others.push(await startComparisonNode(name, { redisUrl: settings.redisUrl, prefix: `${comparisonPrefix}${others.length}:`, logFile: join(settings.resultsDir, `node-${name.replace(/\W+/g, '-')}.log`) }));
    }
    const [oidc, bare] = others as [ServerNode, ServerNode];
    const targets = [
      { server: 'ours', node: cluster.nodes[0]!, path: '/oauth/device_authorization', samples: new Runs() },
      { server: 'oidc-provider', node: oidc, path: '/device/auth', samples: new Runs() },
      { server: 'bare node:http (floor)', node: bare, path: '/code', samples: new Runs() },
    ];
    const nextAddress = sourceAddressPool(60_000, 4);
    for (let round = 0; round < ROUNDS; round++) {
      for (const target of targets) {
        const readCpu = startCpuWindow([target.node.pid]);
        const latencies: number[] = [];
        let errors = 0;
        const loop = await runClosedLoop({
          concurrency: settings.codeIssuingConcurrency,
          durationSeconds: settings.codeIssuingSeconds / ROUNDS,
          task: async () => {
            const started = nowMs();
            try {
              await requestCode(target.node.baseUrl, nextAddress(), target.path);
              latencies.push(nowMs() - started);
            } catch {
              errors += 1;
            }
          },
        });
        target.samples.add(latencies, errors, loop.wallSeconds, readCpu());
      }
    }
    const [ours, theirs, floor] = targets.map((target) => target.samples.figure(target.server, target.path)) as [CodeIssuingFigure, CodeIssuingFigure, CodeIssuingFigure];
    settings.log(`  ours ${ours.codesPerSecond}/s (server cpu ${ours.cpu.serverCores}), oidc-provider ${theirs.codesPerSecond}/s (server cpu ${theirs.cpu.serverCores}), floor ${floor.codesPerSecond}/s`);
    return { concurrency: settings.codeIssuingConcurrency, ours, oidcProvider: theirs, floor };
  } finally {
    await Promise.all(others.map((node) => node.stop()));
    await cluster.close();
    await deleteKeysWithPrefix(settings.redisUrl, comparisonPrefix);
  }
}

/** Accumulates the rounds of one server into one figure (CPU weighted by time). */
class Runs {
  private latencies: number[] = [];
  private errors = 0;
  private seconds = 0;
  private serverCoreSeconds = 0;
  private loadGeneratorCoreSeconds = 0;

  add(latencies: number[], errors: number, seconds: number, cpu: CpuReading) {
    this.latencies.push(...latencies);
    this.errors += errors;
    this.seconds += seconds;
    this.serverCoreSeconds += cpu.serverCores * seconds;
    this.loadGeneratorCoreSeconds += cpu.loadGeneratorCores * seconds;
  }

  figure(server: string, path: string): CodeIssuingFigure {
    const round = (value: number) => Math.round(value * 100) / 100;
    const codesPerSecond = round(this.latencies.length / this.seconds);
    const cpu = { serverCores: round(this.serverCoreSeconds / this.seconds), loadGeneratorCores: round(this.loadGeneratorCoreSeconds / this.seconds) };
    return {
      server,
      path,
      requests: this.latencies.length,
      codesPerSecond,
      errors: this.errors,
      latencyMs: summarize(this.latencies),
      cpu,
      serverCpuMsPerCode: serverCpuMsPerOperation(cpu, codesPerSecond),
    };
  }
}
