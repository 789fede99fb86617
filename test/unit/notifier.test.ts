import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createNotifier, maskRecipient } from '../../server/notify/notifier.ts';
import { createWebhookSmsSender } from '../../server/notify/webhookSmsSender.ts';
import type { MailSender } from '../../server/notify/senders.ts';

// Delivery against a real local HTTP server standing in for the SMS webhook: retried on failure,
// logged without the message text (it holds the code).

function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  return { logger: pino({ level: 'info' }, stream), lines };
}

describe('notifier with the SMS webhook', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  async function webhook(failFirst: number) {
    const received: Array<{ body: unknown; contentType?: string }> = [];
    let calls = 0;
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        calls++;
        if (calls <= failFirst) {
          res.writeHead(503).end();
          return;
        }
        received.push({ body: JSON.parse(body), contentType: req.headers['content-type'] });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, received, calls: () => calls };
  }

  const noMail: MailSender = { send: async () => {} };

  it('POSTs JSON {to, text}, retries after failures, and never logs the text', async () => {
    const hook = await webhook(2);
    const { logger, lines } = captureLogger();
    const notifier = createNotifier({ mail: noMail, sms: createWebhookSmsSender({ url: hook.url }), logger, retryDelaysMs: [5, 5, 5] });
    notifier.sms({ to: '+46701234567', text: 'Your code is 482913' });
    await notifier.idle();
    expect(hook.calls()).toBe(3);
    expect(hook.received).toEqual([{ body: { to: '+46701234567', text: 'Your code is 482913' }, contentType: 'application/json' }]);
    const log = lines.join('');
    expect(log).toContain('will retry');
    expect(log).toContain('message delivered');
    expect(log).not.toContain('482913');
    expect(log).not.toContain('+46701234567');
  });

  it('gives up after the last retry and says so in the log, still without the secret', async () => {
    const hook = await webhook(100);
    const { logger, lines } = captureLogger();
    const notifier = createNotifier({ mail: noMail, sms: createWebhookSmsSender({ url: hook.url }), logger, retryDelaysMs: [1, 1] });
    notifier.sms({ to: '+46701234567', text: 'Your code is 551177' });
    await notifier.idle();
    expect(hook.calls()).toBe(3);
    const log = lines.join('');
    expect(log).toContain('giving up');
    expect(log).toContain('HTTP 503');
    expect(log).not.toContain('551177');
  });

  it('runs background work after the answer, logs its failure, and idle() waits for what it sends', async () => {
    const hook = await webhook(0);
    const { logger, lines } = captureLogger();
    const notifier = createNotifier({ mail: noMail, sms: createWebhookSmsSender({ url: hook.url }), logger, retryDelaysMs: [] });
    notifier.inBackground('fails', async () => {
      throw new Error('redis went away');
    });
    notifier.inBackground('sends', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      notifier.sms({ to: '+46701234567', text: 'Your code is 123123' });
    });
    await notifier.idle();
    expect(hook.received).toHaveLength(1);
    expect(lines.join('')).toContain('redis went away');
  });

  it('masks recipients in logs', () => {
    expect(maskRecipient('anna@example.com')).toBe('a***@example.com');
    expect(maskRecipient('+46701234567')).toBe('+46*******67');
  });
});
