import type { ServerToTv, TokenResponse } from '../../shared/protocol.ts';
import { backoffMs, CLIENT_ID, isTemporarilyUnavailable, reconnectDelayMs, SERVICE_RESTART, tvSocketUrl } from './connection.ts';

// "Sign In from Web" on the TV: asks for a code on its WebSocket (`start`: one connection for the
// code and the wait, instead of an HTTP request and then a socket), waits there for the push, and
// keeps going by itself: reconnects with backoff after a network drop or server restart (keeping
// the same code while it is valid: `listen` with it), and asks for a new code before the old one
// runs out.

export interface DeviceCode {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

export interface WebSignInEvents {
  code(code: DeviceCode, expiresAt: number): void;
  scanned(): void;
  /**
   * Signed in. `socket` is the open socket the tokens came on: return true to keep it (the app
   * registers its device session on it, saving a connection); otherwise it is closed.
   */
  approved(tokens: TokenResponse, socket: WebSocket): boolean | void;
  denied(errorCode: string): void;
  connection(online: boolean): void;
}


/** Where the server is and how to open a socket: the page's own origin in a browser; the terminal TV passes its own. */
export interface Transport {
  baseUrl: string;
  openSocket(url: string): WebSocket;
}

export function browserTransport(): Transport {
  return { baseUrl: location.origin, openSocket: (url) => new WebSocket(url) };
}
/** Ask for a fresh code this long before the current one expires, unless it is being used. */
const RENEW_BEFORE_MS = 5_000;

export class WebSignIn {
  private socket: WebSocket | undefined;
  private current: { code: DeviceCode; expiresAt: number; scanned: boolean } | undefined;
  /** A new code was asked for (or is to be, once the socket is open) and has not come yet. */
  private wantsCode = false;
  private stopped = false;
  private failures = 0;
  private renewTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly events: WebSignInEvents,
    private readonly device: { name: string; model: string },
    private readonly transport: Transport = browserTransport(),
  ) {}

  start(): void {
    this.stopped = false;
    this.newCode();
  }

  /**
   * The viewer left (Back, reload, page closed): tell the server the code is no longer waited
   * for, so a phone cannot approve a sign-in nobody will collect and is told why instead.
   */
  stop(): void {
    if (this.current && !this.stopped) {
      const body = new URLSearchParams({ device_code: this.current.code.device_code });
      // keepalive: the request outlives a page that is being unloaded.
      void fetch(`${this.transport.baseUrl}/api/tv/leave`, { method: 'POST', body, keepalive: true }).catch(() => {});
    }
    this.end();
  }

  /** Stops listening without giving up the code (it was used, refused or ended by the server). */
  private end(): void {
    this.stopped = true;
    clearTimeout(this.renewTimer);
    clearTimeout(this.retryTimer);
    this.socket?.close(1000);
    this.socket = undefined;
  }

  /** Asks for a new code on the socket (opening it first if need be); `code` answers. */
  private newCode(): void {
    if (this.stopped) return;
    clearTimeout(this.renewTimer);
    this.wantsCode = true;
    this.speak();
  }

  /** The code came: show it, and ask for the next one before it runs out. */
  private onCode(code: DeviceCode): void {
    this.wantsCode = false;
    const expiresAt = Date.now() + code.expires_in * 1000;
    this.current = { code, expiresAt, scanned: false };
    this.failures = 0;
    this.events.connection(true);
    this.events.code(code, expiresAt);
    this.renewTimer = setTimeout(() => this.renewIfUnused(), Math.max(1000, expiresAt - Date.now() - RENEW_BEFORE_MS));
  }

  /**
   * The one pending retry: a new one replaces it. Two at once (a TV-503's listen-again and a
   * closed socket's reconnect) used to open two sockets, and a token arriving on the first while
   * the second was still connecting threw (found by the failover drill).
   */
  private retry(action: () => void, delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(action, delayMs);
  }

  private renewIfUnused(): void {
    // A code someone is confirming right now is kept until the server says it expired.
    if (this.current?.scanned) return;
    this.newCode();
  }

  /** Asks for a code, or listens for the current one, opening the socket first if needed. */
  private speak(): void {
    if (this.stopped) return;
    const socket = this.socket;
    if (socket && socket.readyState === socket.OPEN) {
      if (this.wantsCode || !this.current) {
        this.wantsCode = true;
        socket.send(JSON.stringify({ type: 'start', client_id: CLIENT_ID, device_name: this.device.name, device_model: this.device.model }));
      } else {
        socket.send(JSON.stringify({ type: 'listen', device_code: this.current.code.device_code }));
      }
      return;
    }
    if (socket && socket.readyState === socket.CONNECTING) return;
    this.connect();
  }

  private connect(): void {
    const socket = this.transport.openSocket(tvSocketUrl(this.transport.baseUrl));
    this.socket = socket;
    socket.onopen = () => {
      this.failures = 0;
      this.events.connection(true);
      this.speak();
    };
    socket.onmessage = (event) => {
      // A socket this TV has already replaced says nothing it should act on.
      if (this.socket !== socket) return;
      this.onMessage(socket, JSON.parse(String(event.data)) as ServerToTv);
    };
    // A socket that cannot connect errs, then closes: the close decides what happens next. (In
    // Node, the terminal TV's ws, an error nobody listens to would end the process.)
    socket.onerror = () => {};
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = undefined;
      // A draining node (1012) is not a failure: another node takes the TV at once.
      if (event.code !== SERVICE_RESTART) {
        this.failures += 1;
        this.events.connection(false);
      }
      // Same code after reconnecting while it is still valid; otherwise a new one.
      this.retry(() => {
        if (!this.current || Date.now() >= this.current.expiresAt) this.wantsCode = true;
        this.speak();
      }, reconnectDelayMs(event.code, this.failures));
    };
  }

  private onMessage(socket: WebSocket, message: ServerToTv): void {
    switch (message.type) {
      case 'code': {
        const { type: _type, ...code } = message;
        this.onCode(code);
        return;
      }
      case 'pending':
        // The service answered: a TV-503 after this backs off from the start again, not from
        // where the outage left the count (up to 15 s).
        this.failures = 0;
        return;
      case 'scanned':
        if (this.current) this.current.scanned = true;
        this.events.scanned();
        return;
      case 'approved': {
        const { type: _type, ...tokens } = message;
        socket.send(JSON.stringify({ type: 'received' }));
        // Done with this socket here; whoever takes it over sets its own handlers.
        this.socket = undefined;
        this.end();
        if (!this.events.approved(tokens, socket)) socket.close(1000);
        return;
      }
      case 'denied':
        this.end();
        this.events.denied(message.code);
        return;
      case 'expired':
        this.newCode();
        return;
      case 'error':
        if (isTemporarilyUnavailable(message) || this.wantsCode) {
          // The service cannot reach its store for a moment (keep this code and listen again), or
          // it could not give a code (ask again): after a backoff that grows while this goes on.
          this.failures += 1;
          if (this.wantsCode) this.events.connection(false);
          this.retry(() => this.speak(), backoffMs(this.failures));
          return;
        }
        // An unknown or used code: start over with a new one (after a pause, in case of a loop).
        this.retry(() => this.newCode(), 1000);
        return;
      default:
        return;
    }
  }
}
