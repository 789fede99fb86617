import type { Logger } from 'pino';
import type { RedisKeys } from '../store/keys.ts';
import type { AccessTokens } from '../tokens/accessTokens.ts';
import type { DeviceSessions } from '../devices/deviceSessionStore.ts';
import type { TvConnection } from './pairingListeners.ts';
import type { MessageBus } from './messageBus.ts';
import { tvError } from './tvError.ts';
import { createEventSubscription } from './eventChannels.ts';

// Signed-in TVs connected to this node, so a sign-out on the Account page reaches them at once.
//
// Routed like pairings: registering records this node in the device session (listenerNode), and
// the Lua script that ends a session publishes "<account id> <session id>" to that node's device
// channel (on Redis Cluster: the account's sharded channel, which this node subscribes to while it
// holds one of the account's TVs; see eventChannels.ts). The session is deleted before the event exists, so a lost event loses nothing: a TV
// registers again on every reconnect and is told then, and every registration here is checked
// again once the bus has this node's subscription confirmed again.

export interface DeviceSessionListeners {
  /** Registers a TV socket for the device session of its access token; answers session_active, signed_out or an error. */
  register(connection: TvConnection, accessToken: string): Promise<void>;
  /** The connection closed. */
  forget(connection: TvConnection): void;
  /** Number of registered TV sockets on this node. */
  size(): number;
  /** Routes this node's device channel here (the bus subscribes it). */
  start(): void;
}

interface Registration {
  accountId: string;
  deviceSessionId: string;
}

const sessionKey = (r: Registration) => `${r.accountId} ${r.deviceSessionId}`;

export function createDeviceSessionListeners(deps: {
  nodeId: string;
  bus: MessageBus;
  keys: RedisKeys;
  accessTokens: AccessTokens;
  deviceSessions: DeviceSessions;
  logger: Logger;
}): DeviceSessionListeners {
  const { nodeId, bus, keys, accessTokens, deviceSessions, logger } = deps;
  const events = createEventSubscription({
    bus, routing: bus.sharded ? 'sharded' : 'node', nodeChannel: keys.nodeDeviceChannel(nodeId), taggedChannel: keys.accountDeviceEvents,
  });
  const bySession = new Map<string, Set<TvConnection>>();
  const byConnection = new Map<TvConnection, Registration>();

  function add(connection: TvConnection, registration: Registration) {
    forget(connection);
    byConnection.set(connection, registration);
    const key = sessionKey(registration);
    bySession.set(key, (bySession.get(key) ?? new Set()).add(connection));
  }

  function forget(connection: TvConnection) {
    const registration = byConnection.get(connection);
    if (!registration) return;
    byConnection.delete(connection);
    events.unwatch(registration.accountId);
    const key = sessionKey(registration);
    const connections = bySession.get(key);
    connections?.delete(connection);
    if (connections?.size === 0) bySession.delete(key);
  }

  function signOut(key: string) {
    for (const connection of [...(bySession.get(key) ?? [])]) {
      forget(connection);
      connection.send({ type: 'signed_out' });
    }
  }

  /** Asks Redis whether a registration still stands (and routes its events here); tells the TV if not. */
  async function recheck(connection: TvConnection, registration: Registration) {
    const active = await deviceSessions.touch(registration.accountId, registration.deviceSessionId, nodeId, connection.address);
    if (byConnection.get(connection) !== registration) return;
    if (active) {
      connection.send({ type: 'session_active' });
    } else {
      forget(connection);
      connection.send({ type: 'signed_out' });
    }
  }

  return {
    async register(connection, accessToken) {
      const claims = await accessTokens.verify(accessToken);
      if (!claims?.deviceSessionId) {
        // Expired or not ours: the TV refreshes its tokens and registers again.
        connection.send(tvError('invalid_token'));
        return;
      }
      const registration = { accountId: claims.accountId, deviceSessionId: claims.deviceSessionId };
      // Registered (and on Redis Cluster subscribed) before asking Redis, so a sign-out
      // published meanwhile is not missed.
      add(connection, registration);
      try {
        await events.watch(registration.accountId);
        await recheck(connection, registration);
      } catch (error) {
        // Redis away: keep the registration; the re-subscription check looks again.
        logger.warn({ err: error }, 'could not check a signed-in TV');
      }
    },

    forget,

    size: () => byConnection.size,

    start() {
      // Sign-outs published while a channel was down are lost: the signed-in TVs it covers look again.
      events.start(signOut, (accountId) => {
        for (const [connection, registration] of byConnection) {
          if (accountId && registration.accountId !== accountId) continue;
          recheck(connection, registration).catch((error: unknown) => logger.warn({ err: error }, 'could not re-check a signed-in TV'));
        }
      });
    },
  };
}
