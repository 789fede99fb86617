import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateSigningJwk } from '../../server/tokens/signingKeys.ts';

// What an operator sets for NODE_ENV=production: every variable production requires. Mail and
// SMS point at local addresses; no test here sends any.

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export async function productionEnv(prefix: string): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    REDIS_PREFIX: prefix,
    SIGNING_KEY: JSON.stringify(await generateSigningJwk()),
    APP_SECRET: randomBytes(32).toString('base64url'),
    SMTP_URL: 'smtp://127.0.0.1:2525',
    MAIL_FROM: 'TV Sign-in <no-reply@example.com>',
    SMS_WEBHOOK_URL: 'http://127.0.0.1:9/sms',
  };
}

const created = new Set<string>();

/** `npm run accounts -- create …`, the operator's way to add an account (once per database). */
export async function createAccountWithCli(env: Record<string, string>, account: { login: string; password: string }, db: number): Promise<void> {
  if (created.has(`${db}`)) return;
  const child = spawn('npm', ['run', '--silent', 'accounts', '--', 'create', '--email', account.login, '--password', account.password], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // The command checks the production configuration too; it serves nothing, so any URL will do.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PUBLIC_URL: 'http://127.0.0.1:9', ...env },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run accounts create failed (${code}): ${output}`);
  created.add(`${db}`);
}
