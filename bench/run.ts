import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_REDIS_URL, requireRealRedis } from './lib/redisPreflight.ts';
import { settingsFor, type BenchSize, type PhaseSettings } from './settings.ts';
import { measurePairingThroughput, measureTwoNodeThroughput } from './phases/pairingThroughput.ts';
import { measureConfirmLatency } from './phases/confirmLatency.ts';
import { measureIdleSockets } from './phases/idleSockets.ts';
import { measureRedisCost } from './phases/redisCost.ts';
import { measureCodeIssuing } from './phases/codeIssuing.ts';
import { measurePolling } from './phases/pollingVsPush.ts';

// Runs the parts of the benchmark in order and returns one result object. The command line
// (main.ts) prints it; the smoke test runs it at the tiny size.

export const defaultResultsDir = fileURLToPath(new URL('./results', import.meta.url));

const PHASES = {
  throughput: { title: '(1) end-to-end pairings per second, stepped arrival rates', run: measurePairingThroughput },
  twoNodeThroughput: { title: '(1) the same with two server processes', run: measureTwoNodeThroughput },
  confirmLatency: { title: '(2) confirm-to-TV latency, same node and across nodes', run: measureConfirmLatency },
  idleSockets: { title: '(3) memory per idle listening WebSocket', run: measureIdleSockets },
  redisCost: { title: '(4) Redis commands and round trips per pairing', run: measureRedisCost },
  codeIssuing: { title: '(5) code issuing: ours against oidc-provider', run: measureCodeIssuing },
  polling: { title: '(5) sign-in latency of a polling client', run: measurePolling },
} satisfies Record<string, { title: string; run: (settings: PhaseSettings) => Promise<unknown> }>;

export type PhaseName = keyof typeof PHASES;
export const PHASE_NAMES = Object.keys(PHASES) as PhaseName[];
export type PhaseResults = { -readonly [K in PhaseName]?: Awaited<ReturnType<(typeof PHASES)[K]['run']>> };

export async function runBenchmark(options: {
  size: BenchSize;
  only?: PhaseName[];
  /** Part (1)'s rates and step length instead of the size's (bench/main.ts --rates, --step-seconds). */
  overrides?: Partial<Pick<PhaseSettings, 'throughputRates' | 'twoNodeThroughputRates' | 'stepSeconds'>>;
  resultsDir?: string;
  log?: (line: string) => void;
}) {
  const resultsDir = options.resultsDir ?? defaultResultsDir;
  mkdirSync(resultsDir, { recursive: true });
  const log = options.log ?? (() => {});
  const redis = await requireRealRedis(BENCH_REDIS_URL);
  const settings = { ...settingsFor(options.size, { redisUrl: BENCH_REDIS_URL, resultsDir, log }), ...options.overrides };
  const startedAt = new Date();
  const machine = machineDescription(redis.version);
  const stealAtStart = cpuTicks();

  const phases: PhaseResults = {};
  for (const name of options.only ?? PHASE_NAMES) {
    log(PHASES[name].title);
    (phases as Record<string, unknown>)[name] = await PHASES[name].run(settings);
  }

  const result = { size: options.size, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine: { ...machine, stealPercent: stealPercentSince(stealAtStart) }, ...phases };
  const file = join(resultsDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2));
  return { result, file };
}

export type BenchResult = Awaited<ReturnType<typeof runBenchmark>>['result'];

function machineDescription(redisVersion: string) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    redis: redisVersion,
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/**
 * CPU time the hypervisor gave to other guests while this one wanted it ("steal" in /proc/stat),
 * as a share of all CPU time since `start`: on a virtual machine with noisy neighbours the same
 * commit can run at half the rate, and this says whether a slow run was such a run. Undefined
 * where /proc/stat is not there.
 */
function cpuTicks(): { steal: number; total: number } | undefined {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user and nice)
    const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
    return { steal: fields[7] ?? 0, total };
  } catch {
    return undefined;
  }
}

function stealPercentSince(start: { steal: number; total: number } | undefined): number | undefined {
  const end = cpuTicks();
  if (!start || !end || end.total <= start.total) return undefined;
  return Math.round((1000 * (end.steal - start.steal)) / (end.total - start.total)) / 10;
}
