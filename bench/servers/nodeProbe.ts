import { Redis } from 'ioredis';

// Loaded with --import into a real server process (dist/main.js) started by the benchmark. It
// changes nothing in the server; it only answers the benchmark over the IPC channel:
//   {type:'memory'}      → heap and RSS after two full garbage collections (needs --expose-gc)
//   {type:'redisCount'}  → Redis requests this process sent (only with BENCH_COUNT_REDIS=1)

interface ProbeRequest {
  id: number;
  type: 'memory' | 'redisCount';
}

const counts = { requests: 0, commands: 0, byName: {} as Record<string, number> };

if (process.env.BENCH_COUNT_REDIS === '1') {
  // A MULTI … EXEC block travels as one request (ioredis pipelines it), so it counts once: at EXEC.
  const inTransaction = new WeakSet<object>();
  const prototype = Redis.prototype as unknown as { sendCommand(command: { name: string }, ...rest: unknown[]): unknown };
  const original = prototype.sendCommand;
  prototype.sendCommand = function (this: object, command, ...rest) {
    const name = command.name.toLowerCase();
    counts.commands += 1;
    counts.byName[name] = (counts.byName[name] ?? 0) + 1;
    if (name === 'multi') inTransaction.add(this);
    else if (name === 'exec' || name === 'discard') {
      inTransaction.delete(this);
      counts.requests += 1;
    } else if (!inTransaction.has(this)) counts.requests += 1;
    return original.call(this, command, ...rest);
  };
}

function memoryAfterGc() {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('start the node with --expose-gc');
  gc();
  gc();
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  return { rss, heapUsed, heapTotal, external, arrayBuffers };
}

process.on('message', (message: ProbeRequest) => {
  try {
    const body = message.type === 'memory' ? memoryAfterGc() : { ...counts, byName: { ...counts.byName } };
    process.send?.({ id: message.id, body });
  } catch (error) {
    process.send?.({ id: message.id, error: (error as Error).message });
  }
});
// The IPC channel must not keep a server that was told to stop alive.
process.channel?.unref();
