import type { Redis } from 'ioredis';

// While Redis is known to be away or hung, commands fail at once instead of waiting for it.
//
// Without this, a paused or overloaded Redis (SIGSTOP, a long fork, a stalled network) keeps the
// socket open: every request of the outage writes its commands into that socket, each fails after
// the command timeout, yet all of them stay in Redis' input buffer. When Redis answers again it
// first runs that whole backlog (5 s of traffic at 100 pairings/s took ~0.5 s) for callers that
// gave up long ago, and fresh requests wait behind it. The drill measured it as the time from
// Redis answering to the first whole pairing.
//
// So: when the oldest unanswered command has waited longer than `hungAfterMs`, the connection is
// dropped and made again (ioredis reconnects by itself), and until it is ready again new commands
// are refused at once (503 TV-503, the callers retry) rather than queued. The commands of the
// dropped connection are not re-sent after the reconnect (autoResendUnfulfilledCommands is off in
// redisClient.ts): their callers have been answered already, and re-running a script later could
// apply it twice. A short blip keeps the usual behaviour: while the first reconnect is under way,
// commands wait in ioredis' offline queue (up to its retry limit); only once a reconnect has
// failed, or Redis hung, is Redis "away".

/** Refused commands carry this message; redisErrors.ts counts it as "Redis is away" (503). */
export const REDIS_AWAY_MESSAGE = 'Redis is not answering (commands are refused until it does)';

export interface FailFastOptions {
  /** A command unanswered this long means Redis hangs (the command timeout: it has failed by then). */
  hungAfterMs: number;
  /** How often the oldest unanswered command is looked at. */
  checkEveryMs?: number;
  /** Told when Redis is found away or hung, and when it answers again (for the log). */
  onChange?: (away: boolean, why: string) => void;
}

export interface FailFast {
  /** True while commands are refused. */
  away(): boolean;
  stop(): void;
}

export function failFastWhileAway(client: Redis, options: FailFastOptions): FailFast {
  const checkEveryMs = options.checkEveryMs ?? 100;
  let away = false;
  let reconnects = 0;
  /** The oldest unanswered command when last looked at, and since when it has been the oldest. */
  let oldest: { command: unknown; since: number } | undefined;

  const setAway = (why: string) => {
    if (away) return;
    away = true;
    client.options.enableOfflineQueue = false;
    // Commands already waiting for the reconnect fail now, not at their retry limit.
    flushQueue(client, { offlineQueue: true, commandQueue: false });
    options.onChange?.(true, why);
  };

  const onReady = () => {
    reconnects = 0;
    oldest = undefined;
    client.options.enableOfflineQueue = true;
    if (!away) return;
    away = false;
    options.onChange?.(false, 'Redis answers again');
  };
  const onReconnecting = () => {
    // The first reconnect after a drop may be a blip; a second means Redis is not there.
    reconnects += 1;
    if (reconnects >= 2) setAway('Redis cannot be reached');
  };
  client.on('ready', onReady);
  client.on('reconnecting', onReconnecting);

  let lastTickAt = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    // A late tick means this process was busy (timers run before the socket's replies are
    // read): what looked unanswered may be answered already, so start looking afresh.
    const stalled = now - lastTickAt > checkEveryMs * 3;
    lastTickAt = now;
    if (client.status !== 'ready') return;
    const head = client.commandQueue.peekFront();
    if (!head) {
      oldest = undefined;
      return;
    }
    if (stalled || oldest?.command !== head.command) {
      oldest = { command: head.command, since: now };
      return;
    }
    if (now - oldest.since < options.hungAfterMs) return;
    setAway(`a command waited ${now - oldest.since} ms for an answer`);
    oldest = undefined;
    // Drop the hung connection; ioredis connects again by itself (retryStrategy).
    client.disconnect(true);
    // And answer its unanswered commands now rather than at their own timeouts. Not only to save
    // the wait: ioredis auto-pipelining sends one batch at a time and holds everything issued
    // meanwhile until that batch is answered, so without this the commands of the hang's first
    // second were sent only when the first batch timed out, and waited a second more (the drill
    // saw code requests answered 503 after 2 s). The next batch then meets the closed stream and
    // is refused at once.
    flushQueue(client, { offlineQueue: true, commandQueue: true });
  }, checkEveryMs);
  timer.unref();

  return {
    away: () => away,
    stop() {
      clearInterval(timer);
      client.off('ready', onReady);
      client.off('reconnecting', onReconnecting);
    },
  };
}

/** Rejects queued commands with REDIS_AWAY_MESSAGE (ioredis' own flushQueue, not in its types). */
function flushQueue(client: Redis, which: { offlineQueue: boolean; commandQueue: boolean }): void {
  (client as unknown as { flushQueue(error: Error, which: object): void }).flushQueue(new Error(REDIS_AWAY_MESSAGE), which);
}
