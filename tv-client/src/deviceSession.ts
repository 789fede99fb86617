import type { ServerToTv, TokenResponse } from '../../shared/protocol.ts';
import { ERRORS } from '../../shared/errors.ts';
import { backoffMs, CLIENT_ID, isTemporarilyUnavailable, reconnectDelayMs, SERVICE_RESTART, tvSocketUrl } from './connection.ts';

// Keeps a signed-in TV reachable, so "Sign out" on the Account page reaches it at once: a
// WebSocket registered for the TV's device session. On signed_out the TV forgets its tokens and
// the app returns to the Sign In screen. It registers again after every reconnect (a sign-out
// that happened while the TV was off or the server restarted is heard then), and refreshes its
// tokens when the server says the access token has expired.

export interface TokenStore {
  load(): TokenResponse | null;
  save(tokens: TokenResponse): void;
  clear(): void;
}

export function localTokenStore(key: string): TokenStore {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(key) ?? 'null') as TokenResponse | null;
      } catch {
        return null;
      }
    },
    save: (tokens) => localStorage.setItem(key, JSON.stringify(tokens)),
    clear: () => localStorage.removeItem(key),
  };
}

export interface DeviceSessionOptions {
  store: TokenStore;
  /** The device was signed out (its tokens are already forgotten). */
  signedOut(): void;
  /** The server's http(s) origin; the page's own in the browser. */
  origin?: string;
  /** Injected by tests that run this under Node; the browser's own by default. */
  WebSocket?: typeof WebSocket;
  fetch?: typeof fetch;
}

const ACCESS_TOKEN_REFUSED = ERRORS.invalid_token.code;

export class DeviceSessionLink {
  private socket: WebSocket | undefined;
  private stopped = true;
  private failures = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly origin: string;

  constructor(private readonly options: DeviceSessionOptions) {
    this.origin = options.origin ?? location.origin;
  }

  /** Starts; `socket`: an open socket to register on (the one the sign-in came on), else it connects. */
  start(socket?: WebSocket): void {
    if (!this.stopped) {
      socket?.close(1000);
      return;
    }
    this.stopped = false;
    if (socket && socket.readyState === socket.OPEN) {
      this.adopt(socket);
      this.register();
    } else {
      this.connect();
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
  }

  private connect(): void {
    const Socket = this.options.WebSocket ?? WebSocket;
    const socket = new Socket(tvSocketUrl(this.origin));
    this.adopt(socket);
    socket.onopen = () => this.register();
  }

  private adopt(socket: WebSocket): void {
    this.socket = socket;
    socket.onerror = () => {};
    socket.onmessage = (event) => void this.onMessage(JSON.parse(String(event.data)) as ServerToTv);
    socket.onclose = (event) => {
      if (this.socket !== socket || this.stopped) return;
      this.socket = undefined;
      if (event.code !== SERVICE_RESTART) this.failures += 1;
      this.retryTimer = setTimeout(() => this.connect(), reconnectDelayMs(event.code, this.failures));
    };
  }

  private register(): void {
    const tokens = this.options.store.load();
    if (!tokens) {
      this.signOut();
      return;
    }
    this.socket?.send(JSON.stringify({ type: 'session', access_token: tokens.access_token }));
  }

  private async onMessage(message: ServerToTv): Promise<void> {
    if (message.type === 'session_active') {
      this.failures = 0;
    } else if (message.type === 'signed_out') {
      this.signOut();
    } else if (isTemporarilyUnavailable(message)) {
      this.failures += 1;
      this.retryTimer = setTimeout(() => this.register(), backoffMs(this.failures));
    } else if (message.type === 'error' && message.code === ACCESS_TOKEN_REFUSED) {
      const outcome = await this.refresh();
      if (outcome === 'refreshed') this.register();
      else if (outcome === 'signed_out') this.signOut();
      // No answer from the server: reconnecting (with backoff) registers and refreshes again.
      else this.socket?.close();
    }
  }

  private async refresh(): Promise<'refreshed' | 'signed_out' | 'failed'> {
    const refreshToken = this.options.store.load()?.refresh_token;
    if (!refreshToken) return 'signed_out';
    try {
      const response = await (this.options.fetch ?? fetch)(`${this.origin}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken, client_id: CLIENT_ID }),
      });
      const body = (await response.json().catch(() => ({}))) as TokenResponse & { error?: string };
      if (response.ok) {
        this.options.store.save(body);
        return 'refreshed';
      }
      // invalid_grant: signed out, expired, or the refresh token was used twice.
      return body.error === 'invalid_grant' ? 'signed_out' : 'failed';
    } catch {
      return 'failed';
    }
  }

  private signOut(): void {
    this.stop();
    this.options.store.clear();
    this.options.signedOut();
  }
}

/** Signing out on the TV itself: the server forgets the device too (RFC 7009), best effort. */
export async function revokeDevice(tokens: TokenResponse | null, origin = location.origin, fetchImpl: typeof fetch = fetch): Promise<void> {
  if (!tokens?.refresh_token) return;
  try {
    await fetchImpl(`${origin}/oauth/revocation`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: tokens.refresh_token, token_type_hint: 'refresh_token', client_id: CLIENT_ID }),
    });
  } catch {
    // Offline: the device session ends by itself when it is not refreshed for long.
  }
}
