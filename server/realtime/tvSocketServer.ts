import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { PairingListeners, TvConnection } from './pairingListeners.ts';
import type { DeviceSessionListeners } from './deviceSessionListeners.ts';
import { parseTvMessage, WS_MAX_PAYLOAD_BYTES, WS_PATH, type ServerToTv } from '../../shared/protocol.ts';
import { ERRORS } from '../../shared/errors.ts';
import type { SecurityCounters } from '../security/securityCounters.ts';
import { tvError } from './tvError.ts';
import { isRedisDown } from '../store/redisErrors.ts';

// The TV's WebSocket at /ws/tv. The TV sends {"type":"listen","device_code":…} (never in the URL,
// which proxies log) and receives scanned / approved / denied / expired / error messages. Once
// signed in, it sends {"type":"session","access_token":…} and hears signed_out if the account
// owner signs the device out.
// Browsers must come from an allowed origin; native TV apps send no Origin at all.
//
// Limits (issue 12): at most TV_SOCKETS_PER_ADDRESS (default 32) open sockets per client address on a node
// (the address as Express sees it, so TRUST_PROXY applies: behind a load balancer it is the
// client's, not the balancer's), generous for a household of TVs behind one NAT; a socket that
// says nothing within 10 s is closed (a TV sends listen or session at once);
// ping every 30 s and drop a socket that did not answer the previous ping. A TV still waiting for
// its code is pinged every 10 s instead: one switched off without a goodbye is found within 10–20 s,
// so its code ends soon after (pairingListeners.ts, TV_GONE_GRACE_MS) rather than a minute later.

export const TV_SOCKET_LIMITS = {
  maxSocketsPerAddress: 32,
  firstMessageTimeoutMs: 10_000,
  heartbeatMs: 30_000,
  /** The ping interval while the TV waits for its code (never longer than heartbeatMs). */
  waitingHeartbeatMs: 10_000,
};
/** Listens (and session registrations) per connection per minute: a TV needs one per code or reconnect. */
const MAX_LISTENS_PER_MINUTE = 20;
const MAX_BAD_MESSAGES = 5;

/** Close code 1012 (service restart): the TV app reconnects at once, reaching another node. */
export const SERVICE_RESTART = 1012;
/** A TV that does not answer the close handshake is cut off after this long. */
const CLOSE_HANDSHAKE_MS = 1_000;

export interface TvSocketServer {
  attach(server: Server): void;
  /**
   * Drains this node: every TV connection (and any that still arrives) is closed with 1012, so
   * TVs reconnect to another node at once and listen there. Resolves when they are gone.
   */
  close(): Promise<void>;
  connectionCount(): number;
}

export function createTvSocketServer(deps: {
  listeners: PairingListeners;
  deviceListeners: DeviceSessionListeners;
  pairings: PairingStore;
  allowedOrigins: Set<string>;
  logger: Logger;
  /** The client's address for an upgrade request (honours TRUST_PROXY like req.ip). */
  clientAddress(req: IncomingMessage): string;
  counters?: SecurityCounters;
  /** Tests shorten the timers. */
  limits?: Partial<typeof TV_SOCKET_LIMITS>;
}): TvSocketServer {
  const { listeners, deviceListeners, pairings, allowedOrigins, logger } = deps;
  const limits = { ...TV_SOCKET_LIMITS, ...deps.limits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES, perMessageDeflate: false });
  /** When each socket was last pinged with no pong since (absent: nothing outstanding). */
  const unanswered = new WeakMap<WebSocket, number>();
  const lastPingAt = new WeakMap<WebSocket, number>();
  const connections = new WeakMap<WebSocket, TvConnection>();
  const waitingMs = Math.min(limits.waitingHeartbeatMs, limits.heartbeatMs);
  /** Open sockets (and upgrades under way) per client address, on this node. */
  const socketsByAddress = new Map<string, number>();
  const release = (address: string) => {
    const left = (socketsByAddress.get(address) ?? 1) - 1;
    if (left > 0) socketsByAddress.set(address, left);
    else socketsByAddress.delete(address);
  };
  let draining = false;

  function reject(socket: Duplex, status: number, reason: string) {
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const path = (req.url ?? '').split('?')[0];
    if (path !== WS_PATH) return reject(socket, 404, 'Not Found');
    const origin = req.headers.origin;
    if (origin && !allowedOrigins.has(origin)) return reject(socket, 403, 'Forbidden');
    const address = deps.clientAddress(req);
    const open = socketsByAddress.get(address) ?? 0;
    if (open >= limits.maxSocketsPerAddress) {
      deps.counters?.increment('websocket_refused');
      return reject(socket, 429, 'Too Many Requests');
    }
    socketsByAddress.set(address, open + 1);
    // Counted from here, so upgrades in flight count too; given back when the socket goes.
    let counted = true;
    const giveBack = () => {
      if (counted) release(address);
      counted = false;
    };
    socket.once('close', giveBack);
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.once('close', giveBack);
      // Arrived while draining (a load balancer had not noticed yet): on to another node at once.
      if (draining) ws.close(SERVICE_RESTART, 'service restart');
      else wss.emit('connection', ws, req);
    });
  }

  wss.on('connection', (ws: WebSocket, req: IncomingMessage) => {
    // A TV speaks at once (listen or session); a socket that stays silent only holds memory.
    const silentTimer = setTimeout(() => {
      deps.counters?.increment('websocket_idle_closed', { reason: 'silent' });
      ws.close(1008, 'no message');
    }, limits.firstMessageTimeoutMs);
    silentTimer.unref();
    let lastDeviceCode: string | undefined;
    let listensThisMinute = 0;
    let badMessages = 0;
    const minuteTimer = setInterval(() => (listensThisMinute = 0), 60_000);
    minuteTimer.unref();

    const connection: TvConnection = {
      address: deps.clientAddress(req),
      send(message: ServerToTv) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
      },
    };

    const sendError = (id: 'bad_message' | 'too_many_attempts' | 'service_unavailable' | 'server_error') => connection.send(tvError(id));

    connections.set(ws, connection);
    ws.on('pong', () => unanswered.delete(ws));
    ws.on('message', (data, isBinary) => {
      clearTimeout(silentTimer);
      const message = isBinary ? null : parseTvMessage(data.toString());
      if (!message) {
        sendError('bad_message');
        if (++badMessages >= MAX_BAD_MESSAGES) ws.close(1008, 'too many bad messages');
        return;
      }
      if (message.type === 'listen' || message.type === 'session') {
        if (++listensThisMinute > MAX_LISTENS_PER_MINUTE) {
          sendError('too_many_attempts');
          return;
        }
      }
      if (message.type === 'session') {
        deviceListeners.register(connection, message.access_token).catch((error: unknown) => {
          logger.warn({ reason: (error as Error).message }, 'could not register a signed-in TV');
          // The TV sends its session again after a pause (tv-client/src/deviceSession.ts).
          sendError(isRedisDown(error) ? 'service_unavailable' : 'server_error');
        });
      } else if (message.type === 'listen') {
        lastDeviceCode = message.device_code;
        void listeners.listen(connection, message.device_code);
      } else if (message.type === 'received' && lastDeviceCode) {
        pairings.markReceived(lastDeviceCode).catch((error: unknown) => logger.warn({ err: error }, 'could not record a TV receipt'));
      }
    });
    ws.on('close', () => {
      clearTimeout(silentTimer);
      clearInterval(minuteTimer);
      listeners.forget(connection);
      deviceListeners.forget(connection);
    });
    ws.on('error', (error) => logger.debug({ err: error }, 'tv socket error'));
  });

  // Dead connections (a TV unplugged mid-session) are found by ping/pong and closed: a socket is
  // pinged once per interval (shorter while its TV waits for a code), and one whose ping is still
  // unanswered an interval later is cut off. Checked every waiting interval, so each socket keeps
  // its own rhythm (a TV that stops waiting goes on at the long interval, never judged by the short).
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const ws of wss.clients) {
      const connection = connections.get(ws);
      const intervalMs = connection && listeners.isWaiting(connection) ? waitingMs : limits.heartbeatMs;
      const pingedAt = unanswered.get(ws);
      if (pingedAt !== undefined && now - pingedAt >= intervalMs) {
        deps.counters?.increment('websocket_idle_closed', { reason: 'no-pong' });
        ws.terminate();
        continue;
      }
      if (now - (lastPingAt.get(ws) ?? 0) < intervalMs) continue;
      lastPingAt.set(ws, now);
      if (pingedAt === undefined) unanswered.set(ws, now);
      ws.ping();
    }
  }, waitingMs);
  heartbeat.unref();

  return {
    attach(server) {
      server.on('upgrade', onUpgrade);
    },
    async close() {
      draining = true;
      clearInterval(heartbeat);
      const closed = [...wss.clients].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(SERVICE_RESTART, 'service restart');
        setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
      }));
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    connectionCount: () => wss.clients.size,
  };
}
