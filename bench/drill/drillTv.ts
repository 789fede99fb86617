import WebSocket from 'ws';
import { WebSignIn, type DeviceCode } from '../../tv-client/src/webSignIn.ts';
import { nowMs } from '../lib/time.ts';
import type { DrillStats } from './ledger.ts';

// A TV in the drill is the TV app's own sign-in code (tv-client/src/webSignIn.ts: codes asked for on its socket, listen,
// reconnects with backoff, at once after 1012, the same code while it is valid), given a transport
// that goes through the fleet's load balancer from a loopback address of its own (the server
// allows 60 codes a minute per address). It records what a person would notice: how long it was
// without a listening socket, and every token set it was handed.

export interface LoadBalancer {
  pick(): { baseUrl: string };
}

export class DrillTv {
  readonly codes: DeviceCode[] = [];
  /** access_token + refresh_token of every approval (more than one distinct = duplicated). */
  readonly tokenSets = new Set<string>();
  approvedAt: number | undefined;
  /** Close codes of its sockets, and how long each time until a socket answered again. */
  readonly closeCodes: number[] = [];
  readonly backListeningMs: number[] = [];
  /** What its sockets were told, in order (type, and code for errors): to explain a lost sign-in. */
  readonly heard: string[] = [];
  /** The node its current socket is on. */
  socketNode: string | undefined;
  private closedAt: number | undefined;
  private readonly session: WebSignIn;
  private wake: (() => void) | undefined;

  constructor(balancer: LoadBalancer, localAddress: string, stats: DrillStats, name = 'Drill TV') {
    this.session = new WebSignIn(
      {
        code: (code) => {
          this.codes.push(code);
          this.wake?.();
        },
        scanned() {},
        approved: (tokens) => {
          this.tokenSets.add(`${tokens.access_token} ${tokens.refresh_token}`);
          this.approvedAt ??= nowMs();
          this.wake?.();
        },
        denied() {},
        connection() {},
      },
      { name, model: 'failure drill' },
      {
        get baseUrl() {
          return balancer.pick().baseUrl;
        },
        openSocket: (url) => {
          const socket = new WebSocket(url, { localAddress, perMessageDeflate: false });
          const node = new URL(url).host;
          let answered = false;
          socket.on('message', (data) => {
            const message = JSON.parse(String(data)) as { type: string; code?: string };
            this.heard.push(message.code ? `${message.type} ${message.code}@${node}` : `${message.type}@${node}`);
            if (message.type === 'error') stats.tvError(message.code);
            if (answered) return;
            answered = true;
            this.socketNode = node;
            if (this.closedAt !== undefined) this.backListeningMs.push(nowMs() - this.closedAt);
            this.closedAt = undefined;
          });
          socket.on('close', (code) => {
            this.closeCodes.push(code);
            this.heard.push(`close ${code}@${node}`);
            if (this.socketNode === node) this.socketNode = undefined;
            if (this.approvedAt === undefined) this.closedAt ??= nowMs();
          });
          socket.on('error', () => {});
          return socket as unknown as globalThis.WebSocket;
        },
      },
    );
  }

  start(): void {
    this.session.start();
  }

  stop(): void {
    this.session.stop();
  }

  /** Resolves with the first code (true) or false after the timeout. */
  firstCode(timeoutMs: number): Promise<boolean> {
    return this.until(() => this.codes.length > 0, timeoutMs);
  }

  /** Resolves true once tokens arrived, false after the timeout. */
  approved(timeoutMs: number): Promise<boolean> {
    return this.until(() => this.approvedAt !== undefined, timeoutMs);
  }

  /** Is it listening (a socket that answered) on a node other than `host`? */
  listeningElsewhere(host: string): boolean {
    return this.socketNode !== undefined && this.socketNode !== host;
  }

  private until(done: () => boolean, timeoutMs: number): Promise<boolean> {
    if (done()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = undefined;
        resolve(false);
      }, timeoutMs);
      const previous = this.wake;
      this.wake = () => {
        previous?.();
        if (!done()) return;
        clearTimeout(timer);
        resolve(true);
      };
    });
  }
}
