import { WS_PATH } from '../../shared/wsEndpoint.ts';

// How the TV app reaches the server: the WebSocket address, and how long to wait before trying
// again after a failure (exponential, capped, with jitter so a restarted server is not hit by
// every TV at the same instant).

/** The TV app's registered OAuth client (the server's default CLIENTS registers it). */
export const CLIENT_ID = 'tv';

const MAX_BACKOFF_MS = 15_000;

export function backoffMs(failures: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
  return base / 2 + Math.random() * (base / 2);
}

/**
 * Close code 1012 (service restart): the node is draining for a restart or deploy. Another node
 * behind the same address can take the TV at once, so it reconnects without backing off (a
 * little jitter spreads a thousand TVs over a few hundred milliseconds).
 */
export const SERVICE_RESTART = 1012;
const RESTART_JITTER_MS = 250;

/** Wait before reconnecting after the socket closed with `closeCode`, after `failures` failures. */
export function reconnectDelayMs(closeCode: number, failures: number): number {
  return closeCode === SERVICE_RESTART ? Math.random() * RESTART_JITTER_MS : backoffMs(failures);
}

/** The server answered "temporarily unavailable" (TV-503: Redis away): keep the code, ask again later. */
export function isTemporarilyUnavailable(message: { type: string; error?: string }): boolean {
  return message.type === 'error' && message.error === 'temporarily_unavailable';
}

/** The TV WebSocket address for a server origin such as https://tv.example.com. */
export function tvSocketUrl(origin: string): string {
  const url = new URL(WS_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
