/**
 * An HTTP proxy in front of a real bench registry that answers the way registries and the boxes in front of them
 * fail in the wild: Docker Hub's pull rate limit, a corporate proxy's HTML 403, a token server that is down, a token
 * server that answers 200 with something that is not a token. Everything else is passed through unchanged, so the
 * engine really pulls through it. It listens on a loopback address (the engine treats 127.0.0.0/8 as an insecure
 * registry, so plain HTTP is fine) on an ephemeral port, started per test like tests/support/slow-proxy.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { splitHostPort } from './slow-proxy';

/** Docker Hub's answer when the pull rate limit is reached (body and headers as it sends them). */
export const DOCKER_HUB_RATE_LIMIT_BODY = JSON.stringify({
  errors: [
    {
      code: 'TOOMANYREQUESTS',
      message: 'You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limit',
    },
  ],
});

/** A page as corporate web proxies send when a policy blocks an address. */
export const PROXY_FORBIDDEN_HTML =
  '<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body><h1>Access Denied</h1><p>Your request was blocked by the corporate web proxy (policy: registries).</p></body></html>\n';

/** What a captive portal or misrouted token realm answers with status 200: a page, not a token. */
export const GARBAGE_TOKEN_BODY = '<html><body><form action="/login">Sign in to continue</form></body></html>\n';

export type Fault =
  /** Pass everything through. */
  | { kind: 'none' }
  /**
   * Docker Hub's rate limit: every manifest answer carries `ratelimit-limit` / `ratelimit-remaining`
   * (`N;w=SECONDS`); a manifest `GET` counts as a pull, a `HEAD` does not; with none left, `GET` gets 429.
   */
  | { kind: 'rate-limit'; remaining: number; limit?: number; windowSeconds?: number }
  /** Every request answered `403` with an HTML page. */
  | { kind: 'forbidden-html' }
  /** The registry's `Bearer realm=…` rewritten to `realm` (e.g. bench.registries.token.closedRealm). */
  | { kind: 'token-realm-closed'; realm: string }
  /** The registry's `Bearer realm=…` rewritten to this proxy's `/token-garbage`, which answers 200 with HTML. */
  | { kind: 'token-garbage' };

export interface ProxiedRequest {
  method: string;
  path: string;
  status: number;
}

export interface FaultProxy {
  /** host:port to put in image references. */
  address: string;
  /** Requests seen so far, in order (the token requests of `token-garbage` too). */
  readonly requests: ProxiedRequest[];
  setFault(fault: Fault): void;
  close(): Promise<void>;
}

const MANIFEST_PATH = /^\/v2\/.+\/manifests\/[^/]+$/;
const GARBAGE_TOKEN_PATH = '/token-garbage';

export async function startFaultProxy(options: { listenHost: string; listenPort?: number; target: string; fault: Fault }): Promise<FaultProxy> {
  // A copy: the rate limit counts down in it, never in the caller's object.
  let fault: Fault = { ...options.fault };
  const requests: ProxiedRequest[] = [];
  let address = '';

  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    const answer = (status: number, headers: http.OutgoingHttpHeaders, body: string) => {
      requests.push({ method, path, status });
      res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers });
      res.end(method === 'HEAD' ? undefined : body);
    };

    if (fault.kind === 'forbidden-html') {
      req.resume();
      return answer(403, { 'content-type': 'text/html; charset=utf-8' }, PROXY_FORBIDDEN_HTML);
    }
    if (fault.kind === 'token-garbage' && path.startsWith(GARBAGE_TOKEN_PATH)) {
      req.resume();
      return answer(200, { 'content-type': 'text/html; charset=utf-8' }, GARBAGE_TOKEN_BODY);
    }
    const rateHeaders: http.OutgoingHttpHeaders = {};
    if (fault.kind === 'rate-limit' && MANIFEST_PATH.test(path.split('?')[0] ?? '')) {
      const window = fault.windowSeconds ?? 21600;
      if (method === 'GET' && fault.remaining <= 0) {
        req.resume();
        return answer(
          429,
          {
            'content-type': 'application/json',
            'ratelimit-limit': `${fault.limit ?? 100};w=${window}`,
            'ratelimit-remaining': `0;w=${window}`,
            'docker-ratelimit-source': req.socket.remoteAddress ?? '127.0.0.1',
          },
          DOCKER_HUB_RATE_LIMIT_BODY,
        );
      }
      if (method === 'GET') fault.remaining -= 1;
      rateHeaders['ratelimit-limit'] = `${fault.limit ?? 100};w=${window}`;
      rateHeaders['ratelimit-remaining'] = `${fault.remaining};w=${window}`;
      rateHeaders['docker-ratelimit-source'] = req.socket.remoteAddress ?? '127.0.0.1';
    }

    const [targetHost, targetPort] = splitHostPort(options.target);
    const upstream = http.request({ host: targetHost, port: targetPort, method, path, headers: req.headers }, (upstreamRes) => {
      const headers: http.OutgoingHttpHeaders = { ...upstreamRes.headers, ...rateHeaders };
      const challenge = upstreamRes.headers['www-authenticate'];
      if (typeof challenge === 'string') headers['www-authenticate'] = rewriteRealm(challenge, fault, address);
      requests.push({ method, path, status: upstreamRes.statusCode ?? 0 });
      res.writeHead(upstreamRes.statusCode ?? 502, headers);
      upstreamRes.pipe(res);
    });
    upstream.on('error', (error) => {
      if (res.headersSent) res.destroy();
      else answer(502, { 'content-type': 'text/plain' }, `fault proxy: ${options.target} did not answer (${error.message})\n`);
    });
    req.pipe(upstream);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listenPort ?? 0, options.listenHost, () => resolve());
  });
  address = `${options.listenHost}:${(server.address() as AddressInfo).port}`;
  return {
    address,
    requests,
    setFault(next: Fault) {
      fault = { ...next };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function rewriteRealm(challenge: string, fault: Fault, proxyAddress: string): string {
  if (fault.kind === 'token-realm-closed') return challenge.replace(/realm="[^"]*"/, `realm="${fault.realm}"`);
  if (fault.kind === 'token-garbage') return challenge.replace(/realm="[^"]*"/, `realm="http://${proxyAddress}${GARBAGE_TOKEN_PATH}"`);
  return challenge;
}
