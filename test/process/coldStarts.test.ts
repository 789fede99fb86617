import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startServerProcess, redisProblemsIn } from './serverProcess.ts';
import { pairOverNetwork } from './pairOverNetwork.ts';
import { realRedis, redisUrlWithDb } from './requireRedis.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';
import { productionEnv, createAccountWithCli } from './productionEnv.ts';
import { freePort } from '../../bench/lib/serverNodes.ts';

// Cold starts of `npm start` on real Redis, as operators run it, each followed by one whole
// sign-in over the network. The start-up race this guards against (SUBSCRIBE sent during the
// connection handshake) hit about half of all starts; twenty starts leave it no place to hide.

const STARTS_PER_MODE = 10;
/** npm start, Redis, one sign-in and a graceful stop; generous for a busy machine. */
const START_TEST_TIMEOUT_MS = 60_000;
const PUSH_WITHIN_MS = 2000;
const timesToReady: number[] = [];
const METRICS_TOKEN = `metrics-${randomUUID()}`;

afterAll(() => {
  if (timesToReady.length === 0) return;
  const sorted = [...timesToReady].sort((a, b) => a - b);
  console.log(`process tier: ${sorted.length} cold starts ready; time to ready min ${sorted[0]} / median ${sorted[Math.floor(sorted.length / 2)]} / max ${sorted.at(-1)} ms`);
});

/** Where the operator's scraper reads this start's metrics: the main port, or METRICS_PORT. */
interface MetricsScrape {
  port?: number;
  token?: string;
}

async function coldStartSignsATvIn(env: Record<string, string>, login: { login: string; password: string }, scrape: MetricsScrape) {
  const server = await startServerProcess({ ...env, ...(scrape.port ? { METRICS_PORT: String(scrape.port) } : {}), ...(scrape.token ? { METRICS_TOKEN: scrape.token } : {}) });
  timesToReady.push(server.msToReady);
  try {
    const result = await pairOverNetwork({ tvNode: server, phoneNode: server, ...login, pushWithinMs: PUSH_WITHIN_MS });
    expect(result.pushMs).toBeLessThan(PUSH_WITHIN_MS);
    // The sign-in shows in the metrics an operator scrapes.
    const metricsUrl = scrape.port ? `http://127.0.0.1:${scrape.port}/metrics` : `${server.baseUrl}/metrics`;
    const metrics = await fetch(metricsUrl, { headers: scrape.token ? { authorization: `Bearer ${scrape.token}` } : {} });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('tv_signin_pairings_total{outcome="delivered"} 1');
    if (scrape.port) expect((await fetch(`${server.baseUrl}/metrics`)).status).toBe(404);
  } finally {
    const code = await server.stop();
    expect(redisProblemsIn(server.output())).toEqual([]);
    expect(code, server.output()).toBe(0);
  }
}

describe.skipIf(!realRedis.available)('cold starts of npm start (development keys in DATA_DIR)', () => {
  for (let i = 0; i < STARTS_PER_MODE; i++) {
    const db = [0, 7, 11][i % 3]!;
    it(`start ${i + 1} on redis /${db}: ready, then a TV is signed in by push`, async () => {
      await coldStartSignsATvIn(
        { REDIS_URL: redisUrlWithDb(db), REDIS_PREFIX: `proc:${randomUUID().slice(0, 8)}:` },
        { login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password },
        // Every other start serves /metrics on a port of its own, the rest on the main port.
        i % 2 === 1 ? { port: await freePort() } : {},
      );
    }, START_TEST_TIMEOUT_MS);
  }
});

describe.skipIf(!realRedis.available)('cold starts of npm start (NODE_ENV=production)', () => {
  const prefix = `proc:${randomUUID().slice(0, 8)}:`;
  const account = { login: `viewer-${randomUUID().slice(0, 8)}@example.com`, password: 'a long production passphrase' };
  let env: Record<string, string>;

  for (let i = 0; i < STARTS_PER_MODE; i++) {
    const db = [0, 7, 11][i % 3]!;
    it(`start ${i + 1} on redis /${db}: ready, then a TV is signed in by push`, async () => {
      env ??= await productionEnv(prefix);
      const redisEnv = { ...env, REDIS_URL: redisUrlWithDb(db) };
      await createAccountWithCli(redisEnv, account, db);
      await coldStartSignsATvIn(redisEnv, account, { token: METRICS_TOKEN });
    }, START_TEST_TIMEOUT_MS);
  }
});
