/**
 * An `ipcRenderer`-like transport over a WebSocket, used by `npm run preview` where there is no Electron.
 * Calls made before the socket opens wait for it; a dropped socket is reopened and pending calls fail clearly.
 */
import type { RendererTransport, TransportListener } from '../bridge';
import type { ClientMessage, ServerMessage } from './websocket-protocol';

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export function createWebSocketTransport(url: string, reconnectDelayMs = 1000): RendererTransport {
  const listeners = new Map<string, Set<TransportListener>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: WebSocket;
  let opened: Promise<void>;

  const connect = (): void => {
    socket = new WebSocket(url);
    opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      const data = JSON.parse(message.data) as ServerMessage;
      if (data.type === 'result') {
        pending.get(data.id)?.resolve(data.result);
        pending.delete(data.id);
      } else {
        for (const listener of listeners.get(data.channel) ?? []) listener(undefined, data.payload);
      }
    });
    socket.addEventListener('close', () => {
      for (const call of pending.values()) call.reject(new Error('the preview connection closed'));
      pending.clear();
      setTimeout(connect, reconnectDelayMs);
    });
  };
  connect();

  return {
    async invoke(channel, ...args) {
      await opened;
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
    },
    removeListener(channel, listener) {
      listeners.get(channel)?.delete(listener);
    },
  };
}
