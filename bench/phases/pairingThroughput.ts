import { startBenchCluster } from '../lib/benchCluster.ts';
import { watchEventLoop, type EventLoopDelay } from '../lib/eventLoopWatch.ts';
import { serverCpuMsPerOperation, startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { runOpenLoop } from '../lib/openLoop.ts';
import { PairingLedger, runOnePairing } from '../lib/pairingRun.ts';
import { commandStats, redisServerInstalled, startPrivateRedis } from '../lib/privateRedis.ts';
import { sourceAddressPool } from '../lib/sourceAddresses.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import type { PhaseSettings } from '../settings.ts';

// (1) End-to-end pairings per second on one node, stepping a fixed arrival rate up until a step
// has errors or falls behind (pairings still finishing more than a second after the last one
// started: the server is saturated and queues grow, even if every pairing still succeeds). The
// answer is the highest step that did neither.

/** A pairing takes ~0.3 s here (with 250 ms watching for a duplicate token); 1 s of backlog is a queue. */
const MAX_BACKLOG_SECONDS = 1;

export interface RateStep {
  ratePerSecond: number;
  completed: number;
  achievedPerSecond: number;
  errors: number;
  /** False when pairings were still finishing over a second after the last one started. */
  keptUp: boolean;
  lost: number;
  duplicated: number;
  errorKinds: Record<string, number>;
  endToEndMs: LatencySummary;
  confirmToTvMs: LatencySummary;
  cpu: CpuReading;
  serverCpuMsPerPairing: number;
  /** Redis' CPU per pairing done at this rate (INFO cpu of the private redis-server; absent without one). */
  redisCpuMsPerPairing?: number;
  /** Each server's event loop lateness and GC pauses during the step (absent before 2026-11-25 12:00). */
  eventLoopPerNode?: EventLoopDelay[];
  /** The load generator's own event loop lateness: when it is late, so are the latencies it records. */
  loadGenerator?: EventLoopDelay;
}

export interface ThroughputResult {
  steps: RateStep[];
  highestZeroErrorRate: RateStep | null;
}

export async function measurePairingThroughput(settings: PhaseSettings): Promise<ThroughputResult> {
  return measureThroughput(settings, 1, settings.throughputRates);
}

/**
 * (1) with two server processes on the same Redis: each TV (code request and socket) goes to
 * one of them in turn and its phone's Start Watching to either at random, as a load balancer
 * spreading new connections would.
 */
export async function measureTwoNodeThroughput(settings: PhaseSettings): Promise<ThroughputResult> {
  return measureThroughput(settings, 2, settings.twoNodeThroughputRates);
}

async function measureThroughput(settings: PhaseSettings, nodeCount: number, rates: number[]): Promise<ThroughputResult> {
  // A redis-server of its own (when installed), so its CPU per pairing at each rate is ours alone:
  // at a real rate Redis stays warm and batches, unlike part (4)'s pairings one at a time.
  const privateRedis = redisServerInstalled() ? await startPrivateRedis() : undefined;
  const redisUrl = privateRedis?.url ?? settings.redisUrl;
  try {
    return await steppedRates(settings, redisUrl, privateRedis !== undefined, nodeCount, rates);
  } finally {
    await privateRedis?.stop();
  }
}

async function steppedRates(settings: PhaseSettings, redisUrl: string, privateRedis: boolean, nodeCount: number, rates: number[]): Promise<ThroughputResult> {
  const cluster = await startBenchCluster({ redisUrl, nodeCount, resultsDir: settings.resultsDir, label: nodeCount === 1 ? 'throughput' : `throughput-${nodeCount}-nodes` });
  const { nodes } = cluster;
  const nextAddress = sourceAddressPool(20_000, nodeCount === 1 ? 1 : 5);
  let turn = 0;
  const steps: RateStep[] = [];
  try {
    for (const ratePerSecond of rates) {
      const ledger = new PairingLedger();
      const readCpu = startCpuWindow(nodes.map((node) => node.pid));
      const redisBefore = privateRedis ? await commandStats(redisUrl) : undefined;
      const eventLoop = () => Promise.all(nodes.map((node) => node.ask<EventLoopDelay>('eventLoop')));
      await eventLoop(); // from now on
      const ownEventLoop = watchEventLoop();
      const loop = await runOpenLoop({
        ratePerSecond,
        durationSeconds: settings.stepSeconds,
        maxInFlight: settings.maxInFlight,
        task: () => {
          const tvNode = nodes[turn++ % nodes.length]!;
          const confirmNode = nodes[Math.floor(Math.random() * nodes.length)]!;
          return runOnePairing({ tvNode, confirmBaseUrl: confirmNode.baseUrl, companion: cluster.companion, localAddress: nextAddress() }, ledger);
        },
      });
      for (let i = 0; i < loop.skippedForOverload; i++) ledger.recordError(new Error('overload: too many pairings in flight'));
      const achievedPerSecond = Math.round((ledger.completed / loop.wallSeconds) * 10) / 10;
      const cpu = readCpu();
      const eventLoopPerNode = await eventLoop();
      const loadGenerator = ownEventLoop.read();
      ownEventLoop.stop();
      const redisAfter = redisBefore ? await commandStats(redisUrl) : undefined;
      const step: RateStep = {
        ratePerSecond,
        completed: ledger.completed,
        achievedPerSecond,
        errors: ledger.errors,
        keptUp: loop.wallSeconds - settings.stepSeconds <= MAX_BACKLOG_SECONDS,
        lost: ledger.lost,
        duplicated: ledger.duplicated,
        errorKinds: ledger.errorSummary(),
        endToEndMs: summarize(ledger.endToEndMs),
        confirmToTvMs: summarize(ledger.confirmToTvMs),
        cpu,
        serverCpuMsPerPairing: serverCpuMsPerOperation(cpu, achievedPerSecond),
        redisCpuMsPerPairing: redisBefore && redisAfter && ledger.completed
          ? Math.round(((redisAfter.cpuSeconds - redisBefore.cpuSeconds) * 1e6) / ledger.completed) / 1000
          : undefined,
        eventLoopPerNode,
        loadGenerator,
      };
      steps.push(step);
      settings.log(`  ${ratePerSecond}/s: ${step.completed} ok, ${step.errors} errors, e2e p50 ${step.endToEndMs.p50} ms p99 ${step.endToEndMs.p99} ms, cpu server ${step.cpu.serverCores} loadgen ${step.cpu.loadGeneratorCores}`);
      if (step.errors > 0 || !step.keptUp) break;
    }
  } finally {
    await cluster.close();
  }
  const clean = steps.filter((step) => step.errors === 0 && step.duplicated === 0 && step.keptUp);
  return { steps, highestZeroErrorRate: clean.at(-1) ?? null };
}
