import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import type { Collected, SignInCollector } from '../pairing/signInCollector.ts';
import type { ServerToTv } from '../../shared/protocol.ts';
import type { MessageBus } from './messageBus.ts';
import type { Pairing, PairingStore } from '../pairing/pairingStore.ts';
import { userCodeOfDeviceCode } from '../pairing/pairingStore.ts';
import { ERRORS, type ErrorId } from '../../shared/errors.ts';
import { createEventSubscription } from './eventChannels.ts';
import { tvError } from './tvError.ts';
import { isRedisDown } from '../store/redisErrors.ts';
import { randomBytes } from 'node:crypto';

// TVs waiting on this node, and the node's Redis subscription.
//
// A TV listening here is recorded in its pairing (listenerNode), so the Lua script that approves
// it publishes straight to this node's channel: one subscription per node, no pattern matching,
// no broadcast to every node. (On Redis Cluster, the pairing's own sharded channel instead, which
// this node subscribes to while the TV waits here: see eventChannels.ts.) An event is only a hint ("look again"): the listener then claims
// through the same atomic script as a poll, so a duplicate or lost event never duplicates or
// loses a token. Lost events are covered by re-checking every listener once the bus has the
// subscription confirmed again after a reconnect, at expiry, and whenever the TV listens again.
//
// A TV switched off says no goodbye (a page that closes posts /api/tv/leave): when the socket of a
// TV still waiting for a decision closes, its pairing is marked gone, and unless the TV listens
// again (on any node: a drain or a network blip reconnects within a second or two) within
// TV_GONE_GRACE_MS, the code ends as if the TV had left, so a phone that then tries it hears the
// TV stopped waiting (TV-112). The decision is Redis's (the pairing scripts, by the clock), so it
// holds across nodes and needs no timer here.

/** How long a TV whose socket closed has to listen again before its code ends. */
export const TV_GONE_GRACE_MS = 15_000;

export interface TvConnection {
  send(message: ServerToTv): void;
}

interface Listener {
  /** Unique per listen: the pairing remembers its latest listener (see tvGone). */
  id: string;
  deviceCode: string;
  userCode: string;
  connection: TvConnection;
  expiresAt: number;
  /** Serializes work per listener, so an event and the initial check never race each other. */
  queue: Promise<void>;
  /** Set once this listener delivered a token or a final answer; later checks are ignored. */
  finished: boolean;
}

export interface PairingListeners {
  readonly nodeId: string;
  /** Starts listening for a device code; sends the current state at once. */
  listen(connection: TvConnection, deviceCode: string): Promise<void>;
  /** Stops every listening of a connection (it closed). */
  forget(connection: TvConnection): void;
  /** Re-checks listeners whose code reached its deadline; runs every second, tests call it directly. */
  checkExpired(): Promise<void>;
  /** Number of waiting TVs on this node. */
  size(): number;
  /** Resolves when every check under way (a delivery in flight, say) has finished. */
  settle(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createPairingListeners(deps: {
  nodeId: string;
  bus: MessageBus;
  keys: RedisKeys;
  collector: SignInCollector;
  /** Marks a code whose TV's socket closed (see TV_GONE_GRACE_MS). */
  pairings: Pick<PairingStore, 'tvGone'>;
  clock: Clock;
  logger: Logger;
  /** A token was sent on a TV's socket (metrics: Start Watching → token on the TV). */
  onDelivered?: (pairing: Pairing) => void;
}): PairingListeners {
  const { nodeId, bus, keys, collector, pairings, clock, logger } = deps;
  const byUserCode = new Map<string, Set<Listener>>();
  const byConnection = new Map<TvConnection, Set<Listener>>();
  const events = createEventSubscription({
    bus, routing: bus.sharded ? 'sharded' : 'node', nodeChannel: keys.nodeChannel(nodeId), taggedChannel: keys.pairingEvents,
  });
  let expiryTimer: NodeJS.Timeout | undefined;
  /** Checks under way (a claim, a delivery), awaited when the node drains. */
  const inFlight = new Set<Promise<void>>();

  function add(listener: Listener) {
    const sameCode = byUserCode.get(listener.userCode) ?? new Set();
    sameCode.add(listener);
    byUserCode.set(listener.userCode, sameCode);
    const sameConnection = byConnection.get(listener.connection) ?? new Set();
    sameConnection.add(listener);
    byConnection.set(listener.connection, sameConnection);
  }

  function remove(listener: Listener) {
    listener.finished = true;
    const sameCode = byUserCode.get(listener.userCode);
    if (sameCode?.delete(listener)) events.unwatch(listener.userCode);
    if (sameCode?.size === 0) byUserCode.delete(listener.userCode);
    const sameConnection = byConnection.get(listener.connection);
    sameConnection?.delete(listener);
    if (sameConnection?.size === 0) byConnection.delete(listener.connection);
  }

  function sendError(connection: TvConnection, id: ErrorId) {
    connection.send(tvError(id));
  }

  /** Acts on what a claim found. Returns nothing; the listener is removed once it is final. */
  async function deliver(listener: Listener, result: Collected) {
    if (listener.finished) return;
    switch (result.outcome) {
      case 'pending':
        listener.expiresAt = result.pairing.expiresAt;
        listener.connection.send({ type: 'pending', expires_in: Math.max(0, Math.ceil((result.pairing.expiresAt - clock.now()) / 1000)) });
        return;
      case 'scanned':
      case 'slow_down':
        listener.expiresAt = result.pairing.expiresAt;
        listener.connection.send({ type: 'scanned' });
        return;
      case 'tokens': {
        remove(listener);
        listener.connection.send({ type: 'approved', ...result.tokens });
        deps.onDelivered?.(result.pairing);
        logger.info({ userCode: listener.userCode, accountId: result.pairing.accountId, nodeId, again: result.again }, 'tv signed in over websocket');
        return;
      }
      case 'denied':
        remove(listener);
        listener.connection.send({ type: 'denied', code: ERRORS.code_denied.code });
        return;
      case 'expired':
        remove(listener);
        listener.connection.send({ type: 'expired', code: ERRORS.code_expired.code });
        return;
      case 'already_claimed':
        remove(listener);
        sendError(listener.connection, 'code_already_used');
        return;
      case 'unknown':
        remove(listener);
        sendError(listener.connection, 'device_code_invalid');
        return;
    }
  }

  /** Looks at the pairing again through the atomic claim, in this listener's queue. */
  function recheck(listener: Listener): Promise<void> {
    listener.queue = listener.queue
      .then(async () => {
        if (listener.finished) return;
        await deliver(listener, await collector.collect(listener.deviceCode, { by: 'ws', listenerNode: nodeId, listenerId: listener.id }));
      })
      .catch((error: unknown) => {
        // Redis away or similar: keep the listener (the next event, expiry check or
        // re-subscription looks again) and tell the TV, which keeps its code and listens again.
        const redisDown = isRedisDown(error);
        logger.warn({ reason: (error as Error).message, userCode: listener.userCode }, redisDown ? 'redis unavailable; told a waiting TV' : 'could not check a waiting TV');
        if (!listener.finished) sendError(listener.connection, redisDown ? 'service_unavailable' : 'server_error');
      });
    const check = listener.queue;
    inFlight.add(check);
    void check.finally(() => inFlight.delete(check));
    return listener.queue;
  }

  function onEvent(message: string) {
    const [userCode, event] = message.split(' ');
    const listeners = userCode ? byUserCode.get(userCode) : undefined;
    if (!listeners) return;
    for (const listener of [...listeners]) {
      if (event === 'scanned') listener.connection.send({ type: 'scanned' });
      else void recheck(listener);
    }
  }

  async function checkExpired() {
    const now = clock.now();
    const due: Promise<void>[] = [];
    for (const listeners of byUserCode.values()) {
      for (const listener of listeners) if (listener.expiresAt <= now) due.push(recheck(listener));
    }
    await Promise.all(due);
  }

  return {
    nodeId,

    async listen(connection, deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) {
        sendError(connection, 'device_code_invalid');
        return;
      }
      // A TV that listens again (new code, or the same code after a hiccup) replaces what it had.
      for (const previous of [...(byConnection.get(connection) ?? [])]) remove(previous);
      const listener: Listener = {
        id: `${nodeId}.${randomBytes(9).toString('base64url')}`, deviceCode, userCode, connection, expiresAt: Infinity, queue: Promise.resolve(), finished: false,
      };
      // Registered (and on Redis Cluster subscribed) before the first check, so an approval
      // published meanwhile is not missed.
      add(listener);
      await events.watch(userCode).catch((error: unknown) => {
        // The shard is failing over: the re-subscription after it checks this listener again.
        logger.warn({ err: error, userCode }, 'could not subscribe to a pairing channel');
      });
      await recheck(listener);
    },

    forget(connection) {
      for (const listener of [...(byConnection.get(connection) ?? [])]) {
        remove(listener);
        // After the checks under way, so a claim in flight cannot undo the mark. The script only
        // marks a code still waiting whose latest listener this was.
        const gone = listener.queue.then(() => pairings.tvGone(listener.deviceCode, listener.id, TV_GONE_GRACE_MS)).then(
          (marked) => {
            if (marked) logger.info({ userCode: listener.userCode, nodeId }, 'tv socket closed while waiting; code ends unless it listens again');
          },
          (error: unknown) => logger.warn({ reason: (error as Error).message, userCode: listener.userCode }, 'could not mark a TV as gone'),
        );
        inFlight.add(gone);
        void gone.finally(() => inFlight.delete(gone));
      }
    },

    checkExpired,

    async settle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },

    size() {
      let count = 0;
      for (const listeners of byUserCode.values()) count += listeners.size;
      return count;
    },

    async start() {
      // Events published while a channel was down are lost: the waiting TVs it covers look again.
      events.start(onEvent, (userCode) => {
        const affected = userCode ? [byUserCode.get(userCode) ?? []] : byUserCode.values();
        for (const listeners of affected) for (const listener of listeners) void recheck(listener);
      });
      expiryTimer = setInterval(() => void checkExpired(), 1000);
      expiryTimer.unref();
    },

    async stop() {
      if (expiryTimer) clearInterval(expiryTimer);
    },
  };
}
