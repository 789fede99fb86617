import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';

// `npm run tv` against a running server: it draws a QR code in the terminal, shows the code, and
// prints the account and the token's subject once a phone approves.

/** `npm run tv [address]`; without an address it finds the server as the server does (PUBLIC_URL, else PORT). */
function terminalTv(baseUrl: string | undefined, env: Record<string, string> = {}) {
  const inherited = { ...process.env };
  for (const name of ['PUBLIC_URL', 'PORT', 'TV_SERVER']) delete inherited[name];
  const child = spawn('node_modules/.bin/tsx', ['tv-client/terminal.ts', ...(baseUrl ? [baseUrl] : [])], {
    env: { ...inherited, LANG: 'en_US.UTF-8', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const waiters: { pattern: RegExp; resolve: (match: RegExpMatchArray) => void }[] = [];
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = output.match(waiter.pattern);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    exited,
    output: () => output,
    waitFor: (pattern: RegExp) => new Promise<RegExpMatchArray>((resolve) => {
      const match = output.match(pattern);
      if (match) resolve(match);
      else waiters.push({ pattern, resolve });
    }),
  };
}

describe('terminal TV (npm run tv)', () => {
  let cluster: TestCluster;
  let tv: ReturnType<typeof terminalTv> | undefined;
  afterEach(async () => {
    tv?.child.kill();
    await cluster?.close();
  });

  it('shows the QR code and the code, and prints the subject when the phone approves', async () => {
    cluster = await startCluster(BACKENDS[0]!);
    const { baseUrl } = cluster.nodes[0]!;
    tv = terminalTv(baseUrl);
    const [, userCode] = await tv.waitFor(/and enter this code: ([A-Z]{4}-[A-Z]{4})\n/);
    expect(tv.output()).toContain(`Scan the QR code with your phone, or visit ${baseUrl}/tv8`);
    // A QR code: the top row starts with two finder patterns (7 modules each), and a code of at
    // least 21 modules takes at least 11 terminal rows at two modules per row.
    expect(tv.output()).toMatch(/▄{7}.*▄{7}/);
    expect(tv.output().split('\n').filter((line) => /[█▀▄].*[█▀▄]/.test(line)).length).toBeGreaterThanOrEqual(11);

    const phone = new Browser(baseUrl);
    await phone.signIn(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    expect((await phone.enterCode(userCode!)).status).toBe(303);
    await tv.waitFor(/Continue on your phone/);
    expect((await phone.decide(userCode!, 'approve')).status).toBe(303);
    const account = await cluster.nodes[0]!.app.services.accounts.authenticate(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password);
    // Whole lines only: a pipe may hand over a line in several chunks.
    const [, subject] = await tv.waitFor(/subject: (\S+)\n/);
    expect(subject).toBe(account!.id);
    expect(tv.output()).toContain(`Signed in as ${DEMO_ACCOUNT.name}`);
    expect(await tv.exited).toBe(0);
  });

  it('speaks Swedish from LANG and says plainly when there is no server', async () => {
    tv = terminalTv('http://127.0.0.1:9', { LANG: 'sv_SE.UTF-8' });
    await tv.waitFor(/Ingen anslutning.*\n/);
    expect(tv.output()).toContain('Hämtar en inloggningskod');
    expect(tv.output()).toContain('Felkod: TV-700');
  });

  it('without an address uses PUBLIC_URL, else localhost on PORT, like the server', async () => {
    cluster = await startCluster(BACKENDS[0]!);
    const { baseUrl } = cluster.nodes[0]!;
    tv = terminalTv(undefined, { PUBLIC_URL: baseUrl });
    await tv.waitFor(/and enter this code: [A-Z]{4}-[A-Z]{4}\n/);
    expect(tv.output()).toContain(`visit ${baseUrl}/tv8`);
    tv.child.kill();

    // PORT alone: http://localhost:$PORT (the code's address comes from the server's PUBLIC_URL).
    tv = terminalTv(undefined, { PORT: new URL(baseUrl).port });
    await tv.waitFor(/and enter this code: [A-Z]{4}-[A-Z]{4}\n/);
  });
});
