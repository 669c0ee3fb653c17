/**
 * A stand-in registry on an ephemeral loopback port for unit tests: each test supplies the handler, so it can
 * answer as a well-behaved registry, a token server or a hostile one. Records what it was asked (with headers).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  url: string;
  authorization?: string;
}

export interface LocalRegistry {
  /** `127.0.0.1:PORT` */
  host: string;
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startLocalRegistry(handler: (req: http.IncomingMessage, res: http.ServerResponse, self: { url: string }) => void, listenHost = '127.0.0.1'): Promise<LocalRegistry> {
  const seen: SeenRequest[] = [];
  const self = { url: '' };
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    handler(req, res, self);
  });
  await new Promise<void>((resolve) => server.listen(0, listenHost, resolve));
  const port = (server.address() as AddressInfo).port;
  self.url = `http://${listenHost}:${port}`;
  return {
    host: `${listenHost}:${port}`,
    url: self.url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function json(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
