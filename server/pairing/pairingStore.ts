import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { generateUserCode, normalizeUserCode } from '../../shared/userCode.ts';
import { INITIAL_STATE, isPairingState, type PairingState } from '../../shared/pairingStates.ts';
import { fillRandom, newSecret, sha256Hex } from '../crypto.ts';
import { buildPairingScripts, type PairingScriptName } from './luaScripts.ts';
import { fieldsOf } from '../store/hashReply.ts';
import { eventRoutingOf, luaPublishEvent } from '../realtime/eventChannels.ts';
import { defineScripts, withKeyCount } from '../store/scripts.ts';

// Pairings in Redis. A pairing is one hash keyed by its user code; the device code the TV keeps
// secret is "<user code>.<256-bit secret>" and only its SHA-256 is stored, so a Redis dump cannot
// be used to collect anyone's token. Every change is one Lua script (see luaScripts.ts).

export interface Pairing {
  userCode: string;
  state: PairingState;
  clientId: string;
  scope: string;
  deviceName: string;
  deviceModel: string;
  requestIp: string;
  createdAt: number;
  expiresAt: number;
  intervalSeconds: number;
  accountId?: string;
  decidedAt?: number;
  claimedAt?: number;
  receivedAt?: number;
  /** When the TV said it stopped waiting for this code. */
  tvLeftAt?: number;
}

export interface NewPairing {
  clientId: string;
  scope: string;
  deviceName: string;
  deviceModel: string;
  requestIp: string;
  lifetimeSeconds: number;
  intervalSeconds: number;
  /**
   * The TV's listener, recorded at once (this node and the id its first listen here will use), so
   * that listen needs no Redis: see realtime/freshCodes.ts.
   */
  listener?: { nodeId: string; listenerId: string };
}

/**
 * What a TV's collection attempt found. `claimed` means this very call stored its sealed token
 * response (`box`); `redeliver` means an earlier claim did and the TV has not said `received`
 * yet, so the same box is handed again; `already_claimed` means the sign-in is final.
 */
export type ClaimOutcome =
  | { outcome: 'unknown' }
  | { outcome: 'claimed'; pairing: Pairing; box: string }
  | { outcome: 'redeliver'; pairing: Pairing; box: string }
  | { outcome: 'slow_down' | 'already_claimed' | 'pending' | 'scanned' | 'denied' | 'expired'; pairing: Pairing };

export interface ClaimOptions {
  by: 'ws' | 'poll';
  listenerNode?: string;
  /** When given, must be the client the code was issued to (else: unknown). */
  clientId?: string;
  /** The WebSocket listener claiming (unique per listen): a later tvGone names it. */
  listenerId?: string;
  /**
   * Mints and seals the token response for an approved pairing (in memory; it is stored by the
   * claim itself). Without it the pairing is claimed with nothing to hand out again.
   */
  seal?: (pairing: Pairing) => Promise<string>;
  /**
   * What the approval event said (see ApprovalEvent): with `seal`, the tokens are minted from it
   * and claimed in one call. If the pairing is no longer that approval, the two steps run as
   * without it.
   */
  approval?: ApprovalEvent;
}

export interface PairingForDecision {
  pairing: Pairing;
  deviceCodeHash: string;
  /** The sealed token response it holds, if any. */
  tokenBox?: string;
}

/** The approval as the decide script publishes it: what minting the tokens needs. */
export interface ApprovalEvent {
  decidedAt: number;
  accountId: string;
  clientId: string;
  scope: string;
  deviceName: string;
  deviceModel: string;
}

export interface PairingStore {
  create(input: NewPairing): Promise<{ deviceCode: string; pairing: Pairing }>;
  read(userCode: string): Promise<Pairing | null>;
  /** A person opened the code: pending → scanned (the TV is told). Null for unknown codes. */
  scan(userCode: string): Promise<Pairing | null>;
  /** The pairing and its device code's hash (what a token box is sealed for), or null. */
  readForDecision(userCode: string): Promise<PairingForDecision | null>;
  /**
   * Approve or deny; `ok` is false when the pairing was no longer pending/scanned. An approval may
   * bring its sealed token response (`tokenBox`, see signInApprover.ts): stored with it and pushed
   * to the TV in the approval event.
   */
  decide(userCode: string, decision: 'approved' | 'denied', accountId: string, tokenBox?: string): Promise<{ ok: boolean; pairing: Pairing | null }>;
  claim(deviceCode: string, options: ClaimOptions): Promise<ClaimOutcome>;
  markReceived(deviceCode: string): Promise<boolean>;
  /** The token box a claim stored for this device code's pairing, or null (none, or no such pairing). */
  storedBox(deviceCode: string): Promise<string | null>;
  /** The TV stopped waiting: its code can no longer be approved. False if it had already ended. */
  leave(deviceCode: string): Promise<boolean>;
  /** Deletes a pairing whose code was never handed out (its request was refused). */
  discard(deviceCode: string): Promise<boolean>;
  /**
   * The socket of listener `listenerId` closed while the code waited for a decision: unless the
   * TV claims again (listens on any node, or polls) within `graceMs`, the code ends as if the TV
   * had left. False if the code was not waiting or the TV already listens again elsewhere.
   */
  tvGone(deviceCode: string, listenerId: string, graceMs: number): Promise<boolean>;
}

/** How long an approved pairing stays collectable even if its code's lifetime is nearly over. */
const CLAIM_WINDOW_MS = 60_000;
/** How long after its claim a sign-in the TV has not acknowledged is handed again to its TV. */
export const REDELIVERY_WINDOW_MS = 60_000;
/** Stored as the box of a claim made without one: there is nothing to hand out again. */
const NO_BOX = '-';
/** Pairings stay in Redis this long after expiry so late polls get expired_token, not "unknown". */
const CLEANUP_GRACE_MS = 10 * 60_000;
const MAX_CODE_COLLISION_RETRIES = 8;

type ScriptReply = [string, string[]] | number;
type ScriptRunner = (name: PairingScriptName, userCode: string, args: (string | number)[]) => Promise<ScriptReply>;

export function createPairingStore(redis: RedisClient, keys: RedisKeys, clock: Clock): PairingStore {
  const run = registerScripts(redis, keys);

  async function pairingScript(name: PairingScriptName, userCode: string, args: (string | number)[] = []) {
    const reply = await run(name, userCode, args);
    if (typeof reply === 'number') throw new Error(`script ${name} returned a number`);
    const [outcome, fields] = reply;
    if (!fields.length) return { outcome, pairing: null };
    const f = fieldsOf(fields);
    return { outcome, pairing: toPairing(userCode, fields), box: f.tokenBox, deviceCodeHash: f.deviceCodeHash };
  }

  return {
    async create(input) {
      for (let attempt = 0; attempt < MAX_CODE_COLLISION_RETRIES; attempt++) {
        const userCode = generateUserCode(fillRandom);
        const deviceCode = `${userCode}.${newSecret(32)}`;
        const now = clock.now();
        const pairing: Pairing = {
          userCode,
          state: INITIAL_STATE,
          clientId: input.clientId,
          scope: input.scope,
          deviceName: input.deviceName,
          deviceModel: input.deviceModel,
          requestIp: input.requestIp,
          createdAt: now,
          expiresAt: now + input.lifetimeSeconds * 1000,
          intervalSeconds: input.intervalSeconds,
        };
        const fields = [
          'state', INITIAL_STATE, 'deviceCodeHash', sha256Hex(deviceCode), 'clientId', pairing.clientId,
          'scope', pairing.scope, 'deviceName', pairing.deviceName, 'deviceModel', pairing.deviceModel,
          'requestIp', pairing.requestIp, 'createdAt', now, 'expiresAt', pairing.expiresAt,
          'interval', pairing.intervalSeconds,
          ...(input.listener ? ['listenerNode', input.listener.nodeId, 'listenerId', input.listener.listenerId] : []),
        ];
        const cleanupMs = input.lifetimeSeconds * 1000 + CLEANUP_GRACE_MS + CLAIM_WINDOW_MS;
        const created = await run('create', userCode, [cleanupMs, ...fields]);
        if (created === 1) return { deviceCode, pairing };
      }
      throw new Error('could not find a free user code; the code space is nearly full');
    },

    async read(userCode) {
      const code = normalizeUserCode(userCode);
      if (!code) return null;
      return (await pairingScript('read', code)).pairing;
    },

    async scan(userCode) {
      const code = normalizeUserCode(userCode);
      if (!code) return null;
      return (await pairingScript('scan', code)).pairing;
    },

    async readForDecision(userCode) {
      const code = normalizeUserCode(userCode);
      if (!code) return null;
      const { pairing, deviceCodeHash, box } = await pairingScript('read', code);
      return pairing && deviceCodeHash ? { pairing, deviceCodeHash, tokenBox: box } : null;
    },

    async decide(userCode, decision, accountId, tokenBox = '') {
      const code = normalizeUserCode(userCode);
      if (!code) return { ok: false, pairing: null };
      const { outcome, pairing } = await pairingScript('decide', code, [decision, accountId, CLAIM_WINDOW_MS, tokenBox]);
      return { ok: outcome === 'ok', pairing };
    },

    async claim(deviceCode, options) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return { outcome: 'unknown' };
      const claimWith = (box: string, decidedAt: number | '' = '') =>
        pairingScript('claim', userCode, [
          sha256Hex(deviceCode), options.listenerNode ?? '', options.by, options.clientId ?? '', box, REDELIVERY_WINDOW_MS,
          options.listenerId ?? '', decidedAt,
        ]);
      const { approval, seal } = options;
      /** The box this call sent last: a claim that stores it does not send it back. */
      let sent = approval && seal ? await seal(approvedPairing(userCode, approval)) : '';
      // One step when an approval event came: minted from it, stored only if the pairing is still
      // that approval (else the script answers as without a box, and the two steps follow).
      let { outcome, pairing, box } = await claimWith(sent, sent ? approval!.decidedAt : '');
      if (outcome === 'approved' && pairing) {
        // Minting happens between the two steps; if another claim wins meanwhile, this call gets
        // its box back ('redeliver') and what was minted here is dropped, never stored or sent.
        sent = seal ? await seal(pairing) : NO_BOX;
        ({ outcome, pairing, box } = await claimWith(sent));
      }
      if (!pairing) return { outcome: 'unknown' };
      if (outcome === 'claimed_now') return { outcome: 'claimed', pairing, box: sent };
      if (outcome === 'claimed_box' && box) return { outcome: 'claimed', pairing, box };
      if (outcome === 'redeliver' && box && box !== NO_BOX) return { outcome: 'redeliver', pairing, box };
      if (outcome === 'redeliver' || outcome === 'claimed') return { outcome: 'already_claimed', pairing };
      if (outcome === 'slow_down' || outcome === 'pending' || outcome === 'scanned' || outcome === 'denied' || outcome === 'expired') {
        return { outcome, pairing };
      }
      // 'approved' cannot come back from the call with a box; anything else is a bug worth seeing.
      throw new Error(`unexpected claim outcome ${outcome}`);
    },

    async storedBox(deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return null;
      return (await pairingScript('read', userCode)).box ?? null;
    },

    async markReceived(deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return false;
      return (await run('received', userCode, [sha256Hex(deviceCode)])) === 1;
    },

    async discard(deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return false;
      return (await run('discard', userCode, [sha256Hex(deviceCode)])) === 1;
    },

    async leave(deviceCode) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return false;
      return (await run('leave', userCode, [sha256Hex(deviceCode)])) === 1;
    },

    async tvGone(deviceCode, listenerId, graceMs) {
      const userCode = userCodeOfDeviceCode(deviceCode);
      if (!userCode) return false;
      return (await run('tvGone', userCode, [sha256Hex(deviceCode), listenerId, graceMs])) === 1;
    },
  };

  function registerScripts(client: RedisClient, redisKeys: RedisKeys): ScriptRunner {
    const publish = luaPublishEvent(eventRoutingOf(client), redisKeys.nodeChannel, redisKeys.pairingEvents);
    const sources = buildPairingScripts(publish);
    // The steps a sign-in cannot lose to a Redis Cluster failover wait for a replica (see scripts.ts).
    const scripts = defineScripts(client, withKeyCount(1, sources, ['create', 'decide', 'claim']));
    return (name, userCode, args) =>
      scripts[name]([redisKeys.pairing(userCode)], [clock.now(), userCode, ...args]) as Promise<ScriptReply>;
  }
}

/** The pairing as an approval event describes it: what minting its tokens needs. */
function approvedPairing(userCode: string, approval: ApprovalEvent): Pairing {
  return {
    userCode, state: 'approved', clientId: approval.clientId, scope: approval.scope, deviceName: approval.deviceName,
    deviceModel: approval.deviceModel, requestIp: '', createdAt: 0, expiresAt: 0, intervalSeconds: 0,
    accountId: approval.accountId, decidedAt: approval.decidedAt,
  };
}

/**
 * The approval carried by a pairing event ("<user code> approved <decidedAt>\n<account id>\n
 * <client id>\n<scope>\n<device name>\n<device model>", from the decide script), or undefined.
 */
export function approvalOfEvent(event: string): ApprovalEvent | undefined {
  const lines = event.split('\n');
  if (lines.length !== 6) return undefined;
  const [head, accountId, clientId, scope, deviceName, deviceModel] = lines as [string, string, string, string, string, string];
  const decidedAt = Number(head.split(' ')[2]);
  if (!Number.isFinite(decidedAt) || !accountId) return undefined;
  return { decidedAt, accountId, clientId, scope, deviceName, deviceModel };
}

/** An approval that brought its tokens: the listener Redis named and the sealed token response. */
export interface BoxedApprovalEvent {
  decidedAt: number;
  /** The listener whose device code Redis checked ('-': none yet). */
  listenerId: string;
  box: string;
}

/** The approval with tokens carried by a pairing event ("<user code> approved <decidedAt> <listener id>\n<box>"), or undefined. */
export function boxedApprovalOfEvent(event: string): BoxedApprovalEvent | undefined {
  const lines = event.split('\n');
  if (lines.length !== 2 || !lines[1]) return undefined;
  const [, , decidedAt, listenerId] = lines[0]!.split(' ');
  if (!listenerId || !Number.isFinite(Number(decidedAt))) return undefined;
  return { decidedAt: Number(decidedAt), listenerId, box: lines[1] };
}

/** The user code inside a device code, or null if it is not one of ours. */
export function userCodeOfDeviceCode(deviceCode: string): string | null {
  if (typeof deviceCode !== 'string' || deviceCode.length > 128) return null;
  const dot = deviceCode.indexOf('.');
  if (dot < 0) return null;
  const userCode = deviceCode.slice(0, dot);
  const secret = deviceCode.slice(dot + 1);
  if (normalizeUserCode(userCode) !== userCode || !/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
  return userCode;
}

function toPairing(userCode: string, flat: string[]): Pairing {
  const f = fieldsOf(flat);
  const state = f.state;
  if (!isPairingState(state)) throw new Error(`pairing ${userCode} has an unknown state`);
  const optionalNumber = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    userCode,
    state,
    clientId: f.clientId ?? '',
    scope: f.scope ?? '',
    deviceName: f.deviceName ?? '',
    deviceModel: f.deviceModel ?? '',
    requestIp: f.requestIp ?? '',
    createdAt: Number(f.createdAt),
    expiresAt: Number(f.expiresAt),
    intervalSeconds: Number(f.interval),
    accountId: f.accountId,
    decidedAt: optionalNumber(f.decidedAt),
    claimedAt: optionalNumber(f.claimedAt),
    receivedAt: optionalNumber(f.receivedAt),
    tvLeftAt: optionalNumber(f.tvLeftAt),
  };
}
