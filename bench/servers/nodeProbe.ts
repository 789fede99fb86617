import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { watchEventLoop } from '../lib/eventLoopWatch.ts';

// Loaded with --import into a real server process (dist/main.js) started by the benchmark. It
// changes nothing in the server; it only answers the benchmark over the IPC channel:
//   {type:'memory'}      → heap and RSS after two full garbage collections (needs --expose-gc)
//   {type:'redisCount'}  → Redis requests this process sent (only with BENCH_COUNT_REDIS=1), by
//                          command name and by command + key shape (`byKey`: which script on which
//                          record), and the same counts as they were when the last token was pushed
//                          to a TV (`atPush`), so a run of one pairing at a time can split them
//   {type:'eventLoop'}   → how late the event loop ran since the previous eventLoop question
//                          (p50, p99, max in ms; and the garbage collector's pauses meanwhile): a
//                          node that blocks delays every token it pushes

interface ProbeRequest {
  id: number;
  type: 'memory' | 'redisCount' | 'eventLoop';
}

interface Snapshot {
  requests: number;
  roundTrips: number;
  byKey: Record<string, number>;
}
const counts = { requests: 0, roundTrips: 0, background: 0, commands: 0, byName: {} as Record<string, number>, byKey: {} as Record<string, number>, atPush: undefined as Snapshot | undefined };

/** The shape of a key, so requests can be told apart by what they touch: ids and codes become `*`. */
function keyShape(key: unknown): string {
  if (typeof key !== 'string') return '';
  return key
    .replace(/^bench:[^:]+:[^:]+:/, '')
    .replace(/\{[^}]*\}/g, '{*}')
    .replace(/:(\d{1,3}\.){3}\d{1,3}$/, ':<ip>')
    .replace(/[0-9a-f]{16,}|[A-Za-z0-9_-]{20,}/g, '*');
}

if (process.env.BENCH_COUNT_REDIS === '1') {
  // A MULTI … EXEC block travels as one request (ioredis pipelines it), so it counts once: at EXEC.
  const inTransaction = new WeakSet<object>();
  // Round trips: a request sent while none of this process' other requests is awaiting its reply
  // starts one; requests sent while others are in flight ride in the same one (as a pipeline
  // would). Blocking commands (the message queue's worker waits in BZPOPMIN) and the subscriber
  // connection's commands are not waited on by any request, so they are left out.
  let inFlight = 0;
  const notAwaited = /^(bzpopmin|bzpopmax|brpoplpush|blmove|blpop|brpop|xread|xreadgroup|subscribe|ssubscribe|psubscribe|unsubscribe|sunsubscribe|punsubscribe|ping|info|client|select|quit)$/;
  const track = (command: { name: string; promise?: Promise<unknown> }) => {
    if (notAwaited.test(command.name.toLowerCase()) || !command.promise) return;
    if (inFlight === 0) counts.roundTrips += 1;
    inFlight += 1;
    const done = () => {
      inFlight -= 1;
    };
    command.promise.then(done, done);
  };
  const prototype = Redis.prototype as unknown as { sendCommand(command: { name: string }, ...rest: unknown[]): unknown };
  const original = prototype.sendCommand;
  prototype.sendCommand = function (this: object, command, ...rest) {
    const name = command.name.toLowerCase();
    counts.commands += 1;
    counts.byName[name] = (counts.byName[name] ?? 0) + 1;
    const args = (command as { args?: unknown[] }).args ?? [];
    // EVAL/EVALSHA name their first key after the script and the key count.
    const label = `${name} ${keyShape(name === 'evalsha' || name === 'eval' ? args[2] : args[0])}`.trim();
    // The message queue's worker keeps house on a timer of its own (stalled-job checks, waits for
    // email and text jobs): no pairing's request, so counted apart, not in any pairing's steps.
    if (label.includes(':messages:')) {
      counts.background += 1;
      return original.call(this, command, ...rest);
    }
    if (name === 'multi') inTransaction.add(this);
    else if (name === 'exec' || name === 'discard') {
      inTransaction.delete(this);
      counts.requests += 1;
      counts.byKey.multi = (counts.byKey.multi ?? 0) + 1;
      track(command);
    } else if (!inTransaction.has(this)) {
      counts.requests += 1;
      counts.byKey[label] = (counts.byKey[label] ?? 0) + 1;
      track(command);
    }
    return original.call(this, command, ...rest);
  };
  // The moment a token goes out to a TV: what had been sent to Redis by then.
  const wsPrototype = WebSocket.prototype as unknown as { send(data: unknown, ...rest: unknown[]): unknown };
  const originalSend = wsPrototype.send;
  wsPrototype.send = function (this: unknown, data, ...rest) {
    if (typeof data === 'string' && data.includes('"type":"approved"')) counts.atPush = { requests: counts.requests, roundTrips: counts.roundTrips, byKey: { ...counts.byKey } };
    return originalSend.call(this, data, ...rest);
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

const eventLoop = watchEventLoop();

function answer(type: ProbeRequest['type']) {
  if (type === 'memory') return memoryAfterGc();
  if (type === 'eventLoop') return eventLoop.read();
  return { ...counts, byName: { ...counts.byName }, byKey: { ...counts.byKey } };
}

process.on('message', (message: ProbeRequest) => {
  try {
    const body = answer(message.type);
    process.send?.({ id: message.id, body });
  } catch (error) {
    process.send?.({ id: message.id, error: (error as Error).message });
  }
});
// The IPC channel must not keep a server that was told to stop alive.
process.channel?.unref();
