/**
 * A tiny Docker Engine API on a unix socket, for shell tests that need a *connected* engine (the tray enables
 * pulls and stack actions only then) without the test bench. The real EngineConnection and the real PullService
 * talk to it through the real dockerode: it answers ping, version and events, and hands each pull to the test,
 * which writes the engine's progress messages and ends the stream when it wants.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { EngineEndpoint } from '../../main/core/engine/endpoint';

export interface FakePull {
  /** `fromImage:tag` as the engine was asked. */
  reference: string;
  /** The decoded X-Registry-Auth header, when the pull sent credentials. */
  auth: { username?: string; serveraddress?: string } | undefined;
  /** Writes one pull stream message (an object such as `{ status: 'Downloading', … }`). */
  write(message: object): void;
  /** Ends the pull stream; the engine's image then exists. */
  end(): void;
}

export interface FakeEngine {
  endpoint: EngineEndpoint;
  pulls: FakePull[];
  /** What `GET /containers/json` lists (filtered by label as the engine does). */
  containers: Array<Record<string, unknown> & { Labels: Record<string, string> }>;
  /** Resolves with the `count`-th pull the engine received (1-based). */
  pull(count: number): Promise<FakePull>;
  close(): Promise<void>;
}

export async function startFakeEngine(): Promise<FakeEngine> {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-engine-'));
  const socketPath = path.join(folder, 'docker.sock');
  const pulls: FakePull[] = [];
  const waiters: Array<() => void> = [];
  const open = new Set<ServerResponse>();
  const containers: FakeEngine['containers'] = [];

  const json = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://engine');
    // dockerode may put the API version in front (/v1.43/…).
    const route = url.pathname.replace(/^\/v\d+\.\d+/, '');
    if (route === '/_ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain', 'Api-Version': '1.43' });
      response.end(request.method === 'HEAD' ? undefined : 'OK');
    } else if (route === '/version') {
      json(response, 200, { Version: '24.0.7', ApiVersion: '1.43', Os: 'linux', Arch: 'amd64', Components: [{ Name: 'Engine', Version: '24.0.7' }] });
    } else if (route === '/events') {
      // Held open: an engine that closes its event stream counts as gone.
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.flushHeaders();
      open.add(response);
      response.on('close', () => open.delete(response));
    } else if (route === '/images/create' && request.method === 'POST') {
      const image = url.searchParams.get('fromImage') ?? '';
      const tag = url.searchParams.get('tag');
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.flushHeaders();
      open.add(response);
      response.on('close', () => open.delete(response));
      pulls.push({
        reference: tag ? `${image}:${tag}` : image,
        auth: decodeAuth(request.headers['x-registry-auth']),
        write: (message) => response.write(`${JSON.stringify(message)}\r\n`),
        end: () => response.end(),
      });
      for (const wake of waiters.splice(0)) wake();
    } else if (/^\/images\/.+\/json$/.test(route) && request.method === 'GET') {
      json(response, 200, { Id: `sha256:${'ab'.repeat(32)}`, Size: 7_340_032, RepoDigests: [], Os: 'linux', Architecture: 'amd64' });
    } else if (route === '/containers/json' && request.method === 'GET') {
      json(response, 200, containers.filter((container) => matchesLabelFilters(container.Labels, url.searchParams.get('filters'))));
    } else if (route === '/images/json' && request.method === 'GET') {
      json(response, 200, []);
    } else {
      json(response, 404, { message: `page not found: ${request.method} ${route}` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, resolve);
  });

  return {
    endpoint: { url: `unix://${socketPath}`, source: 'setting', tls: false },
    pulls,
    containers,
    async pull(count) {
      while (pulls.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
      const found = pulls[count - 1];
      if (!found) throw new Error('unreachable');
      return found;
    },
    async close() {
      for (const response of open) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** `filters={"label":["key","key=value"]}`: every label filter must hold. */
function matchesLabelFilters(labels: Record<string, string>, filters: string | null): boolean {
  const wanted = filters ? ((JSON.parse(filters) as { label?: string[] }).label ?? []) : [];
  return wanted.every((filter) => {
    const [key = '', value] = filter.split('=', 2);
    return value === undefined ? key in labels : labels[key] === value;
  });
}

function decodeAuth(header: string | string[] | undefined): FakePull['auth'] {
  if (typeof header !== 'string' || header === '') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(header.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as { username?: string; serveraddress?: string };
    return { username: decoded.username, serveraddress: decoded.serveraddress };
  } catch {
    return undefined;
  }
}
