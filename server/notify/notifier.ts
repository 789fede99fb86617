import type { Logger } from 'pino';
import type { MailMessage, MailSender, SmsMessage, SmsSender } from './senders.ts';

// Sends in the background with retries, so a request answers the same way (and as fast) whether
// or not a message goes out, and a delivery failure is never shown as a different answer.
// Failures are logged with a masked recipient and never the text: it holds links and codes.

export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

export interface Notifier {
  email(message: MailMessage): void;
  sms(message: SmsMessage): void;
  /** Runs work that leads to a message (look-ups, issuing a link) after the answer has gone, so
   *  the answer's timing does not depend on whether an account was found. Failures are logged. */
  inBackground(label: string, work: () => Promise<void>): void;
  /** Resolves when every delivery started so far has succeeded or given up (tests, shutdown). */
  idle(): Promise<void>;
}

export function createNotifier(options: {
  mail: MailSender;
  sms: SmsSender;
  logger: Logger;
  retryDelaysMs?: number[];
  /** What a successful send is called in the log: 'delivered', or 'queued' when it hands over to the queue. */
  outcome?: 'delivered' | 'queued';
}): Notifier {
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const done = options.outcome ?? 'delivered';
  const inFlight = new Set<Promise<void>>();

  async function deliver(kind: 'email' | 'sms', to: string, attempt: () => Promise<void>): Promise<void> {
    for (let tryNumber = 1; ; tryNumber++) {
      try {
        await attempt();
        options.logger.info({ kind, to: maskRecipient(to), tries: tryNumber }, `message ${done}`);
        return;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const retryInMs = delays[tryNumber - 1];
        if (retryInMs === undefined) {
          options.logger.error({ kind, to: maskRecipient(to), tries: tryNumber, reason }, `message not ${done}; giving up`);
          return;
        }
        options.logger.warn({ kind, to: maskRecipient(to), tries: tryNumber, reason, retryInMs }, `message ${done === 'queued' ? 'queueing' : 'delivery'} failed; will retry`);
        await new Promise((resolve) => setTimeout(resolve, retryInMs).unref());
      }
    }
  }

  function track(delivery: Promise<void>): void {
    inFlight.add(delivery);
    void delivery.finally(() => inFlight.delete(delivery));
  }

  return {
    email: (message) => track(deliver('email', message.to, () => options.mail.send(message))),
    sms: (message) => track(deliver('sms', message.to, () => options.sms.send(message))),
    inBackground: (label, work) =>
      track(
        Promise.resolve()
          .then(work)
          .catch((error: unknown) => options.logger.error({ task: label, reason: error instanceof Error ? error.message : String(error) }, 'background account-help task failed')),
      ),
    async idle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
}

/** "a***@example.com", "+46*****67": enough to tell messages apart in logs, not to harvest. */
export function maskRecipient(to: string): string {
  const at = to.indexOf('@');
  if (at > 0) return `${to[0]}***${to.slice(at)}`;
  return to.length > 5 ? `${to.slice(0, 3)}${'*'.repeat(to.length - 5)}${to.slice(-2)}` : '***';
}
