import { spawn } from 'node:child_process';

// Runs one of the real entry points (app/main.ts, server/cli/accounts.ts) as an operator would,
// collecting its output; `until` resolves `seen` when the output matches.

const tsx = 'node_modules/.bin/tsx';

export function runEntryPoint(args: string[], env: Record<string, string>, until?: RegExp) {
  const child = spawn(tsx, args, { env: { ...process.env, LOG_LEVEL: 'silent', ...withoutInheritedRedis(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const seen = new Promise<void>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (until?.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, seen, exited, output: () => output };
}

/** The test run's own Redis Cluster address (.ci/run exports it) must not leak into an entry point
 *  that a test starts with REDIS_URL or no Redis at all: a test says which store it wants. */
function withoutInheritedRedis(): Record<string, string> {
  return { REDIS_CLUSTER_NODES: '' };
}
