import { spawn, type ChildProcess } from 'node:child_process';
import { killWithThisProcess } from './killWithThisProcess.ts';
import { createServer } from 'node:net';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sleep } from './time.ts';
import { buildAll } from '../../scripts/build.ts';

// Real server processes for the benchmark: the built `dist/main.js` exactly as `npm start` runs
// it (built once per benchmark run), plus the read-only probe (nodeProbe.ts) for memory and Redis
// counts. Output goes to a log file in
// bench/results so a failed run can be looked into.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;

export interface ServerNode {
  name: string;
  pid: number;
  baseUrl: string;
  wsUrl: string;
  ask<T>(type: 'memory' | 'redisCount' | 'eventLoop'): Promise<T>;
  stop(): Promise<void>;
  /** Sends a signal (the drills' SIGKILL and SIGTERM); `exited` resolves when the process is gone. */
  signal(name: NodeJS.Signals): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ServerNodeOptions {
  name: string;
  redisUrl: string;
  prefix: string;
  signingKeyJwk: string;
  appSecret: string;
  logFile: string;
  /** The first node's URL: every node of one cluster hands out the same links and issuer. */
  publicUrl?: string;
  env?: Record<string, string>;
  /** How long it may take to start serving (the failure drills restart nodes on a loaded machine). */
  startupTimeoutMs?: number;
  /** 'ready' (default): resolve once /readyz says 200; 'listening': once it answers at all (a 503 too). */
  waitFor?: 'ready' | 'listening';
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

let built: Promise<void> | undefined;

export async function startServerNode(options: ServerNodeOptions): Promise<ServerNode> {
  built ??= buildAll();
  await built;
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  return startNodeScript({
    name: options.name,
    port,
    script: 'dist/main.js',
    // The probe answers memory and Redis-count questions over IPC; it changes nothing else.
    nodeArgs: ['--expose-gc', '--import', './bench/servers/nodeProbe.ts', ...cpuProfileArgs()],
    readinessPath: '/readyz',
    logFile: options.logFile,
    startupTimeoutMs: options.startupTimeoutMs,
    waitFor: options.waitFor,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: options.publicUrl ?? baseUrl,
      REDIS_URL: options.redisUrl,
      REDIS_PREFIX: options.prefix,
      SIGNING_KEY: options.signingKeyJwk,
      APP_SECRET: options.appSecret,
      DEMO_ACCOUNT: 'true',
      LOG_LEVEL: 'warn',
      // Bench TVs share the 253 loopback addresses 127.0.0.2–254 (15,000 idle sockets: ~60 each),
      // far beyond a household's; the per-address cap is not what is measured.
      TV_SOCKETS_PER_ADDRESS: '100000',
      ...options.env,
    },
  });
}

/** BENCH_CPU_PROF_DIR=dir: every server node writes a V8 CPU profile there when it stops. */
function cpuProfileArgs(): string[] {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The servers part (5) compares ours with, each a script of its own taking PORT, REDIS_URL and REDIS_PREFIX. */
const COMPARISON_SERVERS = {
  /** oidc-provider's device flow (servers/oidcProviderServer.ts). */
  'oidc-provider': { script: 'bench/servers/oidcProviderServer.ts', readinessPath: '/.well-known/openid-configuration' },
  /** The floor: bare node:http and one Redis write per code (servers/bareCodeServer.ts). */
  'bare node:http': { script: 'bench/servers/bareCodeServer.ts', readinessPath: '/' },
} as const;
export type ComparisonServer = keyof typeof COMPARISON_SERVERS;

/** One of part (5)'s comparison servers in a process of its own. */
export async function startComparisonNode(name: ComparisonServer, options: { redisUrl: string; prefix: string; logFile: string }): Promise<ServerNode> {
  const port = await freePort();
  return startNodeScript({
    name,
    port,
    ...COMPARISON_SERVERS[name],
    nodeArgs: [],
    logFile: options.logFile,
    env: { PORT: String(port), REDIS_URL: options.redisUrl, REDIS_PREFIX: options.prefix },
  });
}

async function startNodeScript(options: {
  name: string;
  port: number;
  script: string;
  nodeArgs: string[];
  readinessPath: string;
  logFile: string;
  env: Record<string, string>;
  startupTimeoutMs?: number;
  waitFor?: 'ready' | 'listening';
}): Promise<ServerNode> {
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const log = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, ['--import', 'tsx', ...options.nodeArgs, options.script], {
    cwd: repoRoot,
    stdio: ['ignore', log, log, 'ipc'],
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  closeSync(log);
  const forget = killWithThisProcess(child.pid);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      forget();
      resolve({ code, signal });
    }),
  );
  await waitUntilServing(child, `${baseUrl}${options.readinessPath}`, options.name, options.startupTimeoutMs ?? STARTUP_TIMEOUT_MS, options.waitFor ?? 'ready');
  return {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    wsUrl: `ws://127.0.0.1:${options.port}/ws/tv`,
    ask: (type) => askProbe(child, type),
    stop: () => stopChild(child),
    signal: (name) => void child.kill(name),
    exited,
  };
}

async function waitUntilServing(child: ChildProcess, readinessUrl: string, name: string, timeoutMs: number, waitFor: 'ready' | 'listening'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server node ${name} exited with ${child.exitCode}; see its log in bench/results`);
    try {
      const response = await fetch(readinessUrl);
      if (response.ok || waitFor === 'listening') return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`server node ${name} did not start within ${timeoutMs} ms`);
}

let nextRequestId = 1;
function askProbe<T>(child: ChildProcess, type: string): Promise<T> {
  const id = nextRequestId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`probe did not answer ${type}`)), 30_000);
    const onMessage = (message: { id: number; body?: T; error?: string }) => {
      if (message.id !== id) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      if (message.error) reject(new Error(message.error));
      else resolve(message.body as T);
    };
    child.on('message', onMessage);
    child.send({ id, type });
  });
}

/** SIGTERM (the server's graceful shutdown), then SIGKILL if it is still there after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
