/**
 * An `ipcRenderer`-like transport over a WebSocket, used by `npm run preview` where there is no Electron.
 * Calls made before the socket opens wait for it; a dropped socket is reopened, pending calls fail clearly, and
 * `connection.restored` tells the page once it is open again.
 * A socket the server refused on purpose (`PREVIEW_REFUSALS`: no session, too many tabs) is not reopened —
 * retrying could not help — and every call from then on fails at once with the reason, which `onRefused` and
 * the `connection.refused` event also report so the page can say why.
 */
import { eventChannel } from '../channels';
import type { RendererTransport, TransportListener } from '../bridge';
import { refusalFor, type ClientMessage, type PreviewRefusal, type ServerMessage } from './websocket-protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The part of the browser's WebSocket this transport uses (a test passes a double). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export interface WebSocketTransportOptions {
  reconnectDelayMs?: number;
  createSocket?: (url: string) => SocketLike;
  /** Called once when the server refuses this page for good. */
  onRefused?: (refusal: PreviewRefusal) => void;
}

/** The event the transport itself raises (main never sends it): the server refused this page's socket. */
export const CONNECTION_REFUSED_CHANNEL = eventChannel('connection.refused');
/**
 * The event the transport raises when a dropped socket is open again (main never sends it): main ended what the old
 * socket had open and events of the gap were lost, so live views ask again (renderer/bridge/liveStore.ts).
 */
export const CONNECTION_RESTORED_CHANNEL = eventChannel('connection.restored');
const OPEN = 1;

export function createWebSocketTransport(url: string, options: WebSocketTransportOptions = {}): RendererTransport {
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  const createSocket = options.createSocket ?? ((address: string) => new WebSocket(address) as SocketLike);
  const listeners = new Map<string, Set<TransportListener>>();
  const pending = new Map<number, Pending>();
  let waitingForOpen: Pending[] = [];
  let nextId = 1;
  let socket: SocketLike;
  let refusal: PreviewRefusal | undefined;
  let everOpened = false;

  const refusedError = (reason: PreviewRefusal): Error => new Error(`${reason.message} ${reason.fix}`);

  const connect = (): void => {
    const current = createSocket(url);
    socket = current;
    current.addEventListener('open', () => {
      const waiting = waitingForOpen;
      waitingForOpen = [];
      for (const waiter of waiting) waiter.resolve(current);
      if (everOpened) for (const listener of listeners.get(CONNECTION_RESTORED_CHANNEL) ?? []) listener(undefined, {});
      everOpened = true;
    });
    current.addEventListener('message', (message) => {
      const data = JSON.parse(String(message.data)) as ServerMessage;
      if (data.type === 'result') {
        pending.get(data.id)?.resolve(data.result);
        pending.delete(data.id);
      } else {
        for (const listener of listeners.get(data.channel) ?? []) listener(undefined, data.payload);
      }
    });
    current.addEventListener('close', (event) => {
      for (const call of pending.values()) call.reject(new Error('the preview connection closed'));
      pending.clear();
      const refused = refusalFor(event.code);
      if (refused === undefined) {
        setTimeout(connect, reconnectDelayMs);
        return;
      }
      refusal = refused;
      const waiting = waitingForOpen;
      waitingForOpen = [];
      for (const waiter of waiting) waiter.reject(refusedError(refused));
      options.onRefused?.(refused);
      for (const listener of listeners.get(CONNECTION_REFUSED_CHANNEL) ?? []) listener(undefined, refused);
    });
  };
  connect();

  const whenOpen = (): Promise<unknown> => {
    if (refusal !== undefined) return Promise.reject(refusedError(refusal));
    if (socket.readyState === OPEN) return Promise.resolve();
    return new Promise((resolve, reject) => waitingForOpen.push({ resolve, reject }));
  };

  return {
    async invoke(channel, ...args) {
      // The socket may close between its opening and this call resuming: wait for the next one then.
      do await whenOpen();
      while (socket.readyState !== OPEN);
      const id = nextId++;
      // JSON has no `undefined`: a call without a request must arrive with no argument, not with `null`.
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      const message: ClientMessage = { type: 'invoke', id, channel, args };
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify(message));
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set<TransportListener>();
      set.add(listener);
      listeners.set(channel, set);
      // A page that subscribes after the refusal still learns of it.
      if (channel === CONNECTION_REFUSED_CHANNEL && refusal !== undefined) listener(undefined, refusal);
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}
