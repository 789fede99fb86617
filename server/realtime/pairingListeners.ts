import type { Logger } from 'pino';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import type { Collected, SignInCollector } from '../pairing/signInCollector.ts';
import type { ServerToTv } from '../../shared/protocol.ts';
import type { MessageBus } from './messageBus.ts';
import type { PairingStore } from '../pairing/pairingStore.ts';
import { approvalOfEvent, boxedApprovalOfEvent, userCodeOfDeviceCode, type ApprovalEvent, type BoxedApprovalEvent } from '../pairing/pairingStore.ts';
import type { TokenBoxes } from '../pairing/tokenBox.ts';
import { sha256Hex } from '../crypto.ts';
import { createEventSubscription } from './eventChannels.ts';
import { tvError } from './tvError.ts';
import { answerForTv, pendingMessage, tokensMessage } from './answerForTv.ts';
import { newListenerId, type FreshCodes } from './freshCodes.ts';
import { WaitingTvs, type WaitingTv } from './waitingTvs.ts';
import { isRedisDown } from '../store/redisErrors.ts';

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

/** The queue of a TV with no check under way: one settled promise for all (not one per TV). */
const NOTHING_QUEUED: Promise<void> = Promise.resolve();

/** How long a TV whose socket closed has to listen again before its code ends. */
export const TV_GONE_GRACE_MS = 15_000;

export interface TvConnection {
  send(message: ServerToTv): void;
  /** The TV's address (as TRUST_PROXY gives it): the network a signed-in TV is seen from. */
  readonly address?: string;
}

export interface PairingListeners {
  readonly nodeId: string;
  /** Starts listening for a device code; sends the current state at once. */
  listen(connection: TvConnection, deviceCode: string): Promise<void>;
  /** Stops every listening of a connection (it closed). */
  forget(connection: TvConnection): void;
  /** Whether the connection's TV still waits for a code on this node (its pings come more often). */
  isWaiting(connection: TvConnection): boolean;
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
  /**
   * Tokens were sent on a TV's socket (metrics: Start Watching → token on the TV). `claimed`: a
   * claim handed them out (and counted them); false: straight from the approval event.
   */
  onDelivered?: (delivery: { decidedAt?: number; claimed: boolean }) => void;
  /** Opens the token response an approval event carries (pairing/tokenBox.ts). */
  boxes: TokenBoxes;
  /** Codes this node issued a moment ago: their first listen here is answered without Redis. */
  freshCodes?: FreshCodes;
}): PairingListeners {
  const { nodeId, bus, keys, collector, pairings, clock, logger, freshCodes, boxes } = deps;
  const waiting = new WaitingTvs();
  const events = createEventSubscription({
    bus, routing: bus.sharded ? 'sharded' : 'node', nodeChannel: keys.nodeChannel(nodeId), taggedChannel: keys.pairingEvents,
  });
  let expiryTimer: NodeJS.Timeout | undefined;
  /** Checks under way (a claim, a delivery), awaited when the node drains. */
  const inFlight = new Set<Promise<void>>();

  function remove(tv: WaitingTv) {
    if (waiting.remove(tv)) events.unwatch(tv.userCode);
  }

  /** Tells the TV what a claim found; it stops waiting once the answer is final. */
  function deliver(tv: WaitingTv, result: Collected) {
    if (tv.finished) return;
    const answer = answerForTv(result, clock.now());
    if (answer.final) remove(tv);
    else if ('pairing' in result) tv.expiresAt = result.pairing.expiresAt;
    tv.connection.send(answer.message);
    if (result.outcome === 'tokens') {
      deps.onDelivered?.({ decidedAt: result.pairing.decidedAt, claimed: true });
      logger.info({ userCode: tv.userCode, accountId: result.pairing.accountId, nodeId, again: result.again }, 'tv signed in over websocket');
    }
  }

  /**
   * An approval that brought its tokens: they go straight to the TV Redis named as its listener
   * (its device code was checked when it listened, and the box opens only with it), with no claim.
   * Any other TV waiting here with this code looks again through the claim, which hands out the
   * same box to the rightful one.
   */
  function handOver(tv: WaitingTv, approval: BoxedApprovalEvent) {
    if (tv.finished) return;
    const contents = tv.id === approval.listenerId ? boxes.open(tv.userCode, sha256Hex(tv.deviceCode), approval.box) : null;
    if (!contents) return void recheck(tv);
    remove(tv);
    tv.connection.send(tokensMessage(contents.tokens));
    deps.onDelivered?.({ decidedAt: approval.decidedAt, claimed: false });
    logger.info({ userCode: tv.userCode, accountId: contents.session.accountId, nodeId }, 'tv signed in over websocket');
  }

  /** Looks at the pairing again through the atomic claim, in this listener's queue. */
  function recheck(listener: WaitingTv, approval?: ApprovalEvent): Promise<void> {
    listener.queue = listener.queue
      .then(async () => {
        if (listener.finished) return;
        await deliver(listener, await collector.collect(listener.deviceCode, { by: 'ws', listenerNode: nodeId, listenerId: listener.id, approval }));
      })
      .catch((error: unknown) => {
        // Redis away or similar: keep the listener (the next event, expiry check or
        // re-subscription looks again) and tell the TV, which keeps its code and listens again.
        const redisDown = isRedisDown(error);
        logger.warn({ reason: (error as Error).message, userCode: listener.userCode }, redisDown ? 'redis unavailable; told a waiting TV' : 'could not check a waiting TV');
        if (!listener.finished) listener.connection.send(tvError(redisDown ? 'service_unavailable' : 'server_error'));
      });
    const check = listener.queue;
    inFlight.add(check);
    void check.finally(() => inFlight.delete(check));
    return listener.queue;
  }

  function onEvent(message: string) {
    const [userCode, event] = message.split(/[ \n]/);
    if (!userCode) return;
    freshCodes?.forget(userCode);
    // The TV now listens on another node: nothing to look at here (a waiting TV of this node
    // with the same code keeps waiting; rechecking it would move the listener back, and so on).
    if (event === 'moved') return;
    const boxed = event === 'approved' ? boxedApprovalOfEvent(message) : undefined;
    if (boxed) {
      for (const listener of waiting.withCode(userCode)) handOver(listener, boxed);
      return;
    }
    // An approval without tokens carries what minting needs, so the claim takes one step (see pairingStore.claim).
    const approval = event === 'approved' ? approvalOfEvent(message) : undefined;
    for (const listener of waiting.withCode(userCode)) {
      if (event === 'scanned') listener.connection.send({ type: 'scanned' });
      else void recheck(listener, approval);
    }
  }

  async function checkExpired() {
    const now = clock.now();
    const due: Promise<void>[] = [];
    for (const listener of waiting.all()) if (listener.expiresAt <= now) due.push(recheck(listener));
    await Promise.all(due);
  }

  return {
    nodeId,

    async listen(connection, deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) {
        connection.send(tvError('device_code_invalid'));
        return;
      }
      // A TV that listens again (new code, or the same code after a hiccup) replaces what it had.
      for (const previous of waiting.on(connection)) remove(previous);
      // A code this node issued a moment ago, untouched since: its pairing already names this
      // listener, and nothing has happened to it (freshCodes.ts), so the answer needs no Redis.
      const fresh = freshCodes?.take(userCode, deviceCode);
      const listener: WaitingTv = {
        id: fresh?.listenerId ?? newListenerId(nodeId), deviceCode, userCode, connection, expiresAt: fresh?.expiresAt ?? Infinity, queue: NOTHING_QUEUED, finished: false,
      };
      if (fresh) {
        waiting.add(listener);
        connection.send(pendingMessage(fresh.expiresAt, clock.now()));
        return;
      }
      // Registered (and on Redis Cluster subscribed) before the first check, so an approval
      // published meanwhile is not missed.
      waiting.add(listener);
      await events.watch(userCode).catch((error: unknown) => {
        // The shard is failing over: the re-subscription after it checks this listener again.
        logger.warn({ err: error, userCode }, 'could not subscribe to a pairing channel');
      });
      await recheck(listener);
    },

    forget(connection) {
      for (const listener of waiting.on(connection)) {
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

    isWaiting: (connection) => waiting.hasConnection(connection),

    checkExpired,

    async settle() {
      while (inFlight.size) await Promise.all([...inFlight]);
    },

    size: () => waiting.size,

    async start() {
      // Events published while a channel was down are lost: the waiting TVs it covers look again.
      events.start(onEvent, (userCode) => {
        for (const listener of userCode ? waiting.withCode(userCode) : [...waiting.all()]) void recheck(listener);
      });
      expiryTimer = setInterval(() => void checkExpired(), 1000);
      expiryTimer.unref();
    },

    async stop() {
      if (expiryTimer) clearInterval(expiryTimer);
    },
  };
}
