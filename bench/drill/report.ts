import type { DrillRun } from './run.ts';

// The table `npm run drill` prints: one row per drill.

const HEADER = ['drill', 'pairings', 'confirmed', 'delivered', 'lost', 'dup', '503', 'other 5xx', 'conn errors', 'slowest HTTP', 'TVs back listening', 'time to recover'];

export function drillRows(run: DrillRun): string[][] {
  return run.drills.map((drill) => [
    `${drill.name}: ${drill.what}`,
    String(drill.pairings),
    String(drill.confirmed),
    String(drill.delivered),
    String(drill.lost),
    String(drill.duplicated),
    String(drill.http503),
    String(drill.httpOther5xx),
    String(drill.connectionErrors),
    `${drill.slowestHttpMs} ms`,
    drill.backListeningMs.count ? `${drill.backListeningMs.count}: p50 ${Math.round(drill.backListeningMs.p50)} / max ${Math.round(drill.backListeningMs.max)} ms` : '-',
    drill.recoveryMs === null ? '-' : `${drill.recoveryMs} ms (${drill.recoveryMeaning})`,
  ]);
}

export function printDrillTable(run: DrillRun): void {
  const rows = [HEADER, ...drillRows(run)];
  const widths = HEADER.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join(' | '));
  for (const drill of run.drills) {
    if (drill.unexpectedExits) console.log(`${drill.name}: ${drill.unexpectedExits} node process(es) exited unasked`);
    const refused = Object.entries(drill.refusedByStatus);
    const why = refused.length ? `; Start Watching refused ${refused.map(([status, count]) => `${count}× ${status}`).join(', ')}` : ' (gave up after errors; none refused)';
    if (drill.unconfirmed) console.log(`${drill.name}: ${drill.unconfirmed} never confirmed${why}`);
    if (drill.noCode) console.log(`${drill.name}: ${drill.noCode} TV(s) never got a code`);
    if (Object.keys(drill.extra).length) console.log(`${drill.name}: ${JSON.stringify(drill.extra)}`);
  }
  console.log(`${run.ratePerSecond} pairings/s offered; load average ${run.machine.loadAverageAtStart.join(' ')} at the start, ${run.machine.loadAverageAtEnd.join(' ')} at the end (${run.machine.cores} cores)`);
}
