import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import type { MailSender, SmsSender } from './senders.ts';

// Development delivery: messages are kept in the store (the newest 50) and shown at /dev/outbox,
// so a person trying the product can click a reset link without a mail server. Never used in
// production (config requires SMTP_URL and SMS_WEBHOOK_URL there), because it keeps secrets.

const KEEP = 50;

export interface OutboxEntry {
  kind: 'email' | 'sms';
  to: string;
  subject?: string;
  text: string;
  at: number;
}

export interface DevOutbox {
  mail: MailSender;
  sms: SmsSender;
  /** Newest first. */
  list(): Promise<OutboxEntry[]>;
}

export function createDevOutbox(redis: RedisClient, keys: RedisKeys, clock: Clock): DevOutbox {
  async function keep(entry: OutboxEntry): Promise<void> {
    await redis.multi().lpush(keys.devOutbox(), JSON.stringify(entry)).ltrim(keys.devOutbox(), 0, KEEP - 1).exec();
  }
  return {
    mail: { send: (message) => keep({ kind: 'email', to: message.to, subject: message.subject, text: message.text, at: clock.now() }) },
    sms: { send: (message) => keep({ kind: 'sms', to: message.to, text: message.text, at: clock.now() }) },
    async list() {
      return (await redis.lrange(keys.devOutbox(), 0, KEEP - 1)).map((raw) => JSON.parse(raw) as OutboxEntry);
    },
  };
}
