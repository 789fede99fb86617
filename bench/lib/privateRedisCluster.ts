import { spawnSync } from 'node:child_process';
import { atThisProcessExit } from './killWithThisProcess.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from './serverNodes.ts';
import { sleep } from './time.ts';

// A real Redis Cluster of our own: Debian's redis-server in cluster mode, 3 masters and 3
// replicas on free loopback ports, everything in a temp dir, nothing persisted. Tests, the drill
// and CI (`.ci/run`, through privateRedisClusterCli.ts) all start it here, so there is one recipe.
//
// The processes are daemonized with pid files in the temp dir: `stop()` (or the CLI's `stop`)
// ends exactly the processes this module started, and a test run that dies leaves a dir that says
// which ones. cluster-node-timeout is 1 s so a killed master's replica takes over in ~2 s (the
// default, 15 s, would make a failover drill mostly waiting).

export interface ClusterNode {
  port: number;
  pid: number;
}

export interface PrivateRedisCluster {
  /** `host:port,host:port,…` of every node: the value of REDIS_CLUSTER_NODES. */
  nodes: string;
  dir: string;
  /** The current masters (asks the cluster, so it is right after a failover). */
  masters(): Promise<ClusterNode[]>;
  /** SIGKILLs one master and resolves once its replica has taken over its slots. */
  killMaster(port: number): Promise<{ promotedPort: number; failoverMs: number }>;
  /** Starts a killed node again with its old config: it rejoins as a replica of its successor. */
  restartNode(port: number): Promise<void>;
  stop(): Promise<void>;
}

export const NODE_TIMEOUT_MS = 1000;
const MASTERS = 3;
const READY_TIMEOUT_MS = 30_000;

export function redisClusterToolsInstalled(): boolean {
  const ok = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
  return ok('redis-server') && ok('redis-cli');
}

function startNode(dir: string, port: number, busPort: number): void {
  const args = [
    '--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1',
    '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
    '--cluster-node-timeout', String(NODE_TIMEOUT_MS),
    // A replica whose master died takes over even if it lost touch with it a while ago.
    '--cluster-replica-validity-factor', '0',
    // Masters ping their replicas every second (default 10 s): a replica whose replication offset
    // the cluster still knows as 0 is left out of CLUSTER SLOTS (Redis 7), so a fresh cluster's
    // clients would see no replicas — and replicated scripts not wait for one — for up to 10 s.
    '--repl-ping-replica-period', '1',
    '--dir', dir, '--save', '', '--appendonly', 'no',
    '--daemonize', 'yes', '--pidfile', join(dir, `${port}.pid`), '--logfile', join(dir, `${port}.log`),
  ];
  const result = spawnSync('redis-server', args, { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`redis-server on port ${port} did not start`);
}

function logTail(dir: string, port: number): string {
  try {
    return readFileSync(join(dir, `${port}.log`), 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    return 'no log';
  }
}

function pidOf(dir: string, port: number): number {
  return Number(readFileSync(join(dir, `${port}.pid`), 'utf8').trim());
}

/** SIGKILLs the redis-server we started on this port; checks the pid is still that process first. */
function killNode(dir: string, port: number): void {
  try {
    const pid = pidOf(dir, port);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (cmdline.includes('redis-server') && cmdline.includes(`:${port}`)) process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = READY_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`private Redis Cluster: timed out waiting for ${what}`);
    await sleep(100);
  }
}

async function withNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** Masters that own slots, as one live node sees it (`CLUSTER NODES`). */
async function mastersSeenBy(port: number): Promise<{ port: number; slots: boolean }[]> {
  const text = (await withNode(port, (redis) => redis.call('CLUSTER', 'NODES'))) as string;
  return text
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .filter((parts) => parts[2]!.includes('master') && !parts[2]!.includes('fail'))
    .map((parts) => ({ port: Number(parts[1]!.split(':')[1]!.split('@')[0]), slots: parts.length > 8 }));
}

async function clusterOk(port: number): Promise<boolean> {
  const info = (await withNode(port, (redis) => redis.call('CLUSTER', 'INFO'))) as string;
  return info.includes('cluster_state:ok');
}

/**
 * outliveThisProcess: the nodes keep running when the starting process exits (`.ci/run` starts the
 * cluster with a CLI that exits at once); otherwise they are killed with it, however it exits.
 */
export async function startPrivateRedisCluster(options: { outliveThisProcess?: boolean } = {}): Promise<PrivateRedisCluster> {
  if (!redisClusterToolsInstalled()) throw new Error('redis-server and redis-cli are needed for a private Redis Cluster');
  const dir = mkdtempSync(join(tmpdir(), 'tvs-redis-cluster-'));
  const ports: number[] = [];
  const alive = new Set<number>();
  const busPorts = new Map<number, number>();
  const stopNow = () => {
    for (const port of alive) killNode(dir, port);
    alive.clear();
    rmSync(dir, { recursive: true, force: true });
  };
  const cancelExitStop = options.outliveThisProcess ? () => {} : atThisProcessExit(stopNow);
  const stop = async () => {
    cancelExitStop();
    stopNow();
  };
  writeFileSync(join(dir, 'ports'), '');
  try {
    const taken = new Set<number>();
    const unusedPort = async () => {
      // The OS may hand a just-released port out again: never use one twice in one cluster.
      for (;;) {
        const port = await freePort();
        if (taken.has(port)) continue;
        taken.add(port);
        return port;
      }
    };
    for (let i = 0; i < MASTERS * 2; i++) {
      // A port picked as free can be taken by someone else before redis-server binds it: then
      // that node does not answer, and it is started again on other ports.
      for (let attempt = 1; ; attempt++) {
        const port = await unusedPort();
        const busPort = await unusedPort();
        startNode(dir, port, busPort);
        alive.add(port);
        writeFileSync(join(dir, 'ports'), [...alive].join('\n'));
        const answers = await waitFor(`node ${port}`, async () => ((await withNode(port, (r) => r.ping())) === 'PONG' ? true : undefined), 10_000).catch(() => false);
        if (answers) {
          ports.push(port);
          busPorts.set(port, busPort);
          break;
        }
        killNode(dir, port);
        alive.delete(port);
        if (attempt === 3) throw new Error(`redis-server did not answer on port ${port}: ${logTail(dir, port)}`);
      }
    }
    // redis-cli assigns slots evenly, pairs each master with a replica and waits for the join.
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], {
      encoding: 'utf8',
    });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    await waitFor('cluster_state:ok on every node', async () => ((await Promise.all(ports.map(clusterOk))).every(Boolean) ? true : undefined));
    await waitFor('replicas in sync', async () => {
      const synced = await Promise.all(
        ports.map((port) => withNode(port, async (r) => {
          const info = await r.info('replication');
          return info.includes('role:master') || info.includes('master_link_status:up');
        })),
      );
      return synced.every(Boolean) ? true : undefined;
    });
    // What clients see: every node's CLUSTER SLOTS names a replica for every slot range.
    await waitFor('replicas listed in CLUSTER SLOTS', async () => {
      const listed = await Promise.all(
        ports.map((port) => withNode(port, async (r) => ((await r.call('CLUSTER', 'SLOTS')) as unknown[][]).every((range) => range.length >= 4))),
      );
      return listed.every(Boolean) ? true : undefined;
    });
  } catch (error) {
    await stop();
    throw error;
  }

  const anyAlive = () => [...alive][0]!;
  const masters = async () => (await mastersSeenBy(anyAlive())).filter((m) => m.slots).map((m) => ({ port: m.port, pid: pidOf(dir, m.port) }));

  return {
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    dir,
    masters,
    async killMaster(port) {
      const replicaPorts = ports.filter((p) => p !== port && alive.has(p));
      const before = new Set((await masters()).map((m) => m.port));
      const started = Date.now();
      killNode(dir, port);
      alive.delete(port);
      const promotedPort = await waitFor('a replica to take over', async () => {
        const now = await mastersSeenBy(replicaPorts[0]!);
        const promoted = now.find((m) => m.slots && !before.has(m.port));
        if (!promoted) return undefined;
        return (await Promise.all(replicaPorts.map(clusterOk))).every(Boolean) ? promoted.port : undefined;
      });
      return { promotedPort, failoverMs: Date.now() - started };
    },
    async restartNode(port) {
      startNode(dir, port, busPorts.get(port)!);
      alive.add(port);
      await waitFor(`node ${port} back`, async () => ((await clusterOk(port)) ? true : undefined));
    },
    stop,
  };
}

/** Stops a cluster started by another process (the CI script): its dir lists the ports. */
export function stopPrivateRedisClusterIn(dir: string): void {
  const ports = readFileSync(join(dir, 'ports'), 'utf8').split('\n').filter(Boolean).map(Number);
  for (const port of ports) killNode(dir, port);
  rmSync(dir, { recursive: true, force: true });
}
