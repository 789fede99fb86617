import type { RedisClient } from '../store/redisClient.ts';
import type { Clock } from '../clock.ts';
import type { RedisKeys } from '../store/keys.ts';
import { eventRoutingOf, luaPublishEvent } from '../realtime/eventChannels.ts';
import { hmacBase64Url, sha256Hex } from '../crypto.ts';
import { networkOf } from '../../shared/network.ts';
import { buildDeviceSessionScripts, MAX_REMEMBERED_ROTATED_TOKENS, type DeviceSessionScriptName } from './deviceSessionScripts.ts';
import { isDeviceSessionId, newDeviceSessionId, newRefreshToken, parseRefreshToken } from './refreshTokens.ts';
import { fieldsOf } from '../store/hashReply.ts';
import { defineScripts, withKeyCount } from '../store/scripts.ts';

// Signed-in devices ("device sessions"). Every successful TV sign-in creates one; it holds the
// hash of the device's current refresh token, when it signed in and was last seen, and which node
// holds its WebSocket. Access tokens carry its id as `sid`, so signing a device out stops its
// access tokens at userinfo too, not only its refresh token.

export interface DeviceSession {
  id: string;
  accountId: string;
  clientId: string;
  scope: string;
  deviceName: string;
  deviceModel: string;
  signedInAt: number;
  lastSeenAt: number;
  /** Signed out automatically if it does not refresh before this (sliding). */
  expiresAt: number;
  /** Who is watching on this device, once chosen ("Who's watching?"). */
  profileId?: string;
  /**
   * The network it was last seen from (signed in, registered its socket, refreshed): an opaque
   * keyed hash of the network (see shared/network.ts), never the address, so the devices page can
   * say "this network" or "another network" and Redis holds no one's address. Absent: not known.
   */
  lastNetwork?: string;
}

export interface NewDeviceSession {
  accountId: string;
  clientId: string;
  scope: string;
  deviceName: string;
  deviceModel: string;
  /** The device's address at sign-in, if known (kept only as its network's keyed hash). */
  ip?: string;
}

export type RotateResult =
  | { outcome: 'rotated'; session: DeviceSession; refreshToken: string }
  /** Unknown, expired, signed out, or another client's token. */
  | { outcome: 'invalid' }
  /** An already rotated token came back: the whole session was ended. */
  | { outcome: 'reused' };

export interface DeviceSessions {
  create(input: NewDeviceSession): Promise<{ session: DeviceSession; refreshToken: string }>;
  /** A new session and its first refresh token, in memory only (see save). */
  prepare(input: NewDeviceSession): { session: DeviceSession; refreshToken: string };
  /** Stores a prepared session unless it exists already (saving the same one twice is harmless). */
  save(session: DeviceSession, refreshToken: string): Promise<void>;
  /** Exchanges a refresh token for its successor (the presented one stops working); `ip`: the device's address. */
  rotate(refreshToken: string, clientId: string, ip?: string): Promise<RotateResult>;
  /** One signed-in device, or null if it is signed out or not this account's. */
  get(accountId: string, deviceSessionId: string): Promise<DeviceSession | null>;
  /** The account's signed-in devices, most recent sign-in first. */
  list(accountId: string): Promise<DeviceSession[]>;
  /**
   * Whether the device is still signed in; records it as seen (from `ip`'s network, if given), and
   * routes sign-out events to `nodeId` if given.
   */
  touch(accountId: string, deviceSessionId: string, nodeId?: string, ip?: string): Promise<boolean>;
  /** The keyed hash of `ip`'s network, as lastNetwork holds it ('' for no address). */
  networkOf(ip: string | undefined): string;
  /** Records who is watching on a signed-in device. False if it is not signed in. */
  chooseProfile(accountId: string, deviceSessionId: string, profileId: string): Promise<boolean>;
  /** Signs one device out. False if it was not signed in (or not this account's). */
  revoke(accountId: string, deviceSessionId: string): Promise<boolean>;
  /** RFC 7009: signs out the device a refresh token belongs to, if the token is the client's. */
  revokeByRefreshToken(refreshToken: string, clientId: string): Promise<boolean>;
  /** Signs every device of the account out (password reset, "Sign out of all devices"). */
  revokeAllFor(accountId: string): Promise<void>;
}

/** Sessions stay in Redis a little past their expiry, so late requests are answered, not lost. */
const CLEANUP_GRACE_MS = 24 * 3600_000;

type ScriptRunner = (name: DeviceSessionScriptName, accountId: string, deviceSessionId: string, args: (string | number)[]) => Promise<unknown>;

export function createDeviceSessions(options: {
  redis: RedisClient;
  keys: RedisKeys;
  clock: Clock;
  lifetimeSeconds: number;
  /** Keys the network hashes (derive it from APP_SECRET); tests may leave it out. */
  networkKey?: string;
}): DeviceSessions {
  const { redis, keys, clock } = options;
  const networkKey = options.networkKey ?? 'development network key';
  /** Keyed, so a dump of Redis cannot be matched against a list of addresses. */
  const networkIdOf = (ip: string | undefined) => {
    const network = networkOf(ip);
    return network ? hmacBase64Url(networkKey, network).slice(0, 22) : '';
  };
  const lifetimeMs = options.lifetimeSeconds * 1000;
  const cleanupMs = lifetimeMs + CLEANUP_GRACE_MS;
  const run = registerScripts(redis, keys, clock);

  /** A stored session that is still signed in as of now, or null. */
  function signedIn(fields: Record<string, string>): DeviceSession | null {
    return fields.id && Number(fields.expiresAt) > clock.now() ? toSession(Object.entries(fields).flat()) : null;
  }

  function prepare(input: NewDeviceSession) {
    const id = newDeviceSessionId();
    const refreshToken = newRefreshToken({ accountId: input.accountId, deviceSessionId: id });
    const now = clock.now();
    const network = networkIdOf(input.ip);
    const session: DeviceSession = {
      id, accountId: input.accountId, clientId: input.clientId, scope: input.scope, deviceName: input.deviceName,
      deviceModel: input.deviceModel, signedInAt: now, lastSeenAt: now, expiresAt: now + lifetimeMs,
      ...(network ? { lastNetwork: network } : {}),
    };
    return { session, refreshToken };
  }

  async function save(session: DeviceSession, refreshToken: string) {
    const fields = Object.entries(session).flat();
    await run('create', session.accountId, session.id, [cleanupMs, session.id, ...fields, 'refreshHash', sha256Hex(refreshToken)]);
  }

  async function revoke(accountId: string, deviceSessionId: string) {
    if (!isDeviceSessionId(deviceSessionId)) return false;
    return (await run('revoke', accountId, deviceSessionId, [])) === 1;
  }

  return {
    async create(input) {
      const prepared = prepare(input);
      await save(prepared.session, prepared.refreshToken);
      return prepared;
    },

    prepare,
    save,

    async rotate(refreshToken, clientId, ip) {
      const parts = parseRefreshToken(refreshToken);
      if (!parts) return { outcome: 'invalid' };
      const successor = newRefreshToken(parts);
      const reply = (await run('rotate', parts.accountId, parts.deviceSessionId, [
        sha256Hex(refreshToken), sha256Hex(successor), clock.now() + lifetimeMs, clientId, cleanupMs, MAX_REMEMBERED_ROTATED_TOKENS,
        networkIdOf(ip),
      ])) as [string, string[]?];
      if (reply[0] === 'rotated' && reply[1]) return { outcome: 'rotated', session: toSession(reply[1]), refreshToken: successor };
      return { outcome: reply[0] === 'reused' ? 'reused' : 'invalid' };
    },

    async get(accountId, deviceSessionId) {
      if (!isDeviceSessionId(deviceSessionId)) return null;
      return signedIn(await redis.hgetall(keys.deviceSession(accountId, deviceSessionId)));
    },

    async list(accountId) {
      const ids = await redis.zrevrange(keys.accountDevices(accountId), 0, -1);
      const replies = await Promise.all(ids.map((id) => redis.hgetall(keys.deviceSession(accountId, id))));
      const sessions = replies.map(signedIn);
      // Devices that ran out (or whose hash Redis already cleaned up) leave the index; the script
      // does it atomically, and tells a TV still connected somewhere.
      const gone = ids.filter((_id, i) => !sessions[i]);
      await Promise.all(gone.map((id) => revoke(accountId, id)));
      if (gone.length) await redis.zrem(keys.accountDevices(accountId), ...gone);
      return sessions.filter((session) => session !== null);
    },

    async touch(accountId, deviceSessionId, nodeId, ip) {
      if (!isDeviceSessionId(deviceSessionId)) return false;
      return (await run('touch', accountId, deviceSessionId, [nodeId ?? '', networkIdOf(ip)])) === 1;
    },

    networkOf: networkIdOf,

    async chooseProfile(accountId, deviceSessionId, profileId) {
      if (!isDeviceSessionId(deviceSessionId)) return false;
      return (await run('chooseProfile', accountId, deviceSessionId, [profileId])) === 1;
    },

    revoke,

    async revokeByRefreshToken(refreshToken, clientId) {
      const parts = parseRefreshToken(refreshToken);
      if (!parts) return false;
      return (await run('revokeByToken', parts.accountId, parts.deviceSessionId, [sha256Hex(refreshToken), clientId])) === 1;
    },

    async revokeAllFor(accountId) {
      // One script per device: each is atomic and tells its TV; a device signing in at this very
      // moment is not in the list yet and stays signed in, like one that signs in a second later.
      const ids = await redis.zrange(keys.accountDevices(accountId), 0, -1);
      await Promise.all(ids.map((id) => revoke(accountId, id)));
    },
  };
}

function registerScripts(client: RedisClient, keys: RedisKeys, clock: Clock): ScriptRunner {
  const publish = luaPublishEvent(eventRoutingOf(client), keys.nodeDeviceChannel, keys.accountDeviceEvents);
  // Sign-in, rotation and sign-out must survive a Redis Cluster failover: they wait for a replica.
  const scripts = defineScripts(client, withKeyCount(3, buildDeviceSessionScripts(publish), ['create', 'rotate', 'revoke', 'revokeByToken']));
  return (name, accountId, deviceSessionId, args) =>
    scripts[name](
      [keys.deviceSession(accountId, deviceSessionId), keys.accountDevices(accountId), keys.deviceRotatedTokens(accountId, deviceSessionId)],
      [clock.now(), ...args],
    );
}

function toSession(flat: string[]): DeviceSession {
  const f = fieldsOf(flat);
  return {
    id: f.id ?? '',
    accountId: f.accountId ?? '',
    clientId: f.clientId ?? '',
    scope: f.scope ?? '',
    deviceName: f.deviceName ?? '',
    deviceModel: f.deviceModel ?? '',
    signedInAt: Number(f.signedInAt),
    lastSeenAt: Number(f.lastSeenAt),
    expiresAt: Number(f.expiresAt),
    ...(f.profileId ? { profileId: f.profileId } : {}),
    ...(f.lastNetwork ? { lastNetwork: f.lastNetwork } : {}),
  };
}
