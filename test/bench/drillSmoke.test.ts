import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { privateRedisAvailable } from '../helpers/privateRedisBackend.ts';
import { DRILL_NAMES, runDrills } from '../../bench/drill/run.ts';
import { drillRows } from '../../bench/drill/report.ts';

// `npm run drill` at its tiny size: three real server processes on a redis-server of the test's
// own; a node SIGKILLed under load, Redis paused and restarted under load, a node started while
// Redis is away, a node drained with TVs waiting on it; and the node kill again on a private 3+3
// Redis Cluster with a master killed. Every confirmed sign-in must reach its TV exactly once (0
// lost, 0 duplicated), no 5xx but 503, no process may exit unasked. Timing is measured by
// `npm run drill`, never asserted here.

const resultsDir = mkdtempSync(join(tmpdir(), 'drill-smoke-'));
afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

describe.skipIf(!privateRedisAvailable)('failure drills (tiny size)', () => {
  it('loses and duplicates nothing when nodes die, Redis blinks, a node drains or a cluster master dies', { timeout: 400_000 }, async () => {
    const { run, file } = await runDrills({ size: 'tiny', resultsDir });
    expect(JSON.parse(readFileSync(file, 'utf8')).size).toBe('tiny');
    expect(run.drills.map((drill) => drill.name)).toEqual(['node kill', 'redis pause', 'redis restart', 'node started while Redis is away', 'graceful drain', 'node kill + master failover']);
    for (const drill of run.drills) {
      // The message carries the drill's stories of lost and duplicated sign-ins, to explain a failure.
      expect(drill, `${drill.name} ${JSON.stringify(drill.extra)}`).toMatchObject({ lost: 0, duplicated: 0, httpOther5xx: 0, unexpectedExits: 0 });
      expect(drill.confirmed, drill.name).toBeGreaterThan(0);
      expect(drill.delivered, drill.name).toBe(drill.confirmed);
    }
    const drain = run.drills.find((drill) => drill.name === 'graceful drain')!;
    expect(drain.extra).toMatchObject({ exitCode: 0, listeningElsewhere: drain.pairings });
    // A node started while Redis was away said not ready, then became ready (and signed TVs in).
    const late = run.drills.find((drill) => drill.name === 'node started while Redis is away')!;
    expect(late.extra).toMatchObject({ readyzWhileAway: 503 });
    expect(Number.isFinite(late.recoveryMs)).toBe(true);
    expect(drillRows(run)).toHaveLength(DRILL_NAMES.length);
  });
});
