import { parseArgs } from 'node:util';
import { Queue } from 'bullmq';
import { loadConfig, ConfigError, redisTargetOf } from '../config.ts';
import { connectRedis, closeRedis } from '../store/redisClient.ts';
import { QUEUE_NAME, queuePrefix, type QueuedJobData } from '../notify/messageQueue.ts';

// npm run messages -- failed              the dead letters: messages that failed every try
// npm run messages -- retry <job id|all>  puts dead letters back in the queue (after a fix)
// npm run messages -- counts              jobs waiting, being sent, waiting to retry, failed
// Reads the queue in the configured Redis (REDIS_URL or REDIS_CLUSTER_NODES, and REDIS_PREFIX). Recipients are shown masked
// and texts never (they hold reset links and codes, and are stored sealed).

const USAGE = 'Usage: npm run messages -- failed | counts | retry <job id|all>';

async function run(): Promise<number> {
  const { positionals } = parseArgs({ allowPositionals: true, options: {} });
  const [command, target] = positionals;
  if (command !== 'failed' && command !== 'counts' && !(command === 'retry' && target)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig(process.env);
  const redisTarget = redisTargetOf(config);
  if (!redisTarget) {
    console.error('Neither REDIS_URL nor REDIS_CLUSTER_NODES is set: without Redis, messages are sent in process and there is no queue to look at.');
    return 2;
  }
  const redis = connectRedis(redisTarget);
  const queue = new Queue<QueuedJobData>(QUEUE_NAME, { connection: redis.commands, prefix: queuePrefix(config.redisPrefix) });
  try {
    if (command === 'counts') {
      console.log(JSON.stringify(await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed')));
      return 0;
    }
    const failed = await queue.getFailed(0, -1);
    if (command === 'failed') {
      for (const job of failed) {
        const at = job.finishedOn ? new Date(job.finishedOn).toISOString() : '?';
        console.log(`${job.id}\t${at}\t${job.name}\t${job.data.to}\ttries ${job.attemptsMade}\t${job.failedReason}`);
      }
      console.log(`${failed.length} dead letter(s)`);
      return 0;
    }
    const chosen = target === 'all' ? failed : failed.filter((job) => job.id === target);
    for (const job of chosen) await job.retry('failed');
    console.log(`${chosen.length} message(s) queued again`);
    return chosen.length || target === 'all' ? 0 : 1;
  } finally {
    await queue.close();
    await closeRedis(redis);
  }
}

run()
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
