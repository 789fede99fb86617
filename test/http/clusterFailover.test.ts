import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisKeys } from '../../server/store/keys.ts';
import { redisClusterToolsInstalled, startPrivateRedisCluster, type PrivateRedisCluster } from '../../bench/lib/privateRedisCluster.ts';
import { connectRedis, type RedisConnections } from '../../server/store/redisClient.ts';
import type { Backend } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { TestTv, settle } from '../helpers/tvSocket.ts';
import { Browser, startPairing } from '../helpers/companion.ts';

// A master of the Redis Cluster dies while TVs wait on one server node and a phone approves them
// on another; its replica takes over (about 2 s with cluster-node-timeout 1 s); one TV on that
// master is approved only after the failover. Every TV must get its token exactly once: approvals
// that hit the dying shard are retried by the phone like a person pressing again after an error
// page, TVs told TV-503 meanwhile listen again as the TV app does, and TVs whose events were lost
// while their shard's subscription moved are found again when the subscription comes back. The
// cluster is this test's own (it kills a node), not the one the other cluster runs share.

const TVS = 24;
const toolsInstalled = redisClusterToolsInstalled();
if (!toolsInstalled) {
  const reason = 'redis-server/redis-cli are not installed';
  if (process.env.CI === 'true') throw new Error(`${reason}; CI requires the Redis Cluster failover test.`);
  console.warn(`SKIPPING the Redis Cluster failover test: ${reason}.`);
}

describe.skipIf(!toolsInstalled)('a Redis Cluster master failover', () => {
  let redisCluster: PrivateRedisCluster | undefined;
  let cluster: TestCluster | undefined;

  beforeAll(async () => {
    redisCluster = await startPrivateRedisCluster();
  }, 60_000);

  afterAll(async () => {
    await cluster?.close();
    await redisCluster?.stop();
  });

  it('loses no sign-in when a master is killed while phones approve', async () => {
    const seeds = redisCluster!.nodes.split(',');
    const backend: Backend = {
      name: 'redis-cluster',
      available: true,
      connect: (): RedisConnections => connectRedis({ clusterNodes: seeds }),
      connectAlongside: (): RedisConnections => connectRedis({ clusterNodes: seeds }),
    };
    cluster = await startCluster(backend, { count: 2 });
    const [nodeA, nodeB] = cluster.nodes;
    const waiting = await Promise.all(
      Array.from({ length: TVS }, async () => {
        const start = await startPairing(nodeA!.baseUrl);
        const tv = await TestTv.connect(nodeA!.wsUrl);
        tv.listen(start.device_code);
        await tv.next('pending');
        return { start, tv, stopRelistening: relistenOnError(tv, start.device_code) };
      }),
    );
    const phone = new Browser(nodeB!.baseUrl);
    expect((await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password)).status).toBe(303);

    // The master holding the first TV's pairing dies; some TVs' pairings live on it.
    const slotOf = async (code: string) => Number(await nodeA!.connections.commands.call('CLUSTER', 'KEYSLOT', createRedisKeys(nodeA!.prefix).pairing(code.replace('-', ''))));
    const slots = await Promise.all(waiting.map(({ start }) => slotOf(start.user_code)));
    const masters = await redisCluster!.masters();
    const victim = await masterOwning(slots[0]!);
    const onVictim = slots.filter((slot) => victim.slots.has(slot)).length;
    expect(masters.length).toBe(3);
    expect(onVictim).toBeGreaterThan(0);

    let retried = 0;
    const approve = async (userCode: string) => {
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; await settle(200)) {
        const status = (await phone.decide(userCode, 'approve').catch(() => ({ status: 0 }))).status;
        if (status === 303) return;
        retried += 1;
      }
      throw new Error(`could not approve ${userCode} within 20 s`);
    };
    // Approvals spread over 2.4 s; the master dies 0.5 s in, so some land before, during and after.
    // The first TV (its pairing is on the killed master) waits through the whole failover and is
    // approved only after the replica took over and the re-checks that follow a re-subscription are
    // over: its event can reach node A only through the SSUBSCRIBE that moved to the new master.
    const [held, ...others] = waiting;
    const approvals = others.map(({ start }, i) => settle((i + 1) * 100).then(() => approve(start.user_code)));
    const failover = settle(500).then(() => redisCluster!.killMaster(victim.port));
    const [{ failoverMs }] = await Promise.all([failover, ...approvals]);
    await settle(2_000);
    // The held TV listens again with its code, as the TV app does after TV-503 or a reconnect: the
    // node drops and re-adds its subscription in one tick, and must still hear the approval.
    const pendingBefore = held!.tv.count('pending');
    held!.tv.listen(held!.start.device_code);
    for (const deadline = Date.now() + 5_000; held!.tv.count('pending') === pendingBefore && Date.now() < deadline; ) await settle(50);
    const heldApprovedAt = Date.now();
    await approve(held!.start.user_code);
    await held!.tv.next('approved', 10_000);
    const heldMs = Date.now() - heldApprovedAt;

    // As long as the drill gives a TV (30 s): on this shared 2-core machine a node's slot map can
    // lag the failover by seconds.
    for (const { tv } of waiting) await tv.next('approved', 30_000);
    await settle(500);
    const approvedCounts = waiting.map(({ tv }) => tv.count('approved'));
    expect(approvedCounts).toEqual(waiting.map(() => 1));
    const errors = waiting.reduce((sum, { tv }) => sum + tv.count('error'), 0);
    console.info(`cluster failover: ${TVS} TVs (${onVictim} on the killed master), failover ${failoverMs} ms, ${retried} approvals retried, ${errors} TV-503 answers to waiting TVs, all delivered once; a TV approved 2 s after the failover got its token ${heldMs} ms after Start Watching`);

    // And the cluster keeps working after it: a fresh pairing on the promoted master's slots.
    const after = await startPairing(nodeA!.baseUrl);
    const tv = await TestTv.connect(nodeB!.wsUrl);
    tv.listen(after.device_code);
    await tv.next('pending');
    await approve(after.user_code);
    await tv.next('approved');
    for (const { tv: each, stopRelistening } of waiting) {
      stopRelistening();
      await each.close();
    }
    await tv.close();

    /** What the TV app does when told the service is unavailable (TV-503): listen again with its code. */
    function relistenOnError(tv: TestTv, deviceCode: string): () => void {
      let handled = 0;
      const timer = setInterval(() => {
        const errors = tv.count('error');
        if (errors > handled && !tv.count('approved')) tv.listen(deviceCode);
        handled = errors;
      }, 200);
      return () => clearInterval(timer);
    }

    async function masterOwning(slot: number): Promise<{ port: number; slots: Set<number> }> {
      const probe = nodeA!.connections.commands;
      const ranges = (await probe.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][];
      const owning = ranges.find(([from, to]) => slot >= from && slot <= to)!;
      const port = owning[2][1];
      const slots = new Set<number>();
      for (const [from, to, [, p]] of ranges) if (p === port) for (let s = from; s <= to; s++) slots.add(s);
      return { port, slots };
    }
  }, 90_000);
});
