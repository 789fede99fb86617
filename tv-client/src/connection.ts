import { WS_PATH } from '../../shared/wsEndpoint.ts';

// How the TV app reaches the server: the WebSocket address, and how long to wait before trying
// again after a failure (exponential, capped, with jitter so a restarted server is not hit by
// every TV at the same instant).

const MAX_BACKOFF_MS = 15_000;

export function backoffMs(failures: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 500 * 2 ** failures);
  return base / 2 + Math.random() * (base / 2);
}

/** The TV WebSocket address for a server origin such as https://tv.example.com. */
export function tvSocketUrl(origin: string): string {
  const url = new URL(WS_PATH, origin);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
