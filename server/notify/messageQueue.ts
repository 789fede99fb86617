import { Queue, Worker, type Job } from 'bullmq';
import { Cluster, type RedisOptions } from 'ioredis';
import type { RedisClient } from '../store/redisClient.ts';
import type { Logger } from 'pino';
import { seal, unseal } from '../crypto.ts';
import { createNotifier, DEFAULT_RETRY_DELAYS_MS, maskRecipient, type Notifier } from './notifier.ts';
import type { MailMessage, MailSender, SmsMessage, SmsSender } from './senders.ts';

// With Redis, email and text messages go through a durable queue in Redis (BullMQ), so a node
// that restarts in the middle of a retry loses nothing: any node's worker picks the job up. A job
// that fails every try stays in the queue's failed set: the dead letters, listed and retried
// with `npm run messages` (server/cli/messages.ts). On a Redis Cluster the queue's keys share one
// hash tag (queuePrefix), so BullMQ's scripts run in one slot. Message texts hold reset links and codes, so
// jobs carry them sealed under APP_SECRET; the recipient is stored masked, for the listing.
// Handing a message to the queue is itself retried in process for a few seconds, so a Redis
// blink while a request is being answered does not drop it.

export const QUEUE_NAME = 'messages';
const ENQUEUE_RETRY_DELAYS_MS = [250, 1_000, 4_000];
const SEAL_PURPOSE = 'message queue';
/** Completed jobs kept for looking into recent deliveries; failed ones (dead letters) are all kept. */
const KEEP_COMPLETED = 100;
const WORKER_CONCURRENCY = 4;

export interface QueuedJobData {
  /** Masked ("a***@example.com"): enough to tell messages apart, not to harvest. */
  to: string;
  subject?: string;
  sealed: string;
}

/**
 * A connection of BullMQ's own, made like `client` (the same Redis, or the same Cluster) with the
 * per-connection `overrides`; `clusterOverrides` are a Cluster client's own options.
 */
function duplicateFor(client: RedisClient, overrides: RedisOptions, clusterOverrides: { enableAutoPipelining?: boolean } = {}): RedisClient {
  if (client instanceof Cluster) {
    return client.duplicate([], { ...clusterOverrides, redisOptions: { ...client.options.redisOptions, ...overrides } });
  }
  return client.duplicate({ ...overrides, ...clusterOverrides });
}

/** BullMQ's key prefix: one hash tag, so every key of the queue is in one Redis Cluster slot. */
export function queuePrefix(redisPrefix: string): string {
  return `${redisPrefix}{queue}`;
}

export interface QueuedNotifier extends Notifier {
  close(): Promise<void>;
}

export function createQueuedNotifier(options: {
  /** The app's command connection, one Redis or a Cluster: duplicated (BullMQ needs connections of its own). */
  connection: RedisClient;
  redisPrefix: string;
  mail: MailSender;
  sms: SmsSender;
  logger: Logger;
  secret: string;
  retryDelaysMs?: number[];
}): QueuedNotifier {
  const { logger, secret } = options;
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const prefix = queuePrefix(options.redisPrefix);
  const queueConnection = duplicateFor(options.connection, {});
  // Blocking waits for jobs must not time out or give up while Redis is away (BullMQ requires it),
  // and a wait cut off by a reconnect is sent again (the app's own connection does not re-send).
  const workerConnection = duplicateFor(options.connection, { maxRetriesPerRequest: null, commandTimeout: undefined, autoResendUnfulfilledCommands: true, enableOfflineQueue: true }, { enableAutoPipelining: false });
  queueConnection.on('error', () => {});
  workerConnection.on('error', () => {});
  const queue = new Queue<QueuedJobData>(QUEUE_NAME, { connection: queueConnection, prefix });

  function enqueue(kind: 'email' | 'sms', message: MailMessage | SmsMessage): Promise<void> {
    const data: QueuedJobData = {
      to: maskRecipient(message.to),
      subject: 'subject' in message ? message.subject : undefined,
      sealed: seal(secret, SEAL_PURPOSE, kind, JSON.stringify(message)),
    };
    return queue
      .add(kind, data, {
        attempts: delays.length + 1,
        backoff: { type: 'planned' },
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: false,
      })
      .then(() => undefined);
  }

  const worker = new Worker<QueuedJobData>(
    QUEUE_NAME,
    async (job: Job<QueuedJobData>) => {
      const plain = unseal(secret, SEAL_PURPOSE, job.name, job.data.sealed);
      if (plain === null) throw new Error('the message cannot be opened (sealed under another APP_SECRET)');
      if (job.name === 'email') await options.mail.send(JSON.parse(plain) as MailMessage);
      else await options.sms.send(JSON.parse(plain) as SmsMessage);
    },
    {
      connection: workerConnection,
      prefix,
      concurrency: WORKER_CONCURRENCY,
      settings: { backoffStrategy: (attemptsMade: number) => delays[attemptsMade - 1] ?? delays.at(-1) ?? 1_000 },
    },
  );
  worker.on('completed', (job) => logger.info({ kind: job.name, to: job.data.to, tries: job.attemptsMade }, 'message delivered'));
  worker.on('failed', (job, error) => {
    if (!job) return;
    const tries = job.attemptsMade;
    if (tries >= (job.opts.attempts ?? 1)) {
      logger.error({ kind: job.name, to: job.data.to, tries, reason: error.message, jobId: job.id }, 'message not delivered; giving up (dead letter: npm run messages -- failed)');
    } else {
      logger.warn({ kind: job.name, to: job.data.to, tries, reason: error.message, retryInMs: delays[tries - 1] }, 'message delivery failed; will retry');
    }
  });
  worker.on('error', (error) => logger.warn({ reason: error.message }, 'message queue worker error'));

  // Enqueueing is what the in-process notifier "sends", so a failed hand-over is retried and
  // logged the same way, and inBackground/idle behave exactly as without Redis.
  const handOver = createNotifier({
    mail: { send: (message) => enqueue('email', message) },
    sms: { send: (message) => enqueue('sms', message) },
    logger,
    retryDelaysMs: ENQUEUE_RETRY_DELAYS_MS,
    outcome: 'queued',
  });

  return {
    email: handOver.email,
    sms: handOver.sms,
    inBackground: handOver.inBackground,
    async idle() {
      await handOver.idle();
      // Then until no job of this queue waits, runs or waits for a retry.
      for (;;) {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
        if (Object.values(counts).every((count) => count === 0)) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await handOver.idle();
      await worker.close();
      await queue.close();
      queueConnection.disconnect();
      workerConnection.disconnect();
    },
  };
}
