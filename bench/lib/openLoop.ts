import { nowMs, sleep } from './time.ts';

// Open-loop load: tasks start on a fixed schedule (rate per second) whether or not earlier ones
// finished, as TVs do in the wild. A closed loop would slow down with the server and hide queueing.
// A cap on tasks in flight keeps an overloaded run bounded; a start skipped for it is an error.

export interface OpenLoopResult {
  started: number;
  skippedForOverload: number;
  wallSeconds: number;
}

export async function runOpenLoop(options: {
  ratePerSecond: number;
  durationSeconds: number;
  maxInFlight: number;
  task: (index: number) => Promise<void>;
}): Promise<OpenLoopResult> {
  const { ratePerSecond, durationSeconds, maxInFlight, task } = options;
  const total = Math.round(ratePerSecond * durationSeconds);
  const startedAt = nowMs();
  const running = new Set<Promise<void>>();
  let started = 0;
  let skippedForOverload = 0;
  for (let index = 0; index < total; index++) {
    const dueAt = startedAt + (index * 1000) / ratePerSecond;
    const wait = dueAt - nowMs();
    if (wait > 1) await sleep(wait);
    if (running.size >= maxInFlight) {
      skippedForOverload += 1;
      continue;
    }
    started += 1;
    const run: Promise<void> = task(index).finally(() => running.delete(run));
    running.add(run);
  }
  await Promise.all(running);
  return { started, skippedForOverload, wallSeconds: (nowMs() - startedAt) / 1000 };
}

/** Closed loop: `concurrency` workers each run the task back to back until the time is up. */
export async function runClosedLoop(options: {
  concurrency: number;
  durationSeconds: number;
  task: () => Promise<void>;
}): Promise<{ completed: number; wallSeconds: number }> {
  const startedAt = nowMs();
  const endAt = startedAt + options.durationSeconds * 1000;
  let completed = 0;
  const worker = async () => {
    while (nowMs() < endAt) {
      await options.task();
      completed += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { completed, wallSeconds: (nowMs() - startedAt) / 1000 };
}
