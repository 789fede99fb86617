import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../bench/lib/serverNodes.ts';

// The process an operator starts, exactly as README.md says: `npm start`, in the repository, with
// nothing but environment variables. The test talks to it only over the network.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const READY_TIMEOUT_MS = 30_000;

export interface ServerProcess {
  baseUrl: string;
  wsUrl: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  msToReady: number;
  output(): string;
  /** SIGTERM to the command the operator started; resolves with its exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL to the whole process group (a node that dies). */
  kill(): Promise<void>;
}

export async function startServerProcess(env: Record<string, string>, options: { port?: number; waitReady?: boolean } = {}): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  const child = spawn('npm', ['start'], {
    cwd: repoRoot,
    detached: true, // its own process group, so a kill reaches npm's children too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: baseUrl,
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tv-signin-process-')),
      ...env,
    },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const process_: ServerProcess = {
    baseUrl,
    wsUrl: `ws://127.0.0.1:${port}/ws/tv`,
    child,
    msToReady: NaN,
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => killGroup(child), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      if (child.exitCode !== null) return;
      killGroup(child);
      await exited;
    },
  };
  if (options.waitReady === false) return process_;
  try {
    await waitUntilReady(baseUrl, child, () => output);
  } catch (error) {
    await process_.kill();
    throw error;
  }
  process_.msToReady = Date.now() - startedAt;
  return process_;
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

export async function waitUntilReady(baseUrl: string, child: ChildProcess, output: () => string, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode} before it was ready:\n${output()}`);
    try {
      const response = await fetch(`${baseUrl}/readyz`);
      if (response.status === 200) return;
      last = `${response.status} ${await response.text()}`;
    } catch {
      last = 'not listening';
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`npm start was not ready within ${timeoutMs} ms (last /readyz: ${last}):\n${output()}`);
}

/** Lines of the process log that report a Redis problem: any warning or error mentioning Redis. */
export function redisProblemsIn(log: string): string[] {
  return log.split('\n').filter((line) => /redis|ECONNREFUSED|subscriber mode/i.test(line) && /warn|error|"level":(40|50|60)/i.test(line));
}
