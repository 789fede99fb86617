import WebSocket from 'ws';
import type { ServerToTv } from '../../shared/protocol.ts';

// A TV's WebSocket for tests: collects every message and waits for the next one of a type.

export class TestTv {
  readonly messages: ServerToTv[] = [];
  private waiters: Array<() => void> = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerToTv);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<TestTv> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return new TestTv(socket);
  }

  /** Asks for a code on the socket (the TV app's way); `code`, then `pending`, come back. */
  start(fields: Record<string, string> = { client_id: 'tv', device_name: 'Living room TV', device_model: 'Model X' }): void {
    this.socket.send(JSON.stringify({ type: 'start', ...fields }));
  }

  listen(deviceCode: string): void {
    this.socket.send(JSON.stringify({ type: 'listen', device_code: deviceCode }));
  }

  send(raw: string): void {
    this.socket.send(raw);
  }

  /** The first message of this type (already received or the next to come). */
  async next<T extends ServerToTv['type']>(type: T, timeoutMs = 5000): Promise<Extract<ServerToTv, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.type === type);
      if (found) return found as Extract<ServerToTv, { type: T }>;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no ${type} message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  count(type: ServerToTv['type']): number {
    return this.messages.filter((m) => m.type === type).length;
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}

/** Lets in-flight messages arrive before asserting that something did NOT happen. */
export const settle = (ms = 100) => new Promise((resolve) => setTimeout(resolve, ms));
