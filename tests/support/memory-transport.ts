/**
 * An in-process pair of transports: the `ipcRenderer`-like side for the real bridge and the `ipcMain`-like side
 * for the real router, with a sender identity per renderer so sender checks can be exercised.
 */
import type { RendererTransport, TransportListener } from '../../preload/bridge';
import type { EventSink } from '../../main/core/ipc/events';
import type { MainTransport, TransportHandler } from '../../main/core/ipc/router';

export interface MemorySender {
  id: string;
}

export function createMemoryMain(): {
  transport: MainTransport<MemorySender>;
  connect(sender: MemorySender): { renderer: RendererTransport; sink: EventSink };
  handlerCount(): number;
} {
  const handlers = new Map<string, TransportHandler<MemorySender>>();
  return {
    transport: {
      handle: (channel, handler) => void handlers.set(channel, handler),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    handlerCount: () => handlers.size,
    connect(sender) {
      const listeners = new Map<string, Set<TransportListener>>();
      const renderer: RendererTransport = {
        async invoke(channel, ...args) {
          const handler = handlers.get(channel);
          if (!handler) throw new Error(`No handler registered for '${channel}'`);
          // Structured clone mimics IPC: nothing but plain data crosses.
          return structuredClone(await handler(sender, ...args.map((arg) => structuredClone(arg))));
        },
        on(channel, listener) {
          const set = listeners.get(channel) ?? new Set();
          set.add(listener);
          listeners.set(channel, set);
        },
        removeListener(channel, listener) {
          listeners.get(channel)?.delete(listener);
        },
      };
      const sink: EventSink = {
        send(channel, payload) {
          for (const listener of listeners.get(channel) ?? []) listener({ sender: 'main' }, structuredClone(payload));
        },
      };
      return { renderer, sink };
    },
  };
}
