/**
 * Talks to a running preview (`startPreview`) the way its page does: the real bridge over a WebSocket to the
 * real preview server, signed in with the one-time address and carrying the page's Origin — so a test exercises the same host
 * assembly, transport, router and schemas as a user's window. Events are recorded in arrival order.
 */
import WebSocket from 'ws';
import { createBridge, type RendererTransport, type TransportListener } from '../../../../preload/bridge';
import type { CallName, CallRequest, CallResponse, StevedoreBridge } from '../../../../preload/api';
import { eventChannel } from '../../../../preload/api';
import { PREVIEW_BRIDGE_PATH, type ClientMessage, type ServerMessage } from '../../../../preload/transports/websocket-protocol';

export interface PreviewClient {
  bridge: StevedoreBridge;
  /** Every event received, oldest first. */
  events: Array<{ channel: string; payload: unknown }>;
  close(): Promise<void>;
}

export class CallFailed extends Error {
  constructor(
    readonly call: string,
    readonly code: string,
    message: string,
  ) {
    super(`${call} failed with ${code}: ${message}`);
  }
}

export async function connectToPreview(pageUrl: string): Promise<PreviewClient> {
  const page = new URL(pageUrl);
  // As a browser does: the one-time address is exchanged once for a session cookie, which the socket carries.
  const signIn = await fetch(pageUrl, { redirect: 'manual' });
  const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0];
  if (signIn.status !== 303 || cookie === undefined) throw new Error(`The preview refused its one-time address (HTTP ${signIn.status}).`);
  const socket = new WebSocket(`ws://${page.host}${PREVIEW_BRIDGE_PATH}`, {
    headers: { Origin: page.origin, Cookie: cookie },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<TransportListener>>();
  const events: PreviewClient['events'] = [];
  let nextId = 1;
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as ServerMessage;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
      return;
    }
    events.push({ channel: message.channel, payload: message.payload });
    for (const listener of listeners.get(message.channel) ?? []) listener(undefined, message.payload);
  });
  socket.on('close', () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'TRANSPORT', message: 'the preview connection closed' } });
    pending.clear();
  });
  const transport: RendererTransport = {
    invoke(channel, ...args) {
      while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
      const id = nextId++;
      const message: ClientMessage = { type: 'invoke', id, channel, args };
      return new Promise((resolve) => {
        pending.set(id, resolve);
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
  return {
    bridge: createBridge(transport),
    events,
    close: () =>
      new Promise<void>((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) resolve();
        else {
          socket.once('close', () => resolve());
          socket.close();
        }
      }),
  };
}

/** Calls through the bridge and returns the value; a refusal becomes a CallFailed carrying its code. */
export async function call<N extends CallName>(bridge: StevedoreBridge, name: N, request: CallRequest<N>): Promise<CallResponse<N>> {
  const result = await bridge.invoke(name, request);
  if (!result.ok) throw new CallFailed(name, result.error.code, result.error.message);
  return result.value;
}

/** Resolves with the first event on `name` (already received or still to come) that satisfies `matches`. */
export function waitForEvent<T>(client: PreviewClient, name: string, matches: (payload: T) => boolean, timeoutMs: number): Promise<T> {
  const channel = eventChannel(name);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => {
      const found = client.events.find((event) => event.channel === channel && matches(event.payload as T));
      if (found) resolve(found.payload as T);
      else if (Date.now() - started > timeoutMs) reject(new Error(`no ${name} event as expected within ${timeoutMs} ms`));
      else setTimeout(poll, 25);
    };
    poll();
  });
}
