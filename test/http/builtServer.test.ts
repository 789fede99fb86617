import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';

// `npm start` as the README gives it: installs what is missing, builds dist/ with esbuild, and runs
// the built JavaScript (node dist/main.js, no TypeScript loader), serving the TV app built ahead.

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const started: number[] = [];
afterEach(() => {
  // npm start runs the server as its child: stop the whole process group this test started.
  for (const pid of started.splice(0)) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
});

describe('npm start', () => {
  it('builds dist/ and runs the built JavaScript, serving the TV bundle built ahead', async () => {
    const port = await freePort();
    const child = spawn('npm', ['start'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: `/tmp/tv-signin-test-${randomUUID()}`, REDIS_URL: '', LOG_LEVEL: 'silent' },
    });
    started.push(child.pid!);
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Demo account')) resolve();
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
    });
    await ready;
    expect(output).toContain('node --enable-source-maps dist/main.js');

    const base = `http://127.0.0.1:${port}`;
    const bundle = await fetch(`${base}/tv/app.js`);
    expect(bundle.status).toBe(200);
    expect(await bundle.text()).toBe(await readFile('dist/tv/app.js', 'utf8'));
    expect((await fetch(`${base}/tv`)).status).toBe(200);
    expect((await fetch(`${base}/static/site.css`)).status).toBe(200);
    expect((await fetch(`${base}/.well-known/jwks.json`)).status).toBe(200);
  }, 120_000);
});
