import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBridge } from '../../../preload/bridge';
import { CONNECTION_REFUSED_CHANNEL, CONNECTION_RESTORED_CHANNEL, createWebSocketTransport, type SocketLike } from '../../../preload/transports/websocket';
import { PREVIEW_REFUSALS, type PreviewRefusal } from '../../../preload/transports/websocket-protocol';

/** A browser WebSocket double: the test opens, answers and closes it as the server would. */
class FakeSocket implements SocketLike {
  readyState = 0;
  readonly sent: string[] = [];
  private readonly handlers = new Map<string, Array<(event: never) => void>>();
  send(data: string): void {
    this.sent.push(data);
  }
  addEventListener(type: string, listener: (event: never) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  private emit(type: string, event: unknown): void {
    for (const handler of this.handlers.get(type) ?? []) handler(event as never);
  }
  open(): void {
    this.readyState = 1;
    this.emit('open', {});
  }
  answer(result: unknown): void {
    const { id } = JSON.parse(this.sent.at(-1) ?? '{}') as { id: number };
    this.emit('message', { data: JSON.stringify({ type: 'result', id, result }) });
  }
  closeWith(code: number, reason = ''): void {
    this.readyState = 3;
    this.emit('close', { code, reason });
  }
}

let sockets: FakeSocket[];
const createSocket = (): FakeSocket => {
  const socket = new FakeSocket();
  sockets.push(socket);
  return socket;
};
beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the preview page transport', () => {
  it('reopens a socket that dropped, and calls made meanwhile go out on the new one', async () => {
    const bridge = createBridge(createWebSocketTransport('ws://x', { createSocket, reconnectDelayMs: 1000 }));
    sockets[0]?.open();
    sockets[0]?.closeWith(1006);
    const answer = bridge.invoke('app.info', undefined);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
    sockets[1]?.open();
    await vi.advanceTimersByTimeAsync(0);
    sockets[1]?.answer({ ok: true, value: 'answered' });
    await expect(answer).resolves.toEqual({ ok: true, value: 'answered' });
  });

  for (const code of [4401, 4429] as const) {
    it(`stops retrying when the server refuses the page (${code}: ${PREVIEW_REFUSALS[code].reason}) and says why`, async () => {
      const refusals: PreviewRefusal[] = [];
      const transport = createWebSocketTransport('ws://x', { createSocket, reconnectDelayMs: 1000, onRefused: (refusal) => refusals.push(refusal) });
      const bridge = createBridge(transport);
      const waiting = bridge.invoke('app.info', undefined);
      // The server completes the handshake and closes at once with its reason.
      sockets[0]?.open();
      sockets[0]?.closeWith(code, PREVIEW_REFUSALS[code].reason);
      await vi.advanceTimersByTimeAsync(60_000);
      expect(sockets).toHaveLength(1);
      expect(refusals).toEqual([{ code, message: PREVIEW_REFUSALS[code].message, fix: PREVIEW_REFUSALS[code].fix }]);

      // The call in flight and every later one fail at once with the reason instead of waiting forever.
      const inFlight = await waiting;
      expect(inFlight.ok).toBe(false);
      const later = await bridge.invoke('app.info', undefined);
      expect(later).toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
      if (!later.ok) expect(later.error.message).toContain(PREVIEW_REFUSALS[code].message);

      // A page part that subscribes afterwards (the banner mounts late) still learns of the refusal.
      const seen: unknown[] = [];
      transport.on(CONNECTION_REFUSED_CHANNEL, (_event, payload) => seen.push(payload));
      expect(seen).toEqual([refusals[0]]);
    });
  }

  it('a refusal before the socket ever opened also fails the waiting calls', async () => {
    const bridge = createBridge(createWebSocketTransport('ws://x', { createSocket }));
    const waiting = bridge.invoke('app.info', undefined);
    sockets[0]?.closeWith(4401, 'no preview session');
    await expect(waiting).resolves.toMatchObject({ ok: false, error: { code: 'TRANSPORT' } });
  });
});

describe('the preview page transport after a drop', () => {
  it('says "connection restored" when a dropped socket is open again, not when the first one opens', async () => {
    const transport = createWebSocketTransport('ws://x', { createSocket, reconnectDelayMs: 1000 });
    const restored: unknown[] = [];
    transport.on(CONNECTION_RESTORED_CHANNEL, (_event, payload) => restored.push(payload));
    sockets[0]?.open();
    expect(restored).toEqual([]);
    sockets[0]?.closeWith(1006);
    await vi.advanceTimersByTimeAsync(1000);
    // Still reconnecting: a socket that fails to open is tried again; only an open one counts.
    sockets[1]?.closeWith(1006);
    await vi.advanceTimersByTimeAsync(1000);
    expect(restored).toEqual([]);
    sockets[2]?.open();
    expect(restored).toEqual([{}]);
  });
});
