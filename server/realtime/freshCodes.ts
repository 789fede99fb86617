import { timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { MessageBus } from './messageBus.ts';
import { randomBytesPooled, sha256 } from '../crypto.ts';

// Codes this node issued a moment ago, so the TV's first listen here needs no Redis (issue 11).
//
// A TV asks for a code and, a few milliseconds later, listens for it, nearly always on the same
// node (one node, or a load balancer that keeps a client's connections together). The create
// script already records this node as the code's listener, with the id the first listen here will
// use; so that listen has nothing to ask Redis: the code is pending, it expires when it was made
// to, and any event for it since (scanned, approved, left…) was published to this node's channel.
// The answer from memory is trusted only while that holds:
// - the node's channel has stayed confirmed since the create (the bus's connection generation
//   is unchanged: an event published while it was down would have been lost);
// - no event for the code arrived (then the listen claims in Redis as always). A listen on another
//   node counts: its claim moves the listener and publishes 'moved' to this node, so a TV that
//   listened elsewhere and comes back here is not answered from a record that no longer holds;
// - the device code is the one issued (compared as SHA-256, in constant time), and the record is
//   taken once: a second listen with the same code goes to Redis.
// Only on one Redis ('node' routing). On a Redis Cluster events travel on the pairing's own
// sharded channel, which a node subscribes to only while a TV waits there, so a listen there
// still subscribes and claims.
// The only event that could be published before the create's reply reached this node is a scan
// by someone who guessed a code a few microseconds old; the TV would then show "pending" instead
// of "scanned" until the next event. An approval needs the code, which leaves only in the reply.

/** How long a record waits for its TV's first listen. TVs listen within milliseconds. */
export const FRESH_FOR_MS = 10_000;
/** At most this many records (a flood of code requests must not grow memory without bound). */
const MAX_RECORDS = 50_000;

export interface FreshListener {
  nodeId: string;
  listenerId: string;
  /** The bus's connection generation when the listener was reserved. */
  generation: number;
}

/** What this node knows of a code it issued. */
interface IssuedCode {
  listener: FreshListener;
  deviceCodeHash: Buffer;
  expiresAt: number;
  createdAt: number;
}

export interface FreshCodes {
  /** A listener to record in a new pairing, or undefined when the first listen must ask Redis anyway. */
  reserve(): FreshListener | undefined;
  /** The pairing (user code, device code) was created with that listener (and handed out). */
  remember(listener: FreshListener, userCode: string, deviceCode: string, expiresAt: number): void;
  /**
   * The TV's first listen on this node for a code it issued: the listener id and expiry the
   * create recorded, if nothing can have happened to the code since. Takes the record.
   */
  take(userCode: string, deviceCode: string): { listenerId: string; expiresAt: number } | undefined;
  /** An event for the code arrived: what was recorded is no longer the whole truth. */
  forget(userCode: string): void;
  size(): number;
}

/** A unique id for one listen of one TV socket (the pairing keeps its latest: see tvGone). */
export function newListenerId(nodeId: string): string {
  return `${nodeId}.${randomBytesPooled(9).toString('base64url')}`;
}

export function createFreshCodes(deps: { nodeId: string; bus: Pick<MessageBus, 'sharded' | 'isReady' | 'generation'>; clock: Clock }): FreshCodes {
  const { nodeId, bus, clock } = deps;
  /** By user code, in the order created (so the oldest are first to go). */
  const records = new Map<string, IssuedCode>();

  function dropOld(now: number) {
    for (const [userCode, record] of records) {
      if (records.size <= MAX_RECORDS && now - record.createdAt < FRESH_FOR_MS) break;
      records.delete(userCode);
    }
  }

  return {
    reserve() {
      if (bus.sharded || !bus.isReady()) return undefined;
      return { nodeId, listenerId: newListenerId(nodeId), generation: bus.generation() };
    },

    remember(listener, userCode, deviceCode, expiresAt) {
      const now = clock.now();
      records.set(userCode, { listener, deviceCodeHash: sha256(deviceCode), expiresAt, createdAt: now });
      dropOld(now);
    },

    take(userCode, deviceCode) {
      const record = records.get(userCode);
      if (!record) return undefined;
      if (!timingSafeEqual(record.deviceCodeHash, sha256(deviceCode))) return undefined;
      records.delete(userCode);
      const now = clock.now();
      const trusted = bus.isReady() && bus.generation() === record.listener.generation && now - record.createdAt < FRESH_FOR_MS && now < record.expiresAt;
      return trusted ? { listenerId: record.listener.listenerId, expiresAt: record.expiresAt } : undefined;
    },

    forget(userCode) {
      records.delete(userCode);
    },

    size: () => records.size,
  };
}
