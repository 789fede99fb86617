import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSignIn } from '../../tv-client/src/webSignIn.ts';

// The TV app backs off after TV-503 (the service cannot reach Redis) and keeps its code. Once the
// service answers again ('pending'), a later TV-503 starts the backoff from the beginning: before,
// the count went on from where an outage had left it, so one blip after a Redis outage kept a TV
// from listening again for up to 15 s (issue 10). And whatever fails at once, the TV keeps one
// socket: a TV-503's listen-again and a closed socket's reconnect used to open two, and a token
// arriving on the first while the second was connecting threw ("WebSocket is not open").

class FakeSocket {
  static readonly OPEN = 1;
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 0;
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  send(data: string) {
    this.sent.push(data);
  }
  closedWith: number | undefined;
  close(code?: number) {
    this.closedWith = code;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  receive(message: object) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const unavailable = { type: 'error', code: 'TV-503', error: 'temporarily_unavailable', message: 'x' };
const code = { type: 'code', device_code: 'D', user_code: 'ABCD-EFGH', verification_uri: 'v', verification_uri_complete: 'v', expires_in: 600, interval: 5 };

function startTv(approved: (tokens: object, socket: WebSocket) => boolean | void = () => {}) {
  const sockets: FakeSocket[] = [];
  const signIn = new WebSignIn(
    { code() {}, scanned() {}, approved, denied() {}, connection() {} },
    { name: 'Test TV', model: 'test' },
    {
      baseUrl: 'http://tv.test',
      openSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
    },
  );
  signIn.start();
  return { signIn, sockets };
}

const sentTypes = (socket: FakeSocket) => socket.sent.map((data) => JSON.parse(data).type as string);

describe('TV app retries (WebSignIn)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts again from a short wait once the service answered pending', async () => {
    const { signIn, sockets } = startTv();
    await vi.advanceTimersByTimeAsync(0);
    const socket = sockets[0]!;
    socket.open();
    expect(sentTypes(socket)).toEqual(['start']);
    socket.receive(code);
    const listens = () => socket.sent.filter((data) => JSON.parse(data).type === 'listen').length;

    // A Redis outage: five TV-503 answers in a row, each followed by a listen after the backoff.
    for (let i = 0; i < 5; i++) {
      socket.receive(unavailable);
      await vi.advanceTimersByTimeAsync(16_000);
    }
    expect(listens()).toBe(5);
    // Redis is back: the server answers pending. Then one more blip: the TV listens again within a second.
    socket.receive({ type: 'pending', expires_in: 500 });
    socket.receive(unavailable);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(listens()).toBe(6);
    signIn.stop();
  });

  it('keeps one socket when a TV-503 and a dropped socket both ask to listen again, and says received on it', async () => {
    const approved: object[] = [];
    const { signIn, sockets } = startTv((tokens) => void approved.push(tokens));
    await vi.advanceTimersByTimeAsync(0);
    sockets[0]!.open();
    sockets[0]!.receive(code);
    sockets[0]!.receive(unavailable);
    sockets[0]!.drop();
    await vi.advanceTimersByTimeAsync(16_000);
    expect(sockets).toHaveLength(2);
    const second = sockets[1]!;
    second.open();
    expect(sentTypes(second)).toEqual(['listen']);
    second.receive({ type: 'approved', access_token: 'a', token_type: 'Bearer', expires_in: 3600 });
    expect(sentTypes(second)).toEqual(['listen', 'received']);
    expect(approved).toHaveLength(1);
    signIn.stop();
  });

  it('asks for its code on the socket, again after a refusal (backing off) and after a reconnect', async () => {
    const { signIn, sockets } = startTv();
    await vi.advanceTimersByTimeAsync(0);
    const first = sockets[0]!;
    first.open();
    expect(sentTypes(first)).toEqual(['start']);
    // Refused (too many codes from this address): asked again after a pause, not at once.
    first.receive({ type: 'error', code: 'TV-101', error: 'slow_down', message: 'x' });
    await vi.advanceTimersByTimeAsync(100);
    expect(sentTypes(first)).toEqual(['start']);
    await vi.advanceTimersByTimeAsync(16_000);
    expect(sentTypes(first)).toEqual(['start', 'start']);
    // The socket drops before the code came: the new one asks again (it has no code to listen with).
    first.drop();
    await vi.advanceTimersByTimeAsync(16_000);
    const second = sockets[1]!;
    second.open();
    expect(sentTypes(second)).toEqual(['start']);
    second.receive(code);
    expect(sentTypes(second)).toEqual(['start']);
    signIn.stop();
  });

  it('closes the socket its tokens came on unless the app keeps it (for its device session)', async () => {
    const tokens = { type: 'approved', access_token: 'a', token_type: 'Bearer', expires_in: 3600 };
    const dropped = startTv(() => {});
    await vi.advanceTimersByTimeAsync(0);
    dropped.sockets[0]!.open();
    dropped.sockets[0]!.receive(code);
    dropped.sockets[0]!.receive(tokens);
    expect(dropped.sockets[0]!.closedWith).toBe(1000);

    const kept: WebSocket[] = [];
    const keeping = startTv((_tokens, socket) => {
      kept.push(socket);
      return true;
    });
    await vi.advanceTimersByTimeAsync(0);
    keeping.sockets[0]!.open();
    keeping.sockets[0]!.receive(code);
    keeping.sockets[0]!.receive(tokens);
    expect(kept).toEqual([keeping.sockets[0]]);
    expect(keeping.sockets[0]!.closedWith).toBeUndefined();
    expect(sentTypes(keeping.sockets[0]!)).toEqual(['start', 'received']);
  });
});
