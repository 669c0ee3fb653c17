/**
 * The renderer side of the contract, written against the smallest `ipcRenderer`-like surface so that the same
 * bridge runs over Electron IPC, over the preview WebSocket, and in tests.
 */
import { callChannel, eventChannel } from './channels';
import type {
  CallName,
  CallRequest,
  CallResponse,
  CallResult,
  EventName,
  EventPayload,
  StevedoreBridge,
} from './api';

export type TransportListener = (event: unknown, payload: unknown) => void;

export interface RendererTransport {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: TransportListener): unknown;
  removeListener(channel: string, listener: TransportListener): unknown;
}

export function createBridge(transport: RendererTransport): StevedoreBridge {
  return {
    async invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<CallResult<CallResponse<N>>> {
      try {
        return (await transport.invoke(callChannel(name), request)) as CallResult<CallResponse<N>>;
      } catch (error) {
        // Only transport failures land here (the router always answers with an envelope).
        const message = error instanceof Error ? error.message : String(error);
        return { ok: false, error: { code: 'TRANSPORT', message: `Stevedore's main process did not answer: ${message}` } };
      }
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      const channel = eventChannel(name);
      // The transport's event object (Electron's IpcRendererEvent) must never reach the page: it exposes `sender`.
      const wrapped: TransportListener = (_event, payload) => listener(payload as EventPayload<E>);
      transport.on(channel, wrapped);
      return () => {
        transport.removeListener(channel, wrapped);
      };
    },
  };
}
