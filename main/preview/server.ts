/**
 * `npm run preview`: the built renderer in an ordinary browser, connected to the real core services by a
 * WebSocket transport for the same bridge and router.
 *
 * Any page on this machine can open a WebSocket to loopback, and this socket drives the Docker engine, so:
 * - every request and upgrade must name our own address in `Host` (a page on a look-alike name that resolves to
 *   127.0.0.1 — DNS rebinding — is refused);
 * - the one-time token printed in the URL is exchanged once for an HttpOnly session cookie (`session.ts`), and
 *   nothing is served without that session;
 * - a socket is admitted only with the session cookie AND an `Origin` equal to our own page, and only
 *   `MAX_PREVIEW_SOCKETS` at once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { MAX_REQUEST_BYTES } from '../../preload/api';
import {
  MAX_PREVIEW_SOCKETS,
  PREVIEW_BRIDGE_PATH,
  PREVIEW_REFUSALS,
  PREVIEW_SCRIPT_PATH,
  TOKEN_PARAMETER,
  type ClientMessage,
  type PreviewRefusalCode,
  type ServerMessage,
} from '../../preload/transports/websocket-protocol';
import type { EventSink } from '../core/ipc/events';
import type { MainTransport, TransportHandler } from '../core/ipc/router';
import { contentSecurityPolicy } from '../core/csp';
import { alreadyUsedPage, noSessionPage, refusalHtml, wrongHostPage, wrongTokenPage, type RefusalPage } from './pages';
import { PreviewSession } from './session';
import { StaticFiles } from './static-files';

/** The router's view of a preview connection: `isTrustedSender` checks it was admitted by the session check. */
export interface PreviewSender {
  readonly connection: WebSocket;
}

export interface PreviewServerOptions {
  rendererDir: string;
  previewBridgeFile: string;
  host?: string;
  port?: number;
  /** Called with every message sent to a browser (tests record them to prove no secret crosses). */
  onOutgoing?: (message: ServerMessage) => void;
}

export interface PreviewServer {
  /** The page to open, with the one-time token. */
  url: string;
  origin: string;
  transport: MainTransport<PreviewSender>;
  isTrustedSender: (sender: PreviewSender) => boolean;
  /** A stable id per socket, for the router; `onSenderGone` reports the same id when the socket closes. */
  senderId: (sender: PreviewSender) => string;
  onSenderGone: (listener: (senderId: string) => void) => void;
  sinks: () => Iterable<EventSink>;
  close(): Promise<void>;
}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) throw new Error(`The preview server only listens on loopback, not on ${host}.`);
  const handlers = new Map<string, TransportHandler<PreviewSender>>();
  const admitted = new WeakSet<WebSocket>();
  const files = new StaticFiles({ rendererDir: options.rendererDir, bridgeFile: options.previewBridgeFile, bridgePath: PREVIEW_SCRIPT_PATH, html: injectBridge });

  const http = createServer((request, response) => {
    void serveFile(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_BYTES + 64 * 1024 });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('The preview server has no TCP address.');
  const authority = host.includes(':') ? `[${host}]:${address.port}` : `${host}:${address.port}`;
  const origin = `http://${authority}`;
  const csp = contentSecurityPolicy(`ws://${authority}`);
  const session = new PreviewSession(address.port);
  const securityHeaders = {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
  };
  const isOwnHost = (request: IncomingMessage): boolean => request.headers.host?.toLowerCase() === authority;

  const refuse = (response: ServerResponse, page: RefusalPage): void => {
    response.writeHead(page.status, { ...securityHeaders, 'Content-Type': 'text/html; charset=utf-8' }).end(refusalHtml(page));
  };

  async function serveFile(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!isOwnHost(request)) return refuse(response, wrongHostPage(origin));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405).end();
      return;
    }
    const requested = new URL(request.url ?? '/', origin);
    const offeredToken = requested.searchParams.get(TOKEN_PARAMETER);
    if (offeredToken !== null) return exchangeToken(request, response, requested, offeredToken);
    if (!session.admits(request.headers.cookie)) return refuse(response, noSessionPage);
    const served = await files.get(decodeURIComponent(requested.pathname));
    if (served === undefined) {
      response.writeHead(404, { 'Content-Security-Policy': csp }).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': served.type, ...securityHeaders });
    response.end(request.method === 'HEAD' ? undefined : served.body);
  }

  /** The printed address: sign in once, then go to the same page without the token (history keeps no secret). */
  function exchangeToken(request: IncomingMessage, response: ServerResponse, requested: URL, offered: string): void {
    const clean = new URL(requested);
    clean.searchParams.delete(TOKEN_PARAMETER);
    const location = `${clean.pathname}${clean.search}`;
    const redirect = (headers: Record<string, string> = {}): void => {
      response.writeHead(303, { ...securityHeaders, Location: location, ...headers }).end();
    };
    const exchange = session.exchange(offered);
    if (exchange.outcome === 'signed-in') return redirect({ 'Set-Cookie': exchange.setCookie });
    // The same browser opening the printed address again is already signed in: just take it to the app.
    if (exchange.outcome === 'already-used' && session.admits(request.headers.cookie)) return redirect();
    refuse(response, exchange.outcome === 'already-used' ? alreadyUsedPage : wrongTokenPage);
  }

  http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (status: string, text: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}\n`);
    };
    if (!isOwnHost(request)) return reject('421 Misdirected Request', `This preview answers only at ${origin}.`);
    if (new URL(request.url ?? '/', origin).pathname !== PREVIEW_BRIDGE_PATH) return reject('404 Not Found', 'Not the preview bridge.');
    // Another page (or no browser at all) gets no handshake; only our own page is told why it was refused.
    if (request.headers.origin !== origin) return reject('403 Forbidden', 'Only the preview page itself may connect.');
    const refusal: PreviewRefusalCode | undefined = !session.admits(request.headers.cookie)
      ? 4401
      : admittedCount() >= MAX_PREVIEW_SOCKETS
        ? 4429
        : undefined;
    sockets.handleUpgrade(request, socket, head, (connection) => {
      if (refusal !== undefined) {
        connection.close(refusal, PREVIEW_REFUSALS[refusal].reason);
        return;
      }
      admitted.add(connection);
      connection.on('message', (raw) => void answer(connection, raw.toString()));
      // A closed tab or a reload: what this socket opened in main (log streams) ends with it.
      connection.on('close', () => {
        for (const listener of goneListeners) listener(socketId(connection));
      });
    });
  });

  const socketIds = new WeakMap<WebSocket, string>();
  let nextSocket = 0;
  const socketId = (connection: WebSocket): string => {
    let id = socketIds.get(connection);
    if (id === undefined) socketIds.set(connection, (id = `socket:${++nextSocket}`));
    return id;
  };
  const goneListeners = new Set<(senderId: string) => void>();

  const admittedCount = (): number => [...sockets.clients].filter((client) => admitted.has(client) && client.readyState === client.OPEN).length;

  const send = (connection: WebSocket, message: ServerMessage): void => {
    if (connection.readyState !== connection.OPEN) return;
    options.onOutgoing?.(message);
    connection.send(JSON.stringify(message));
  };

  async function answer(connection: WebSocket, raw: string): Promise<void> {
    let message: ClientMessage;
    try {
      message = JSON.parse(raw) as ClientMessage;
    } catch {
      connection.close(1003, 'not JSON');
      return;
    }
    if (message?.type !== 'invoke' || typeof message.id !== 'number' || typeof message.channel !== 'string' || !Array.isArray(message.args)) {
      connection.close(1003, 'not a call');
      return;
    }
    const handler = handlers.get(message.channel);
    const result = handler
      ? await handler({ connection }, ...message.args)
      : { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `There is no call named ${message.channel}.` } };
    const outgoing: ServerMessage = { type: 'result', id: message.id, result };
    if (connection.readyState !== connection.OPEN) return;
    options.onOutgoing?.(outgoing);
    connection.send(resultMessageJson(outgoing, result));
  }

  /**
   * A result main holds unchanged for every window (frozen: the Images list at one version, whose envelope the router
   * keeps, ipc/router.ts) is serialised once — 464 KB and about 4 ms at 2,000 images — not once per window.
   */
  const resultTexts = new WeakMap<object, string>();
  const resultMessageJson = (outgoing: ServerMessage & { type: 'result' }, result: unknown): string => {
    if (typeof result !== 'object' || result === null || !Object.isFrozen(result)) return JSON.stringify(outgoing);
    let text = resultTexts.get(result);
    if (text === undefined) resultTexts.set(result, (text = JSON.stringify(result)));
    // The same text as JSON.stringify(outgoing): its keys in the same order.
    return `{"type":"result","id":${JSON.stringify(outgoing.id)},"result":${text}}`;
  };

  return {
    url: `${origin}/?${TOKEN_PARAMETER}=${session.token}`,
    origin,
    transport: {
      handle: (channel, handler) => void handlers.set(channel, handler),
      removeHandler: (channel) => void handlers.delete(channel),
    },
    isTrustedSender: (sender) => admitted.has(sender.connection),
    senderId: (sender) => socketId(sender.connection),
    onSenderGone: (listener) => void goneListeners.add(listener),
    sinks: () =>
      [...sockets.clients].filter((client) => admitted.has(client)).map((client) => ({
        send: (channel: string, payload: unknown) => send(client, { type: 'event', channel, payload }),
      })),
    async close() {
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function injectBridge(html: string): string {
  const tag = `<script src="${PREVIEW_SCRIPT_PATH}"></script>`;
  // First thing in <head>: the bridge must exist before any of the app's scripts run.
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return `${tag}\n${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n    ${tag}${html.slice(at)}`;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
