import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { startPrivateRedis } from '../lib/privateRedis.ts';
import { defaultResultsDir } from '../run.ts';
import type { RedisTarget } from './fleet.ts';
import { clusterFailoverDrill, clusterTarget, drainDrill, nodeKillDrill, redisOutageDrill, startWithoutRedisDrill, type DrillResult } from './scenarios.ts';
import { drillSettingsFor, type DrillSettings, type DrillSize } from './settings.ts';

// Runs the failure drills in order and writes one JSON file. The node-kill and drain drills run
// on a redis-server of the drill's own (or on a Redis Cluster given with clusterNodes); the Redis
// outage drills always pause and restart a redis-server of their own, never a shared one.

export const DRILL_NAMES = ['nodeKill', 'redisPause', 'redisRestart', 'startWithoutRedis', 'drain', 'clusterFailover'] as const;
export type DrillName = (typeof DRILL_NAMES)[number];

export interface DrillRun {
  size: DrillSize;
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; loadAverageAtStart: number[]; loadAverageAtEnd: number[]; node: string };
  ratePerSecond: number;
  target: string;
  drills: DrillResult[];
}

export async function runDrills(options: {
  size: DrillSize;
  only?: DrillName[];
  /** host:port,… of a Redis Cluster for the node-kill and drain drills (REDIS_CLUSTER_NODES). */
  clusterNodes?: string[];
  resultsDir?: string;
  log?: (line: string) => void;
  /** Pairings per second instead of the size's rate. */
  ratePerSecond?: number;
}): Promise<{ run: DrillRun; file: string }> {
  const resultsDir = options.resultsDir ?? defaultResultsDir;
  mkdirSync(resultsDir, { recursive: true });
  const sized = drillSettingsFor(options.size, { resultsDir, log: options.log ?? (() => {}) });
  const settings: DrillSettings = { ...sized, ratePerSecond: options.ratePerSecond ?? sized.ratePerSecond };
  const startedAt = new Date();
  const loadAverageAtStart = loadavg().map((value) => Math.round(value * 100) / 100);
  const drills: DrillResult[] = [];

  const ownRedis = options.clusterNodes ? undefined : await startPrivateRedis();
  const target: RedisTarget = options.clusterNodes
    ? clusterTarget(options.clusterNodes)
    : { url: ownRedis!.url, env: { REDIS_URL: ownRedis!.url } };
  try {
    for (const name of options.only ?? DRILL_NAMES) {
      settings.log(`drill: ${name}`);
      if (name === 'nodeKill') drills.push(await nodeKillDrill(settings, target));
      if (name === 'drain') drills.push(await drainDrill(settings, target));
      if (name === 'redisPause') drills.push(await redisOutageDrill(settings, 'pause'));
      if (name === 'redisRestart') drills.push(await redisOutageDrill(settings, 'restart'));
      if (name === 'startWithoutRedis') drills.push(await startWithoutRedisDrill(settings));
      if (name === 'clusterFailover') drills.push(await clusterFailoverDrill(settings));
    }
  } finally {
    await ownRedis?.stop();
  }

  const run: DrillRun = {
    size: options.size,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cores: cpus().length, loadAverageAtStart, loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100), node: process.version },
    ratePerSecond: settings.ratePerSecond,
    target: options.clusterNodes ? `Redis Cluster ${options.clusterNodes.join(',')}` : 'a private redis-server per run',
    drills,
  };
  const file = join(resultsDir, `drill-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(run, null, 2));
  return { run, file };
}
