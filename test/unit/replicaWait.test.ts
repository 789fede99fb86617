import { describe, expect, it } from 'vitest';
import { keySlot, recordReplicaAcks, REPLICA_QUIET_MS, shouldWaitForReplica } from '../../server/store/scripts.ts';
import { isRedisDown } from '../../server/store/redisErrors.ts';

// A replicated script on a Redis Cluster waits (WAIT 1) for a replica only where one can answer:
// a WAIT that times out holds the node's one shared connection, and right after a failover the
// promoted master has no replica at all (issue 10: TVs answered TV-503 for 30 s and more).

describe('keySlot (the Redis Cluster slot of a key)', () => {
  it('is CRC16/XMODEM of the hashed part, mod 16384', () => {
    // Values from the cluster spec and `CLUSTER KEYSLOT` (checked against a real cluster in
    // test/store/scripts.contract.test.ts).
    expect(keySlot('123456789')).toBe(0x31c3 % 16384);
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('user1000'));
    expect(keySlot('tvs:pairing:{ABCDEFGH}')).toBe(keySlot('ABCDEFGH'));
  });
});

describe('shouldWaitForReplica', () => {
  const master = '127.0.0.1:7000';
  const replica = '127.0.0.1:7003';

  it('waits while the slot has a replica that answers', () => {
    const cluster = { slots: [[master, replica]] };
    expect(shouldWaitForReplica(cluster, 0, 1_000)).toEqual({ wait: true, master });
    recordReplicaAcks(cluster, master, 1, 1_000);
    expect(shouldWaitForReplica(cluster, 0, 1_001).wait).toBe(true);
  });

  it('does not wait where the slot map lists no replica (just after a failover)', () => {
    expect(shouldWaitForReplica({ slots: [[master]] }, 0)).toEqual({ wait: false, master });
  });

  it('waits when the slot map is not known yet (the pipeline waits for it)', () => {
    expect(shouldWaitForReplica({ slots: [] }, 5).wait).toBe(true);
  });

  it('after a WAIT no replica answered, skips the wait for a while, then lets one write probe', () => {
    const cluster = { slots: [[master, replica]] };
    recordReplicaAcks(cluster, master, 0, 10_000);
    expect(shouldWaitForReplica(cluster, 0, 10_001).wait).toBe(false);
    expect(shouldWaitForReplica(cluster, 0, 10_000 + REPLICA_QUIET_MS - 1).wait).toBe(false);
    // The quiet period is over: exactly one write probes, the others go on without waiting.
    expect(shouldWaitForReplica(cluster, 0, 10_000 + REPLICA_QUIET_MS).wait).toBe(true);
    expect(shouldWaitForReplica(cluster, 0, 10_000 + REPLICA_QUIET_MS + 1).wait).toBe(false);
    // The probe's WAIT failed (no answer at all): the next write probes again.
    recordReplicaAcks(cluster, master, undefined, 12_000);
    expect(shouldWaitForReplica(cluster, 0, 12_001).wait).toBe(true);
    // The replica answers again: every write waits again.
    recordReplicaAcks(cluster, master, 1, 12_002);
    expect(shouldWaitForReplica(cluster, 0, 12_003).wait).toBe(true);
    expect(shouldWaitForReplica(cluster, 0, 12_004).wait).toBe(true);
  });

  it('keeps masters and Cluster clients apart', () => {
    const one = { slots: [[master, replica], ['127.0.0.1:7001', '127.0.0.1:7004']] };
    const other = { slots: [[master, replica]] };
    recordReplicaAcks(one, master, 0, 0);
    expect(shouldWaitForReplica(one, 0, 1).wait).toBe(false);
    expect(shouldWaitForReplica(one, 1, 1).wait).toBe(true);
    expect(shouldWaitForReplica(other, 0, 1).wait).toBe(true);
  });
});

describe('isRedisDown: a failover under way is 503, not 500', () => {
  it.each([
    'MOVED 3999 127.0.0.1:6381',
    'ASK 3999 127.0.0.1:6381',
    'CLUSTERDOWN The cluster is down',
    'Too many Cluster redirections. Last error: MOVED 3999 127.0.0.1:6381',
    'All keys in the pipeline should belong to the same slots allocation group',
    'Command timed out',
    'Connection is closed.',
  ])('%s', (message) => {
    expect(isRedisDown(new Error(message))).toBe(true);
  });

  it('but not a script error or a bug', () => {
    expect(isRedisDown(new Error('ERR Error running script: unknown pairing state'))).toBe(false);
    expect(isRedisDown(new TypeError("Cannot read properties of undefined (reading 'MOVED')"))).toBe(false);
  });
});
