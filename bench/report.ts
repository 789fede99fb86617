import type { BenchResult } from './run.ts';
import type { LatencySummary } from './lib/stats.ts';
import type { CpuReading } from './lib/cpu.ts';
import type { ThroughputResult } from './phases/pairingThroughput.ts';

// The table `npm run bench` prints: one row per figure, with the CPU both sides used beside it
// (cores: 1.00 is one core busy; the machine has 2, shared by servers and load generator).

type Row = [figure: string, value: string, serverCpu: string, loadGeneratorCpu: string];

const ms = (summary: LatencySummary) => `p50 ${summary.p50} / p99 ${summary.p99} / p99.9 ${summary.p999} ms (n=${summary.count})`;
const cores = (cpu: CpuReading): [string, string] => [cpu.serverCores.toFixed(2), cpu.loadGeneratorCores.toFixed(2)];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The longest any server's event loop ran late during a step, its longest GC pause, and the load generator's lateness. */
function eventLoopOf(step: ThroughputResult['steps'][number]): string {
  const nodes = step.eventLoopPerNode;
  if (!nodes?.length) return '';
  const loadGenerator = step.loadGenerator ? `; load generator's at most ${step.loadGenerator.maxMs} ms` : '';
  return `, servers' event loops late at most ${Math.max(...nodes.map((node) => node.maxMs))} ms (longest GC ${Math.max(...nodes.map((node) => node.gc.maxMs))} ms)${loadGenerator}`;
}

/** The rows of one throughput part: each step, then the highest zero-error rate. */
function throughputRows(label: string, throughput: ThroughputResult | undefined): Row[] {
  if (!throughput) return [];
  const rows: Row[] = throughput.steps.map((step) => {
    const outcome = [
      step.errors ? `${step.errors} errors (${Object.keys(step.errorKinds).join('; ')})` : 'no errors',
      step.keptUp ? '' : ', FELL BEHIND',
    ].join('');
    return [
      `${label}${step.ratePerSecond} pairings/s offered`,
      // Start Watching → token on the TV at this rate (issue 11 asks for it at 500/s).
      `${step.achievedPerSecond}/s done, ${outcome}, lost ${step.lost}, dup ${step.duplicated}, ${step.serverCpuMsPerPairing} server CPU-ms/pairing, ${step.redisCpuMsPerPairing ?? '?'} Redis CPU-ms/pairing, Start Watching→token p50 ${step.confirmToTvMs.p50} / p99 ${step.confirmToTvMs.p99} ms${eventLoopOf(step)}`,
      ...cores(step.cpu),
    ];
  });
  const best = throughput.highestZeroErrorRate;
  rows.push(best
    ? [`${label}highest zero-error rate: ${best.ratePerSecond}/s`, `end-to-end ${ms(best.endToEndMs)}`, ...cores(best.cpu)]
    : [`${label}highest zero-error rate`, 'none: the lowest step had errors or fell behind', '', '']);
  return rows;
}

export function tableRows(result: BenchResult): Row[] {
  const rows: Row[] = [];
  const { throughput, confirmLatency, idleSockets, redisCost, codeIssuing, polling } = result;

  rows.push(...throughputRows('(1) ', throughput));
  rows.push(...throughputRows('(1) two processes: ', result.twoNodeThroughput));

  if (confirmLatency) {
    if (confirmLatency.skippedForOverload) rows.push(['(2) OVERLOADED', `${confirmLatency.skippedForOverload} pairings not started: too many in flight`, '', '']);
    rows.push([`(2) confirm→TV, same node @${confirmLatency.ratePerSecond}/s`, `${ms(confirmLatency.sameNode.confirmToTvMs)}, lost ${confirmLatency.sameNode.lost}, dup ${confirmLatency.sameNode.duplicated}`, ...cores(confirmLatency.cpu)]);
    rows.push([`(2) confirm→TV, across 2 nodes`, `${ms(confirmLatency.acrossNodes.confirmToTvMs)}, lost ${confirmLatency.acrossNodes.lost}, dup ${confirmLatency.acrossNodes.duplicated}`, ...cores(confirmLatency.cpu)]);
  }

  for (const point of idleSockets?.points ?? []) {
    rows.push([
      `(3) ${point.connections} idle listening sockets`,
      `RSS ${mb(point.rssBytes)} (+${kb(point.rssPerConnectionBytes)}/socket), heap ${mb(point.heapUsedBytes)} (+${kb(point.heapPerConnectionBytes)}/socket) after GC`,
      ...cores(point.cpu),
    ]);
  }

  if (redisCost) {
    const source = redisCost.privateRedis ? 'private redis-server' : 'SHARED Redis (inflated by other clients)';
    const byStep = (step: { code: number; listen: number; startWatchingToToken: number; afterPush: number } | undefined) =>
      step ? ` (code ${step.code}, listen ${step.listen}, Start Watching→token ${step.startWatchingToToken}, after ${step.afterPush})` : '';
    rows.push(['(4) Redis per pairing', `${redisCost.roundTripsPerPairing ?? '?'} round trips${byStep(redisCost.roundTripsByStep)}, ${redisCost.requestsPerPairing} requests${byStep(redisCost.requestsByStep)} (+${redisCost.backgroundRequestsPerPairing ?? '?'} of the message queue's own housekeeping), ${redisCost.executedCommandsPerPairing} commands executed (housekeeping included), Redis CPU ${redisCost.redisMicrosPerPairingInFlight ?? '?'} µs with ${redisCost.inFlight ?? '?'} pairings in flight, ${redisCost.redisMicrosPerPairing} µs one at a time beyond idle (${redisCost.redisMicrosPerPairingWithIdle ?? '?'} with idle; ${redisCost.executionMicrosPerPairing ?? '?'} µs executing commands) (${source})`, '', '']);
  }

  for (const figure of codeIssuing ? [codeIssuing.ours, codeIssuing.oidcProvider, ...(codeIssuing.floor ? [codeIssuing.floor] : [])] : []) {
    rows.push([`(5) codes/s ${figure.server} ${figure.path}`, `${figure.codesPerSecond}/s, ${figure.serverCpuMsPerCode} server CPU-ms/code, ${figure.errors} errors, ${ms(figure.latencyMs)}`, ...cores(figure.cpu)]);
  }
  if (codeIssuing) {
    const ratio = (figure: { codesPerSecond: number }) => (figure.codesPerSecond / codeIssuing.oidcProvider.codesPerSecond).toFixed(2);
    rows.push(['(5) codes/s ÷ oidc-provider, same run', `ours ${ratio(codeIssuing.ours)}×${codeIssuing.floor ? `, floor ${ratio(codeIssuing.floor)}×` : ''}`, '', '']);
  }
  if (polling) rows.push(polling.available
    ? [`(5) polling client, interval ${polling.intervalSeconds} s`, `confirm→token ${ms(polling.confirmToTokenMs)}, lost ${polling.lost}`, ...cores(polling.cpu)]
    : ['(5) polling client', `not measured: ${polling.reason}`, '', '']);
  if (polling && confirmLatency) rows.push(['(5) push client (ours, from 2)', `confirm→token ${ms(confirmLatency.sameNode.confirmToTvMs)}`, ...cores(confirmLatency.cpu)]);
  return rows;
}

export function printTable(result: BenchResult): void {
  const header: Row = ['figure', 'value', 'server cores', 'load-gen cores'];
  const rows = [header, ...tableRows(result)];
  const widths = header.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: Row) => `| ${row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows.slice(1)) console.log(line(row));
  const { machine } = result;
  console.log(`\n${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, Node ${machine.node}, Redis ${machine.redis}, load average at start ${machine.loadAverageAtStart.join(' ')}${machine.stealPercent === undefined ? '' : `, CPU stolen by the hypervisor ${machine.stealPercent}%`}`);
}
