import type { RedisClient } from '../store/redisClient.ts';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { createDevOutbox, type DevOutbox } from './devOutbox.ts';
import { createSmtpMailSender } from './smtpMailSender.ts';
import { createWebhookSmsSender } from './webhookSmsSender.ts';
import { createNotifier, type Notifier } from './notifier.ts';
import { createQueuedNotifier } from './messageQueue.ts';
import type { Metrics } from '../observability/metrics.ts';

// Picks the senders from the configuration: SMTP and the SMS webhook where configured, the dev
// outbox otherwise (development only: production refuses to start without both). With Redis,
// messages go through the durable queue (messageQueue.ts); the embedded store sends in process.

export interface Delivery {
  notifier: Notifier;
  /** Present when any message goes to the dev outbox; only then is /dev/outbox mounted. */
  devOutbox?: DevOutbox;
  /** Stops taking jobs and waits for the ones being sent. */
  close(): Promise<void>;
}

export function createDelivery(deps: {
  config: Config;
  redis: RedisClient;
  keys: RedisKeys;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  retryDelaysMs?: number[];
  /** The command connection of a real Redis or Redis Cluster (not the embedded store): messages are queued there. */
  queueConnection?: RedisClient;
  /** Seals queued messages (they hold reset links and codes). */
  appSecret: string;
}): Delivery {
  const { config } = deps;
  const usesOutbox = config.mode !== 'production' && (!config.smtpUrl || !config.smsWebhookUrl);
  const devOutbox = usesOutbox ? createDevOutbox(deps.redis, deps.keys, deps.clock) : undefined;
  const smtp = config.smtpUrl ? createSmtpMailSender({ smtpUrl: config.smtpUrl, from: config.mailFrom }) : undefined;
  const mail = smtp ?? devOutbox?.mail;
  const sms = config.smsWebhookUrl ? createWebhookSmsSender({ url: config.smsWebhookUrl }) : devOutbox?.sms;
  if (!mail || !sms) throw new Error('no mail or SMS sender: production needs SMTP_URL and SMS_WEBHOOK_URL');
  const countedMail = counted(mail, 'email', deps.metrics);
  const countedSms = counted(sms, 'sms', deps.metrics);
  const queued = deps.queueConnection
    ? createQueuedNotifier({
      connection: deps.queueConnection, redisPrefix: config.redisPrefix, mail: countedMail, sms: countedSms, logger: deps.logger,
      secret: deps.appSecret, retryDelaysMs: deps.retryDelaysMs,
    })
    : undefined;
  return {
    notifier: queued ?? createNotifier({ mail: countedMail, sms: countedSms, logger: deps.logger, retryDelaysMs: deps.retryDelaysMs }),
    devOutbox,
    async close() {
      await queued?.close();
      smtp?.close();
    },
  };
}

/** Counts every send attempt of a sender as sent or failed (retries count again). */
function counted<Message>(sender: { send(message: Message): Promise<void> }, channel: 'email' | 'sms', metrics: Metrics) {
  return {
    async send(message: Message) {
      try {
        await sender.send(message);
        metrics.message(channel, 'sent');
      } catch (error) {
        metrics.message(channel, 'failed');
        throw error;
      }
    },
  };
}
