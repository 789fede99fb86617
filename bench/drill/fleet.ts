import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateSigningJwk } from '../../server/tokens/signingKeys.ts';
import { DEMO_ACCOUNT } from '../../server/accounts/demoAccount.ts';
import { signInCompanion, type Companion } from '../lib/companion.ts';
import { startServerNode, type ServerNode } from '../lib/serverNodes.ts';
import { nowMs } from '../lib/time.ts';

// The drill's server nodes behind a stand-in load balancer: real `app/main.ts` processes on one
// Redis (or Redis Cluster), which the drill kills (SIGKILL), drains (SIGTERM) and restarts. New
// connections go to a random node that is up and not draining, as a load balancer's health check
// would have it; a node being killed is not known to be down until its sockets fail.

export interface RedisTarget {
  /** What the nodes get in their environment: REDIS_URL, or REDIS_CLUSTER_NODES for a cluster. */
  env: Record<string, string>;
  /** For the drill's own look-ups (device sessions per account). */
  url: string;
  /** host:port of each cluster node when the target is a Redis Cluster. */
  clusterNodes?: string[];
}

export interface FleetNode {
  index: number;
  node: ServerNode;
  /** False from the moment it is drained; a killed node stays "up" until it is replaced. */
  routable: boolean;
}

export interface Fleet {
  prefix: string;
  companion: Companion;
  /** The load balancer's choice for a new connection. */
  pick(): { baseUrl: string; wsUrl: string };
  /** Every new connection goes to this node (or back to all with undefined): for loading one node. */
  pin(index: number | undefined): void;
  nodes(): FleetNode[];
  /** SIGKILL, then a new process in its place (on a new port); resolves when the new one serves. */
  killAndRestart(index: number): Promise<{ restartMs: number }>;
  /** SIGTERM (graceful drain): resolves with its exit code and how long it took. */
  drain(index: number): Promise<{ exitCode: number | null; ms: number }>;
  /**
   * Starts one more node (not routed to by pick()); with whenListening it resolves as soon as the
   * node answers HTTP at all, ready or not (a node started while Redis is away).
   */
  addNode(options?: { whenListening?: boolean }): Promise<FleetNode>;
  /** Processes that exited without the drill asking (a crash during a Redis outage, say). */
  unexpectedExits(): number;
  close(): Promise<void>;
}

/** Restarting a node on a machine this loaded (three nodes, Redis and the load generator on 2 cores) is slow. */
const STARTUP_TIMEOUT_MS = 120_000;

export async function startFleet(options: { redis: RedisTarget; nodeCount: number; resultsDir: string; label: string; logLevel?: string }): Promise<Fleet> {
  const prefix = `drill:${options.label}:${randomBytes(4).toString('hex')}:`;
  const signingKeyJwk = JSON.stringify(await generateSigningJwk());
  const appSecret = randomBytes(32).toString('base64url');
  const members: FleetNode[] = [];
  const expectedExit = new WeakSet<ServerNode>();
  let unexpected = 0;
  let pinned: number | undefined;
  let generation = 0;

  const extras: FleetNode[] = [];

  async function launch(index: number, waitFor: 'ready' | 'listening' = 'ready'): Promise<FleetNode> {
    const node = await startServerNode({
      waitFor,
      name: `${options.label}-${index}`,
      redisUrl: options.redis.url,
      prefix,
      signingKeyJwk,
      appSecret,
      publicUrl: members[0]?.node.baseUrl,
      logFile: join(options.resultsDir, `drill-${options.label}-${index}-${generation++}.log`),
      env: { LOG_LEVEL: options.logLevel ?? 'warn', ...options.redis.env },
      startupTimeoutMs: STARTUP_TIMEOUT_MS,
    });
    void node.exited.then(() => {
      if (!expectedExit.has(node)) unexpected += 1;
    });
    return { index, node, routable: true };
  }

  for (let i = 0; i < options.nodeCount; i++) members.push(await launch(i));
  const companion = await signInCompanion(members[0]!.node.baseUrl, DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);

  return {
    prefix,
    companion,
    pick() {
      const candidates = pinned !== undefined ? [members[pinned]!] : members.filter((member) => member.routable);
      const chosen = candidates[Math.floor(Math.random() * candidates.length)] ?? members[0]!;
      return chosen.node;
    },
    pin(index) {
      pinned = index;
    },
    nodes: () => [...members],
    async killAndRestart(index) {
      const old = members[index]!;
      expectedExit.add(old.node);
      old.node.signal('SIGKILL');
      await old.node.exited;
      old.routable = false;
      const startedAt = nowMs();
      // On a saturated machine a start-up can die on its first Redis command timing out; a
      // supervisor (systemd, Kubernetes) starts it again, and so does the drill, once.
      members[index] = await launch(index).catch(() => launch(index));
      return { restartMs: Math.round(nowMs() - startedAt) };
    },
    async drain(index) {
      const member = members[index]!;
      member.routable = false;
      if (pinned === index) pinned = undefined;
      expectedExit.add(member.node);
      const startedAt = nowMs();
      member.node.signal('SIGTERM');
      const { code } = await member.node.exited;
      return { exitCode: code, ms: Math.round(nowMs() - startedAt) };
    },
    async addNode(addOptions = {}) {
      const member = await launch(members.length + extras.length, addOptions.whenListening ? 'listening' : 'ready');
      member.routable = false;
      extras.push(member);
      return member;
    },
    unexpectedExits: () => unexpected,
    async close() {
      companion.close();
      for (const member of [...members, ...extras]) expectedExit.add(member.node);
      await Promise.all([...members, ...extras].map((member) => member.node.stop()));
    },
  };
}
