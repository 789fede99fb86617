import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { PairingStore } from '../pairing/pairingStore.ts';
import type { PairingListeners, TvConnection } from './pairingListeners.ts';
import type { DeviceSessionListeners } from './deviceSessionListeners.ts';
import { parseTvMessage, WS_MAX_PAYLOAD_BYTES, WS_PATH, type ServerToTv, type StartMessage } from '../../shared/protocol.ts';
import { AppError } from '../../shared/appError.ts';
import type { CodeIssuer } from '../oauth/codeIssuer.ts';
import { ERRORS } from '../../shared/errors.ts';
import type { SecurityCounters } from '../security/securityCounters.ts';
import { tvError } from './tvError.ts';
import { isRedisDown } from '../store/redisErrors.ts';
import { DueSchedule } from './dueSchedule.ts';

// The TV's WebSocket at /ws/tv. The TV asks for a code on it ({"type":"start","client_id":…}: one
// connection per TV, not one for the code and one to wait) or brings one it got from
// POST /oauth/device_authorization ({"type":"listen","device_code":…}, never in the URL, which
// proxies log), and receives code / pending / scanned / approved / denied / expired / error messages. Once
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
/** Code requests, listens and session registrations per connection per minute: a TV needs one per code or reconnect. */
const MAX_LISTENS_PER_MINUTE = 20;
const MAX_BAD_MESSAGES = 5;
/** Heartbeat ticks per waiting interval: a socket is pinged at most a hundredth of an interval late. */
const HEARTBEAT_TICKS_PER_INTERVAL = 100;

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
  /** Issues codes for `start` (the same as POST /oauth/device_authorization). */
  codes: CodeIssuer;
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
  const waitingHeartbeatMs = Math.min(limits.waitingHeartbeatMs, limits.heartbeatMs);
  const pingSchedule = new DueSchedule<TvSocket>(Math.max(1, Math.round(waitingHeartbeatMs / HEARTBEAT_TICKS_PER_INTERVAL)), Date.now());
  // clientTracking off: ws would add a closure of its own to every socket's close event to keep its
  // set (about 150 bytes a TV with the listener array it forces); onClose keeps ours instead.
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES, perMessageDeflate: false, clientTracking: false });
  /** Every open TV WebSocket on this node (the heartbeat pings them, a drain closes them). */
  const openSockets = new Set<WebSocket>();
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

  /**
   * One TV's socket. Its handlers are shared by every socket (EventEmitter calls them with the
   * socket as `this`) and its state is one small object: at 100,000 waiting TVs, a dozen closures
   * per socket (and the upgrade request any of them would keep alive) cost more than the rest.
   */
  class TvSocket implements TvConnection {
    /** Whether this socket still counts against its address (given back once, on close). */
    counted = true;
    /** When the ping still unanswered was sent (0: none); the heartbeat drops a socket whose is too old. */
    pingedAt = 0;
    /**
     * When the heartbeat last pinged this socket. A new socket starts at a random point of the
     * waiting interval, so its first ping comes within one interval, and sockets that connected
     * together (a node's TVs reconnecting after a restart) are not all pinged in the same moment.
     */
    lastPingAt = Date.now() - Math.random() * waitingHeartbeatMs;
    /** The heartbeat tick this socket is next looked at (pingSchedule; -1: not scheduled). */
    dueTick = -1;
    silentTimer: NodeJS.Timeout | undefined;
    lastDeviceCode: string | undefined;
    /** Listens in the current minute, counted in a window rather than reset by a timer per socket. */
    listenWindowStartedAt = 0;
    listensThisWindow = 0;
    badMessages = 0;
    ws: WebSocket | undefined;

    constructor(readonly address: string) {}

    send(message: ServerToTv) {
      const { ws } = this;
      if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    }

    giveBack() {
      if (this.counted) release(this.address);
      this.counted = false;
    }

    stopSilentTimer() {
      clearTimeout(this.silentTimer);
      this.silentTimer = undefined;
    }

    /** False once the TV listened (or registered) more than MAX_LISTENS_PER_MINUTE times this minute. */
    mayListen(): boolean {
      const now = Date.now();
      if (now - this.listenWindowStartedAt >= 60_000) {
        this.listenWindowStartedAt = now;
        this.listensThisWindow = 0;
      }
      return ++this.listensThisWindow <= MAX_LISTENS_PER_MINUTE;
    }
  }
  const tvSockets = new WeakMap<object, TvSocket>();

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
    // Counted from here, so upgrades in flight count too; given back when the socket goes.
    socketsByAddress.set(address, open + 1);
    const tv = new TvSocket(address);
    tvSockets.set(socket, tv);
    socket.on('close', onTcpClose);
    wss.handleUpgrade(req, socket, head, onUpgraded);
  }

  function onTcpClose(this: Duplex) {
    tvSockets.get(this)?.giveBack();
  }

  function onUpgraded(ws: WebSocket, req: IncomingMessage) {
    const tv = tvSockets.get(req.socket)!;
    tv.ws = ws;
    // From here the WebSocket's close gives the count back. (Removing the TCP socket's listener
    // also saves memory: two listeners of one event cost an array, as `once` costs a wrapper
    // and a bound function — about 200 bytes a TV, measured with heap snapshots.)
    req.socket.removeListener('close', onTcpClose);
    tvSockets.delete(req.socket);
    tvSockets.set(ws, tv);
    openSockets.add(ws);
    pingSchedule.schedule(tv, tv.lastPingAt + waitingHeartbeatMs);
    // Arrived while draining (a load balancer had not noticed yet): on to another node at once.
    if (draining) {
      ws.on('close', onClose);
      ws.close(SERVICE_RESTART, 'service restart');
      return;
    }
    // A TV speaks at once (listen or session); a socket that stays silent only holds memory.
    tv.silentTimer = setTimeout(closeSilent, limits.firstMessageTimeoutMs, ws);
    tv.silentTimer.unref();
    ws.on('pong', onPong);
    ws.on('message', onMessage);
    // `on`, not `once`: a WebSocket closes once, and `once` would wrap the handler per socket.
    ws.on('close', onClose);
    ws.on('error', onError);
  }

  function closeSilent(ws: WebSocket) {
    deps.counters?.increment('websocket_idle_closed', { reason: 'silent' });
    ws.close(1008, 'no message');
  }

  function onPong(this: WebSocket) {
    const tv = tvSockets.get(this);
    if (tv) tv.pingedAt = 0;
  }

  function onError(error: Error) {
    logger.debug({ err: error }, 'tv socket error');
  }

  function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
    const tv = tvSockets.get(this);
    if (!tv) return;
    tv.stopSilentTimer();
    const message = isBinary ? null : parseTvMessage(data.toString());
    if (!message) {
      tv.send(tvError('bad_message'));
      if (++tv.badMessages >= MAX_BAD_MESSAGES) this.close(1008, 'too many bad messages');
      return;
    }
    if (message.type !== 'received' && !tv.mayListen()) {
      tv.send(tvError('too_many_attempts'));
      return;
    }
    if (message.type === 'session') {
      deviceListeners.register(tv, message.access_token).catch((error: unknown) => {
        logger.warn({ reason: (error as Error).message }, 'could not register a signed-in TV');
        // The TV sends its session again after a pause (tv-client/src/deviceSession.ts).
        tv.send(tvError(isRedisDown(error) ? 'service_unavailable' : 'server_error'));
      });
    } else if (message.type === 'start') {
      void startWithNewCode(tv, message);
    } else if (message.type === 'listen') {
      tv.lastDeviceCode = message.device_code;
      void listeners.listen(tv, message.device_code);
    } else if (message.type === 'received' && tv.lastDeviceCode) {
      pairings.markReceived(tv.lastDeviceCode).catch((error: unknown) => logger.warn({ err: error }, 'could not record a TV receipt'));
    }
  }

  /** `start`: a new code for this TV, then it listens for it (answered from memory on one Redis: freshCodes.ts). */
  async function startWithNewCode(tv: TvSocket, message: StartMessage) {
    const { type: _type, ...request } = message;
    try {
      const code = await deps.codes.issue(request, tv.address);
      // Gone while the code was made: nobody to tell (the code expires unused, as one fetched over HTTP by a TV that then went away).
      if (!tv.ws || tv.ws.readyState !== tv.ws.OPEN) return;
      tv.lastDeviceCode = code.device_code;
      tv.send({ type: 'code', ...code });
      await listeners.listen(tv, code.device_code);
    } catch (error) {
      if (!(error instanceof AppError)) logger.warn({ reason: (error as Error).message }, 'could not issue a code over the tv socket');
      tv.send(error instanceof AppError ? tvError(error.id) : tvError(isRedisDown(error) ? 'service_unavailable' : 'server_error'));
    }
  }

  function onClose(this: WebSocket) {
    openSockets.delete(this);
    const tv = tvSockets.get(this);
    if (!tv) return;
    tv.giveBack();
    tv.stopSilentTimer();
    pingSchedule.remove(tv);
    listeners.forget(tv);
    deviceListeners.forget(tv);
  }

  // Dead connections (a TV unplugged mid-session) are found by ping/pong and closed: a socket is
  // pinged once per interval (shorter while its TV waits for a code), and one whose ping is still
  // unanswered an interval later is cut off. Each socket keeps its own rhythm (a TV that stops
  // waiting goes on at the long interval, never judged by the short), looked at again within a
  // waiting interval at the latest (so a TV that starts waiting takes up the short one). Sockets
  // wait in a schedule by tick (dueSchedule.ts) and each tick visits only those due: at 100,000
  // waiting TVs on 6 nodes, pinging a node's 17,000 sockets in one tick every 10 s, or even a
  // tenth of them every second, held its event loop for 100–400 ms and the tokens pushed
  // meanwhile (bench:scale: push p99 0.47–1.3 s before, 0.16–0.30 s with the schedule; README).
  const heartbeat = setInterval(() => {
    const now = Date.now();
    for (const tv of pingSchedule.takeDue(now)) {
      const { ws } = tv;
      if (!ws) continue;
      const intervalMs = listeners.isWaiting(tv) ? waitingHeartbeatMs : limits.heartbeatMs;
      if (tv.pingedAt && now - tv.pingedAt >= intervalMs) {
        deps.counters?.increment('websocket_idle_closed', { reason: 'no-pong' });
        ws.terminate();
        continue;
      }
      if (now - tv.lastPingAt >= intervalMs) {
        tv.lastPingAt = now;
        tv.pingedAt ||= now;
        ws.ping();
      }
      pingSchedule.schedule(tv, Math.min(tv.lastPingAt + intervalMs, now + waitingHeartbeatMs));
    }
  }, pingSchedule.tickMs);
  heartbeat.unref();

  return {
    attach(server) {
      server.on('upgrade', onUpgrade);
    },
    async close() {
      draining = true;
      clearInterval(heartbeat);
      const closed = [...openSockets].map((ws) => new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.close(SERVICE_RESTART, 'service restart');
        setTimeout(() => ws.terminate(), CLOSE_HANDSHAKE_MS).unref();
      }));
      await Promise.all(closed);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    connectionCount: () => openSockets.size,
  };
}
