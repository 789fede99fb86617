import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { runBenchmark, type BenchResult } from '../../bench/run.ts';
import { tableRows } from '../../bench/report.ts';

// Proves `npm run bench` still works: the whole harness at its tiny size (a few pairings per part)
// against real Redis. Correctness only: every pairing signs in, no token is lost or duplicated, every
// part reports. Speed is never asserted here; it is measured by `npm run bench`.

const realRedis = BACKENDS.find((backend) => backend.name === 'redis')!;
const resultsDir = mkdtempSync(join(tmpdir(), 'bench-smoke-'));
afterAll(() => rmSync(resultsDir, { recursive: true, force: true }));

/** Without --only every part runs; this says so to the type checker (and checks it). */
function everyPart(result: BenchResult) {
  const { throughput, twoNodeThroughput, confirmLatency, idleSockets, redisCost, codeIssuing, polling } = result;
  if (!throughput || !twoNodeThroughput || !confirmLatency || !idleSockets || !redisCost || !codeIssuing || !polling) throw new Error('a part of the benchmark did not run');
  return { ...result, throughput, twoNodeThroughput, confirmLatency, idleSockets, redisCost, codeIssuing, polling };
}

describe.skipIf(!realRedis.available)('benchmark harness (tiny size, real Redis)', () => {
  it('runs every part and signs every TV in exactly once', { timeout: 120_000 }, async () => {
    const { result: partial, file } = await runBenchmark({ size: 'tiny', resultsDir });
    const result = everyPart(partial);

    expect(JSON.parse(readFileSync(file, 'utf8')).size).toBe('tiny');
    const [step] = result.throughput.steps;
    expect(step).toMatchObject({ errors: 0, lost: 0, duplicated: 0, completed: 5 });
    expect(result.twoNodeThroughput.steps[0]).toMatchObject({ errors: 0, lost: 0, duplicated: 0, completed: 5 });
    for (const latencyCase of [result.confirmLatency.sameNode, result.confirmLatency.acrossNodes]) {
      expect(latencyCase).toMatchObject({ errors: 0, lost: 0, duplicated: 0 });
      expect(latencyCase.confirmToTvMs.count).toBe(5);
    }
    expect(result.idleSockets.points.map((point) => point.connections)).toEqual([20]);
    expect(result.redisCost).toMatchObject({ pairings: 3, errors: 0 });
    expect(result.redisCost.requestsPerPairing).toBeGreaterThan(0);
    expect(result.redisCost.roundTripsPerPairing).toBeGreaterThan(0);
    expect(result.redisCost.requestsByStep.startWatchingToToken).toBeGreaterThan(0);
    expect(result.codeIssuing.ours).toMatchObject({ errors: 0 });
    expect(result.codeIssuing.oidcProvider).toMatchObject({ errors: 0 });
    expect(result.codeIssuing.oidcProvider.requests).toBeGreaterThan(0);
    expect(result.codeIssuing.floor).toMatchObject({ errors: 0 });
    expect(result.codeIssuing.floor?.requests).toBeGreaterThan(0);
    if (result.polling.available) expect(result.polling).toMatchObject({ errors: 0, lost: 0 });
    expect(tableRows(partial).length).toBeGreaterThan(8);
  });
});
