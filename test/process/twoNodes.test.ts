import { afterEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../bench/lib/serverNodes.ts';
import { startServerProcess, redisProblemsIn, type ServerProcess } from './serverProcess.ts';
import { pairOverNetwork } from './pairOverNetwork.ts';
import { realRedis, redisUrlWithDb } from './requireRedis.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';

// Two `npm start` processes behind one public address, as behind a load balancer: the TV waits on
// one, the phone presses Start Watching on the other, and the push crosses through Redis.

describe.skipIf(!realRedis.available)('two npm start processes on one Redis', () => {
  const running: ServerProcess[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
  });

  it('signs in a TV waiting on node A when Start Watching is pressed on node B, both ways', async () => {
    const portA = await freePort();
    const env = {
      REDIS_URL: redisUrlWithDb(7),
      REDIS_PREFIX: `proc:${randomUUID().slice(0, 8)}:`,
      PUBLIC_URL: `http://127.0.0.1:${portA}`,
      // One deployment: the same development keys and secret on both nodes.
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tv-signin-two-nodes-')),
    };
    const a = await startServerProcess(env, { port: portA });
    running.push(a);
    const b = await startServerProcess(env);
    running.push(b);
    const login = { login: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password, pushWithinMs: 2000 };
    const aToB = await pairOverNetwork({ tvNode: a, phoneNode: b, ...login });
    const bToA = await pairOverNetwork({ tvNode: b, phoneNode: a, ...login });
    expect(aToB.pushMs).toBeLessThan(2000);
    expect(bToA.pushMs).toBeLessThan(2000);
    for (const server of running.splice(0)) {
      expect(await server.stop(), server.output()).toBe(0);
      expect(redisProblemsIn(server.output())).toEqual([]);
    }
  }, 90_000);
});
