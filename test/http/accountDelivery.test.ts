import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { BACKENDS } from '../helpers/redisBackends.ts';
import { DEMO_ACCOUNT, startCluster, type TestCluster } from '../helpers/testNode.ts';
import { Browser } from '../helpers/companion.ts';
import { enterSmsCode, requestEmailReset, requestSmsReset, followResetLink } from '../helpers/accountHelp.ts';
import { generateSigningJwk } from '../../server/tokens/signingKeys.ts';

// Production delivery, end to end: a real SMTP server started here receives the reset email
// (sent by nodemailer), a local HTTP server plays the SMS webhook, and the dev outbox is gone.

interface ReceivedMail { from: string; to: string[]; raw: string }

async function startSmtp(): Promise<{ url: string; mails: ReceivedMail[]; close(): Promise<void> }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function startWebhook(): Promise<{ url: string; texts: Array<{ to: string; text: string }>; close(): Promise<void> }> {
  const texts: Array<{ to: string; text: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      texts.push(JSON.parse(body));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`,
    texts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Quoted-printable soft line breaks and escapes undone, enough to read a link out of a mail. */
function decodeQuotedPrintable(raw: string): string {
  return raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const backend = BACKENDS.find((b) => b.name === 'redis' && b.available) ?? BACKENDS[0]!;

describe(`production delivery (SMTP + SMS webhook) on ${backend.name}`, () => {
  let cluster: TestCluster | undefined;
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    await cluster?.close();
    for (const close of closers.splice(0)) await close();
  });

  async function productionNode() {
    const smtp = await startSmtp();
    const webhook = await startWebhook();
    closers.push(smtp.close, webhook.close);
    cluster = await startCluster(backend, {
      env: {
        NODE_ENV: 'production', SIGNING_KEY: JSON.stringify(await generateSigningJwk()) /* checked, unused: keys are passed to createApp */, APP_SECRET: 'production-secret-production-secret!',
        REDIS_URL: 'redis://127.0.0.1:6379', SMTP_URL: smtp.url, MAIL_FROM: 'TV Sign-in <info@account.example.com>', SMS_WEBHOOK_URL: webhook.url,
      },
    });
    return { node: cluster.nodes[0]!, smtp, webhook };
  }

  it('emails the reset link over SMTP; the link from the real email works', async () => {
    const { node, smtp } = await productionNode();
    const browser = new Browser(node.baseUrl);
    expect((await requestEmailReset(browser, DEMO_ACCOUNT.email)).status).toBe(200);
    await node.app.services.delivery.notifier.idle();
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('info@account.example.com');
    expect(mail.to).toEqual([DEMO_ACCOUNT.email]);
    expect(mail.raw).toContain('Subject: Reset your password');
    const link = /\/loginhelp\/reset\?token=[A-Za-z0-9_.%-]+/.exec(decodeQuotedPrintable(mail.raw))?.[0];
    expect(link).toBeTruthy();
    expect((await followResetLink(browser, link!)).headers.location).toBe('/password');
  });

  it('texts the code through the webhook as JSON {to, text}', async () => {
    const { node, webhook } = await productionNode();
    const browser = new Browser(node.baseUrl);
    await requestSmsReset(browser, DEMO_ACCOUNT.phone);
    await node.app.services.delivery.notifier.idle();
    expect(webhook.texts).toHaveLength(1);
    expect(webhook.texts[0]!.to).toBe(DEMO_ACCOUNT.phone);
    const code = /\b(\d{6})\b/.exec(webhook.texts[0]!.text)![1]!;
    expect((await enterSmsCode(browser, DEMO_ACCOUNT.phone, code)).headers.location).toBe('/password');
  });

  it('has no dev outbox page in production', async () => {
    const { node } = await productionNode();
    expect(node.app.services.delivery.devOutbox).toBeUndefined();
    expect((await new Browser(node.baseUrl).agent.get('/dev/outbox')).status).toBe(404);
  });

  it('an SMTP server that is down changes nothing in the answer', async () => {
    const { node, smtp } = await productionNode();
    await smtp.close();
    closers.splice(closers.indexOf(smtp.close), 1);
    const browser = new Browser(node.baseUrl);
    await browser.csrf('/loginhelp');
    const down = await requestEmailReset(browser, DEMO_ACCOUNT.email);
    const unknown = await requestEmailReset(browser, 'nobody@example.com');
    expect(down.status).toBe(200);
    expect(down.text.replaceAll(DEMO_ACCOUNT.email, 'nobody@example.com')).toBe(unknown.text);
  });
});

describe('development delivery', () => {
  let cluster: TestCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
  });

  it('shows messages at /dev/outbox with a clickable reset link', async () => {
    cluster = await startCluster(BACKENDS[0]!);
    const node = cluster.nodes[0]!;
    const browser = new Browser(node.baseUrl);
    await requestEmailReset(browser, DEMO_ACCOUNT.email);
    await node.app.services.delivery.notifier.idle();
    const page = await browser.agent.get('/dev/outbox');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<a href="http:\/\/127\.0\.0\.1:\d+\/loginhelp\/reset\?token=[^"]+">/);
  });
});
