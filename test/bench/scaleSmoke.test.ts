import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { redisServerInstalled } from '../../bench/lib/privateRedis.ts';
import { runScale } from '../../bench/scale/run.ts';

// Proves `npm run bench:scale` still works, at a few hundred TVs instead of 100,000: server
// processes on a private Redis, TVs spread over them from two load-generator processes, Start
// Watching among them. Correctness only (every TV connected and waiting, every approved one
// signed in exactly once, every other one still waiting); the sizes and speeds are measured by
// the command itself, never asserted here.

const resultsDir = mkdtempSync(join(tmpdir(), 'scale-smoke-'));
afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

const installed = redisServerInstalled();
if (!installed) {
  if (process.env.CI) throw new Error('redis-server is not installed: the scale smoke test cannot run (CI installs it in .ci/run).');
  console.warn('NOT RUN: the scale smoke test needs redis-server on the PATH for a private Redis.');
}

describe.skipIf(!installed)('scale harness (tiny size, private Redis, several processes)', () => {
  it('holds every TV waiting and signs the approved ones in exactly once', { timeout: 120_000 }, async () => {
    const result = await runScale({ tvs: 240, nodes: 2, workers: 2, ratePerSecond: 20, seconds: 1, resultsDir, log: () => {} });
    expect(result.connected).toBe(240);
    expect(result.perNode.reduce((total, node) => total + node.tvs, 0)).toBe(240);
    expect(result).toMatchObject({ completed: 20, lost: 0, duplicated: 0, errors: 0 });
    expect(result.notApproved).toBe(220);
    expect(result.stillWaiting).toBe(220);
    expect(result.confirmToTvMs.count).toBe(20);
  });
});
