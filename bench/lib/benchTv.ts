import WebSocket from 'ws';
import { httpCall } from './httpForm.ts';
import { nowMs } from './time.ts';
import type { ServerToTv } from '../../shared/protocol.ts';

// A simulated TV from its own loopback address: asks for a code on its WebSocket as the TV app
// does (startCode), or over HTTP and then listens (requestCode + listen, any RFC 8628 client's way),
// and records when each message arrived.

export interface DeviceCodeAnswer {
  device_code: string;
  user_code: string;
  interval: number;
}

export async function requestCode(baseUrl: string, localAddress: string, path = '/oauth/device_authorization'): Promise<DeviceCodeAnswer> {
  const answer = await httpCall('POST', `${baseUrl}${path}`, { client_id: 'tv', device_name: 'Bench TV', device_model: 'bench' }, { agent: false, localAddress });
  if (answer.status !== 200) throw new Error(`code request answered ${answer.status}`);
  return JSON.parse(answer.body) as DeviceCodeAnswer;
}

export class ListeningTv {
  /** Monotonic arrival time of the first approved message, and how many approvals came. */
  approvedAtMs: number | undefined;
  approvals = 0;
  accessToken: string | undefined;
  private onApproved: (() => void) | undefined;
  private onFailed: ((error: Error) => void) | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.handle(JSON.parse(data.toString()) as ServerToTv));
    socket.on('close', () => this.onFailed?.(new Error('socket closed before the token came')));
    socket.on('error', (error) => this.onFailed?.(error));
  }

  static connect(wsUrl: string, localAddress: string): Promise<ListeningTv> {
    const socket = new WebSocket(wsUrl, { localAddress, perMessageDeflate: false });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new ListeningTv(socket)));
      socket.once('error', reject);
    });
  }

  /** Asks for a code on the socket (`start`) and resolves with it once the socket listens for it (pending). */
  startCode(timeoutMs = 10_000): Promise<DeviceCodeAnswer> {
    return new Promise((resolve, reject) => {
      let code: DeviceCodeAnswer | undefined;
      const done = (error?: Error) => {
        clearTimeout(timer);
        this.socket.off('message', onMessage);
        if (error || !code) reject(error ?? new Error('no code'));
        else resolve(code);
      };
      const timer = setTimeout(() => done(new Error('no answer to start')), timeoutMs);
      const onMessage = (data: WebSocket.RawData) => {
        const message = JSON.parse(data.toString()) as ServerToTv;
        if (message.type === 'code') code = message;
        else if (message.type === 'pending') done();
        else done(new Error(`start answered ${message.type}${message.type === 'error' ? ` ${message.code}` : ''}`));
      };
      this.socket.on('message', onMessage);
      this.socket.send(JSON.stringify({ type: 'start', client_id: 'tv', device_name: 'Bench TV', device_model: 'bench' }));
    });
  }

  /** Sends listen and resolves on the server's first answer (pending). */
  listen(deviceCode: string, timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer to listen')), timeoutMs);
      this.socket.once('message', (data) => {
        clearTimeout(timer);
        const message = JSON.parse(data.toString()) as ServerToTv;
        if (message.type === 'pending') resolve();
        else reject(new Error(`listen answered ${message.type}`));
      });
      this.socket.send(JSON.stringify({ type: 'listen', device_code: deviceCode }));
    });
  }

  /** Resolves when the token arrived (or already had), rejects on close, error or timeout. */
  approved(timeoutMs = 10_000): Promise<void> {
    if (this.approvedAtMs !== undefined) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('token did not arrive (lost)')), timeoutMs);
      this.onApproved = () => {
        clearTimeout(timer);
        resolve();
      };
      this.onFailed = (error) => {
        clearTimeout(timer);
        reject(error);
      };
    });
  }

  close(): void {
    this.onFailed = undefined;
    this.socket.terminate();
  }

  private handle(message: ServerToTv) {
    if (message.type !== 'approved') return;
    this.approvals += 1;
    if (this.approvals > 1) return;
    this.approvedAtMs = nowMs();
    this.accessToken = message.access_token;
    this.socket.send(JSON.stringify({ type: 'received' }));
    this.onApproved?.();
  }
}
