import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startBenchCluster } from '../lib/benchCluster.ts';
import type { EventLoopDelay } from '../lib/eventLoopWatch.ts';
import { startPrivateRedis } from '../lib/privateRedis.ts';
import { startCpuWindow, type CpuReading } from '../lib/cpu.ts';
import { summarize, type LatencySummary } from '../lib/stats.ts';
import type { ScaleCommand, ScaleReport } from './protocol.ts';

// (6) Many waiting TVs: `nodes` server processes on one private Redis hold `tvs` waiting TVs in
// all (spread at random, as a load balancer would), connected from `workers` load-generator
// processes over many 127.x.y.z addresses. Reported: RSS and heap per waiting TV on each node
// (after full garbage collections), Redis memory per waiting pairing, and Start Watching → token
// on the TV while `ratePerSecond` pairings complete among them; lost and duplicated are counted.

export interface ScaleSettings {
  tvs: number;
  nodes: number;
  workers: number;
  ratePerSecond: number;
  seconds: number;
  resultsDir: string;
  log: (line: string) => void;
}

export interface ScaleResult {
  settings: Omit<ScaleSettings, 'resultsDir' | 'log'>;
  connected: number;
  connectSeconds: number;
  perNode: Array<{ tvs: number; rssBytes: number; heapUsedBytes: number; rssPerTvBytes: number; heapPerTvBytes: number }>;
  rssPerTvBytes: number;
  heapPerTvBytes: number;
  redisBytesPerPairing: number;
  confirmToTvMs: LatencySummary;
  completed: number;
  lost: number;
  duplicated: number;
  errors: number;
  errorKinds: Record<string, number>;
  stillWaiting: number;
  /** TVs never approved: every one should still be connected. */
  notApproved: number;
  approveCpu: CpuReading;
  /** Cores the load-generator processes used while approving (absent before 2026-11-25 12:20). */
  loadGeneratorCoresWhileApproving?: number;
  /** How late each node's event loop ran while approving (monitorEventLoopDelay; absent before 2026-11-25 12:00). */
  eventLoopDelayPerNode?: EventLoopDelay[];
  /** The same while the nodes only held their waiting TVs, before approving (a tenth as long). */
  eventLoopDelayWhileWaiting?: EventLoopDelay[];
}

interface Memory {
  rss: number;
  heapUsed: number;
}

const workerScript = fileURLToPath(new URL('./worker.ts', import.meta.url));

class Worker {
  private readonly child: ChildProcess;
  get pid(): number {
    return this.child.pid!;
  }
  private readonly waiters = new Map<string, (report: ScaleReport) => void>();
  failure: string | undefined;

  constructor(onProgress: (connected: number) => void) {
    this.child = fork(workerScript, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (report: ScaleReport) => {
      if (report.type === 'progress') return onProgress(report.connected);
      if (report.type === 'failed') this.failure = report.message;
      const waiter = this.waiters.get(report.type) ?? this.waiters.get('*');
      this.waiters.clear();
      waiter?.(report);
    });
    this.child.on('exit', (code) => {
      if (code !== 0) for (const waiter of this.waiters.values()) waiter({ type: 'failed', message: `load generator exited with ${code}` });
    });
  }

  ask<T extends ScaleReport['type']>(command: ScaleCommand, answer: T): Promise<Extract<ScaleReport, { type: T }>> {
    return new Promise((resolve, reject) => {
      const settle = (report: ScaleReport) => (report.type === 'failed' ? reject(new Error(report.message)) : resolve(report as Extract<ScaleReport, { type: T }>));
      this.waiters.set(answer, settle);
      this.waiters.set('*', settle);
      this.child.send(command);
    });
  }

  close() {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ScaleCommand);
    setTimeout(() => this.child.kill('SIGKILL'), 5000).unref();
  }
}

export async function runScale(settings: ScaleSettings): Promise<ScaleResult> {
  const { log } = settings;
  const redisServer = await startPrivateRedis();
  const redis = new Redis(redisServer.url);
  const workers: Worker[] = [];
  try {
    const cluster = await startBenchCluster({ redisUrl: redisServer.url, nodeCount: settings.nodes, resultsDir: settings.resultsDir, label: 'scale' });
    try {
      const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1]);
      const redisBefore = await usedMemory();
      const baselines = await Promise.all(cluster.nodes.map((node) => node.ask<Memory>('memory')));
      log(`  ${settings.nodes} nodes up; connecting ${settings.tvs} TVs from ${settings.workers} processes`);

      const progress = new Array<number>(settings.workers).fill(0);
      let lastLog = Date.now();
      const startedAt = Date.now();
      const shares = Array.from({ length: settings.workers }, (_, i) => Math.floor(settings.tvs / settings.workers) + (i < settings.tvs % settings.workers ? 1 : 0));
      const connected = await Promise.all(
        shares.map((tvCount, i) => {
          const worker = new Worker((count) => {
            progress[i] = count;
            if (Date.now() - lastLog > 5000) {
              lastLog = Date.now();
              log(`  … ${progress.reduce((a, b) => a + b, 0)} waiting TVs (${Math.round((Date.now() - startedAt) / 1000)} s)`);
            }
          });
          workers.push(worker);
          return worker.ask(
            {
              type: 'setup',
              setup: {
                redisUrl: redisServer.url, prefix: cluster.prefix, tvCount, addressOctet: 10 + i,
                wsUrls: cluster.nodes.map((node) => node.wsUrl), baseUrls: cluster.nodes.map((node) => node.baseUrl),
              },
            },
            'connected',
          );
        }),
      );
      const connectSeconds = (Date.now() - startedAt) / 1000;
      const perNodeTvs = cluster.nodes.map((_, n) => connected.reduce((total, report) => total + (report.perNode[n] ?? 0), 0));
      const total = perNodeTvs.reduce((a, b) => a + b, 0);
      log(`  ${total} TVs waiting after ${connectSeconds.toFixed(1)} s; measuring memory`);

      const memories = await Promise.all(cluster.nodes.map((node) => node.ask<Memory>('memory')));
      const perNode = memories.map((memory, n) => ({
        tvs: perNodeTvs[n]!,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        rssPerTvBytes: Math.round((memory.rss - baselines[n]!.rss) / Math.max(1, perNodeTvs[n]!)),
        heapPerTvBytes: Math.round((memory.heapUsed - baselines[n]!.heapUsed) / Math.max(1, perNodeTvs[n]!)),
      }));
      const sum = (pick: (memory: Memory) => number) => memories.reduce((t, m, n) => t + pick(m) - pick(baselines[n]!), 0);
      const redisBytesPerPairing = Math.round(((await usedMemory()) - redisBefore) / Math.max(1, total));

      // The nodes' event loops while they only hold their waiting TVs (heartbeats, expiry checks),
      // for a tenth of the approving time, so what approving adds can be told apart.
      const eventLoopDelay = () => Promise.all(cluster.nodes.map((node) => node.ask<EventLoopDelay>('eventLoop')));
      await eventLoopDelay(); // from now on
      await new Promise((resolve) => setTimeout(resolve, (settings.seconds * 1000) / 10));
      const eventLoopDelayWhileWaiting = await eventLoopDelay();

      log(`  Start Watching at ${settings.ratePerSecond}/s for ${settings.seconds} s among them`);
      const readCpu = startCpuWindow(cluster.nodes.map((node) => node.pid));
      // The same window over the load-generator processes: are the machine's cores full?
      const readWorkerCpu = startCpuWindow(workers.map((worker) => worker.pid));
      const approvals = await Promise.all(
        workers.map((worker) => worker.ask({ type: 'approve', ratePerSecond: settings.ratePerSecond / settings.workers, seconds: settings.seconds }, 'approved')),
      );
      const approveCpu = readCpu();
      const loadGeneratorCoresWhileApproving = readWorkerCpu().serverCores;
      const eventLoopDelayPerNode = await eventLoopDelay();
      const waitingReports = await Promise.all(workers.map((worker) => worker.ask({ type: 'stillWaiting' }, 'stillWaiting')));
      const stillWaiting = waitingReports.reduce((t, r) => t + r.open, 0);
      const notApproved = waitingReports.reduce((t, r) => t + r.of, 0);
      const errorKinds: Record<string, number> = {};
      for (const report of approvals) for (const [kind, count] of Object.entries(report.errorKinds)) errorKinds[kind] = (errorKinds[kind] ?? 0) + count;
      return {
        settings: { tvs: settings.tvs, nodes: settings.nodes, workers: settings.workers, ratePerSecond: settings.ratePerSecond, seconds: settings.seconds },
        connected: total,
        connectSeconds,
        perNode,
        rssPerTvBytes: Math.round(sum((m) => m.rss) / Math.max(1, total)),
        heapPerTvBytes: Math.round(sum((m) => m.heapUsed) / Math.max(1, total)),
        redisBytesPerPairing,
        confirmToTvMs: summarize(approvals.flatMap((report) => report.confirmToTvMs)),
        completed: approvals.reduce((t, r) => t + r.completed, 0),
        lost: approvals.reduce((t, r) => t + r.lost, 0),
        duplicated: approvals.reduce((t, r) => t + r.duplicated, 0),
        errors: approvals.reduce((t, r) => t + r.errors, 0),
        errorKinds,
        stillWaiting,
        notApproved,
        approveCpu,
        loadGeneratorCoresWhileApproving,
        eventLoopDelayPerNode,
        eventLoopDelayWhileWaiting,
      };
    } finally {
      for (const worker of workers) worker.close();
      await cluster.close();
    }
  } finally {
    redis.disconnect();
    await redisServer.stop();
  }
}
