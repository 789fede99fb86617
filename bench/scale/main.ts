import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { defaultResultsDir } from '../run.ts';
import { runScale, type ScaleResult, type ScaleSettings } from './run.ts';

// `npm run bench:scale`: 100,000 waiting TVs on six server processes (about 17,000 sockets each,
// under the 20,000 open files a process may hold) and one Redis, with 200 pairings a second
// completing among them. Prints a table and writes bench/results/scale-<time>.json.
//   --tvs=100000 --nodes=6 --workers=6 --rate=200 --seconds=30     (the defaults)
//   --tiny                                                          a few hundred TVs (the smoke test)

function option(name: string, fallback: number): number {
  const raw = process.argv.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    console.error(`--${name} must be a positive number`);
    process.exit(2);
  }
  return value;
}

const tiny = process.argv.includes('--tiny');
const settings: ScaleSettings = {
  tvs: option('tvs', tiny ? 300 : 100_000),
  nodes: option('nodes', tiny ? 2 : 6),
  workers: option('workers', tiny ? 2 : 6),
  ratePerSecond: option('rate', tiny ? 20 : 200),
  seconds: option('seconds', tiny ? 2 : 30),
  resultsDir: defaultResultsDir,
  log: (line) => console.log(line),
};
if (settings.tvs / settings.nodes > 18_000 || settings.tvs / settings.workers > 18_000) {
  console.error('At most 18,000 TVs per server process and per load generator (20,000 open files a process): add --nodes / --workers.');
  process.exit(2);
}

mkdirSync(defaultResultsDir, { recursive: true });
const load = loadavg().map((value) => value.toFixed(2)).join(' ');
try {
  const result = await runScale(settings);
  const kb = (bytes: number) => (bytes / 1024).toFixed(2);
  const rows: Array<[string, string]> = [
    ['(6) waiting TVs connected', `${result.connected} of ${settings.tvs} in ${result.connectSeconds.toFixed(1)} s (${settings.nodes} nodes, ${settings.workers} load generators)`],
    ['(6) RSS per waiting TV', `${kb(result.rssPerTvBytes)} KB (heap ${kb(result.heapPerTvBytes)} KB); per node ${result.perNode.map((n) => kb(n.rssPerTvBytes)).join(' / ')} KB`],
    ['(6) Redis memory per waiting pairing', `${result.redisBytesPerPairing} bytes`],
    [`(6) Start Watching → token on TV at ${settings.ratePerSecond}/s`, `p50 ${result.confirmToTvMs.p50} ms, p99 ${result.confirmToTvMs.p99} ms, max ${result.confirmToTvMs.max} ms (${result.completed} pairings)`],
    ['(6) lost / duplicated / errors', `${result.lost} / ${result.duplicated} / ${result.errors}${result.errors ? ` ${JSON.stringify(result.errorKinds)}` : ''}`],
    ['(6) still waiting afterwards', `${result.stillWaiting} of ${result.notApproved} not approved still connected`],
    ['(6) CPU while approving', `servers ${result.approveCpu.serverCores} cores, load generators ${result.loadGeneratorCoresWhileApproving ?? '?'} cores`],
    ['(6) event loop delay while approving', loopDelays(result.eventLoopDelayPerNode)],
    ['(6) event loop delay, only waiting', loopDelays(result.eventLoopDelayWhileWaiting)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  console.log(`\nmachine: ${cpus().length} cores, load average at start ${load}`);
  for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
  const file = join(defaultResultsDir, `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), loadAverageAtStart: load, ...result }, null, 2));
  console.log(`\nJSON: ${file}`);
  if (result.lost || result.duplicated) process.exitCode = 1;
} catch (error) {
  console.error(`Scale run failed: ${(error as Error).message}`);
  process.exitCode = 1;
}

/** Each node's event loop lateness and GC pauses, one after the other. */
function loopDelays(perNode: ScaleResult['eventLoopDelayPerNode']): string {
  return (perNode ?? []).map((delay) => `p99 ${delay.p99Ms} / max ${delay.maxMs} ms (GC ${delay.gc.count}× ${Math.round(delay.gc.totalMs)} ms, longest ${delay.gc.maxMs})`).join('; ');
}
