import { mkdtempSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { callChannel } from '../../../preload/api';
import { createRouter } from '../../../main/core/ipc/router';
import { handlersWith } from '../../support/handlers';
import { startPreviewServer, type PreviewServer } from '../../../main/preview/server';
import { MAX_PREVIEW_SOCKETS, PREVIEW_BRIDGE_PATH } from '../../../preload/transports/websocket-protocol';
import { testAppInfo } from '../../support/app-info';

let server: PreviewServer;
let secretFile: string;
let rendererDir: string;
const opened: WebSocket[] = [];

beforeEach(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-preview-'));
  rendererDir = path.join(dir, 'renderer');
  await import('node:fs/promises').then((fs) => fs.mkdir(rendererDir));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><script type="module" src="./app.js"></script></head><body></body></html>');
  writeFileSync(path.join(rendererDir, 'app.js'), 'console.log(1)');
  secretFile = path.join(dir, 'outside.txt');
  writeFileSync(secretFile, 'not for the browser');
  writeFileSync(path.join(dir, 'bridge.js'), '/* bridge */');
  server = await startPreviewServer({ rendererDir, previewBridgeFile: path.join(dir, 'bridge.js') });
  createRouter({
    transport: server.transport,
    isTrustedSender: server.isTrustedSender,
    handlers: handlersWith({
      'app.info': () => ({ ...testAppInfo, runtime: 'preview' }),
      'engine.status': () => ({ state: 'connecting', reason: 'r', fix: 'f', since: new Date().toISOString() }),
      'engine.reconnect': () => ({ state: 'connecting', reason: 'r', fix: 'f', since: new Date().toISOString() }),
    }),
  });
});
afterEach(async () => {
  for (const socket of opened.splice(0)) socket.terminate();
  await server.close();
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A plain HTTP GET where the test chooses every header, Host included (fetch does not allow that). */
function get(pathAndQuery: string, headers: Record<string, string> = {}): Promise<Answer> {
  const origin = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: origin.hostname, port: origin.port, path: pathAndQuery, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

const tokenPath = () => {
  const url = new URL(server.url);
  return `${url.pathname}${url.search}`;
};
const socketUrl = () => `${server.origin.replace('http', 'ws')}${PREVIEW_BRIDGE_PATH}`;

/** Exchanges the one-time token as a browser does and returns the `name=value` to send back as Cookie. */
async function signIn(): Promise<string> {
  const answer = await get(tokenPath());
  expect(answer.status).toBe(303);
  const setCookie = answer.headers['set-cookie']?.[0] ?? '';
  return setCookie.split(';')[0] ?? '';
}

type Opened = { socket: WebSocket };
type Refused = { httpStatus?: number; closeCode?: number; closeReason?: string };

/** Opens a socket and waits until it is either usable or refused (by HTTP or by an immediate close). */
function open(headers: Record<string, string>): Promise<Opened | Refused> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(socketUrl(), { headers });
    opened.push(socket);
    let settled = false;
    socket.once('unexpected-response', (_request, response) => {
      settled = true;
      resolve({ httpStatus: response.statusCode });
    });
    socket.once('close', (code, reason) => {
      if (!settled) resolve({ closeCode: code, closeReason: reason.toString() });
      settled = true;
    });
    socket.once('open', () => {
      // A refusal closes right after the handshake: a call proves the socket is really admitted.
      socket.once('message', () => {
        if (!settled) resolve({ socket });
        settled = true;
      });
      socket.send(JSON.stringify({ type: 'invoke', id: 1, channel: callChannel('app.info'), args: [] }));
    });
    socket.once('error', (error) => {
      if (!settled) reject(error);
    });
  });
}

function call(socket: WebSocket, channel: string): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()).result));
    socket.send(JSON.stringify({ type: 'invoke', id: 2, channel, args: [] }));
  });
}

describe('preview server', () => {
  it('listens on loopback only', async () => {
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
    await expect(startPreviewServer({ rendererDir: '.', previewBridgeFile: 'x', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves the renderer with the bridge script injected before the app and a strict CSP', async () => {
    const cookie = await signIn();
    const response = await get('/', { Cookie: cookie });
    const html = response.body;
    expect(html.indexOf('/__stevedore/preview-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__stevedore/preview-bridge.js')).toBeLessThan(html.indexOf('./app.js'));
    const csp = String(response.headers['content-security-policy'] ?? '');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  it('reads a file from disk once while it is unchanged (same size and modification time), as a built renderer is', async () => {
    // Serving ~20 files per page load read each one again (two realpath calls, open, read, close on main's loop).
    const cookie = await signIn();
    const file = path.join(rendererDir, 'app.js');
    const mtime = new Date('2026-11-30T10:00:00.000Z');
    utimesSync(file, mtime, mtime);
    expect((await get('/app.js', { Cookie: cookie })).body).toBe('console.log(1)');
    writeFileSync(file, 'console.log(2)');
    utimesSync(file, mtime, mtime);
    expect((await get('/app.js', { Cookie: cookie })).body).toBe('console.log(1)');
  });

  it('serves a file again from disk once it changed (a new build), and stops serving one that is gone', async () => {
    const cookie = await signIn();
    const file = path.join(rendererDir, 'app.js');
    expect((await get('/app.js', { Cookie: cookie })).body).toBe('console.log(1)');
    writeFileSync(file, 'console.log("rebuilt")');
    expect((await get('/app.js', { Cookie: cookie })).body).toBe('console.log("rebuilt")');
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><html><head></head><body>rebuilt</body></html>');
    const page = await get('/', { Cookie: cookie });
    expect(page.body).toContain('rebuilt');
    expect(page.body).toContain('/__stevedore/preview-bridge.js');
    unlinkSync(file);
    expect((await get('/app.js', { Cookie: cookie })).status).toBe(404);
  });

  it('never serves files outside the renderer folder', async () => {
    const cookie = await signIn();
    for (const probe of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt']) {
      const response = await get(probe, { Cookie: cookie });
      expect(response.body).not.toContain('not for the browser');
    }
  });

  it('refuses any request whose Host is not its own address (DNS rebinding), even with a session', async () => {
    const cookie = await signIn();
    const port = new URL(server.origin).port;
    for (const host of [`evil.example:${port}`, `localhost:${port}`, '127.0.0.1:1', 'evil.example']) {
      const page = await get('/', { Host: host, Cookie: cookie });
      expect(page.status).toBe(421);
      expect(page.body).toContain(server.origin);
      expect(page.body).not.toContain('preview-bridge.js');
    }
    const refused = await open({ Host: `evil.example:${port}`, Origin: `http://evil.example:${port}`, Cookie: cookie });
    expect(refused).toEqual({ httpStatus: 421 });
  });

  it('exchanges the one-time token once for an HttpOnly, SameSite=Strict session cookie and redirects to an address without it', async () => {
    const first = await get(tokenPath());
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    expect(first.headers.location).not.toContain('token');
    const setCookie = first.headers['set-cookie'] ?? [];
    expect(setCookie).toHaveLength(1);
    const attributes = (setCookie[0] ?? '').split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=strict');
    expect(attributes).toContain('path=/');
    // A random session id, not the token itself.
    const token = new URL(server.url).searchParams.get('token') ?? '';
    expect(token.length).toBeGreaterThan(20);
    expect(setCookie[0]).not.toContain(token);

    // The page then loads through the cookie, and a reload does too.
    const cookie = (setCookie[0] ?? '').split(';')[0] ?? '';
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
    expect((await get('/', { Cookie: cookie })).status).toBe(200);
  });

  it('refuses a second use of the one-time address with a page that says what happened and what to do', async () => {
    await signIn();
    const again = await get(tokenPath());
    expect(again.status).toBe(410);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.headers['content-type']).toContain('text/html');
    expect(again.body).toMatch(/already (been )?used/i);
    expect(again.body).toMatch(/reload/i);
    expect(again.body).toMatch(/npm run preview/);
  });

  it('refuses a wrong token, and the app without a session, each with its own explanation', async () => {
    const wrong = await get('/?token=guess');
    expect(wrong.status).toBe(403);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    expect(wrong.body).toMatch(/not the one/i);
    const none = await get('/');
    expect(none.status).toBe(401);
    expect(none.body).toMatch(/one-time address/i);
    expect(none.body).not.toContain('preview-bridge.js');
    const forged = await get('/', { Cookie: `${(await signIn()).split('=')[0]}=forged` });
    expect(forged.status).toBe(401);
  });

  it('admits a socket with the session cookie and its own origin, and answers calls through the router', async () => {
    const cookie = await signIn();
    const admitted = await open({ Origin: server.origin, Cookie: cookie });
    if (!('socket' in admitted)) throw new Error(`refused: ${JSON.stringify(admitted)}`);
    await expect(call(admitted.socket, callChannel('app.info'))).resolves.toMatchObject({ ok: true, value: { runtime: 'preview' } });
    await expect(call(admitted.socket, 'stevedore:call:nope')).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('serialises an answer main holds for every window (one frozen result, ipc/router.ts) once, not once per window', async () => {
    const held = Object.freeze({ ok: true, value: { rows: Array.from({ length: 100 }, (_, index) => ({ id: `image-${index}` })) } });
    server.transport.handle('stevedore:call:test.held', () => held);
    const cookie = await signIn();
    const windows = await Promise.all([open({ Origin: server.origin, Cookie: cookie }), open({ Origin: server.origin, Cookie: cookie })]);
    const stringify = vi.spyOn(JSON, 'stringify');
    const answers: unknown[] = [];
    for (const window of windows) {
      if (!('socket' in window)) throw new Error(`refused: ${JSON.stringify(window)}`);
      answers.push(await call(window.socket, 'stevedore:call:test.held'));
    }
    const serialisedHeld = stringify.mock.calls.filter(([value]) => value === held || (value as { result?: unknown } | undefined)?.result === held).length;
    stringify.mockRestore();
    expect(answers).toEqual([held, held]);
    expect(serialisedHeld).toBe(1);
  });

  it('refuses a socket without a valid session cookie with a close code and reason the page can show', async () => {
    await signIn();
    expect(await open({ Origin: server.origin })).toEqual({ closeCode: 4401, closeReason: 'no preview session' });
    expect(await open({ Origin: server.origin, Cookie: 'stevedore_preview=guess' })).toEqual({ closeCode: 4401, closeReason: 'no preview session' });
  });

  it('refuses a socket from another origin even with the session cookie', async () => {
    const cookie = await signIn();
    expect(await open({ Origin: 'http://evil.example', Cookie: cookie })).toEqual({ httpStatus: 403 });
    expect(await open({ Cookie: cookie })).toEqual({ httpStatus: 403 });
    const otherPort = server.origin.replace(/:\d+$/, ':1');
    expect(await open({ Origin: otherPort, Cookie: cookie })).toEqual({ httpStatus: 403 });
  });

  it(`accepts at most ${MAX_PREVIEW_SOCKETS} sockets at once, refuses more with a reason, and frees a place when one closes`, async () => {
    const cookie = await signIn();
    const headers = { Origin: server.origin, Cookie: cookie };
    const sockets: WebSocket[] = [];
    for (let index = 0; index < MAX_PREVIEW_SOCKETS; index++) {
      const admitted = await open(headers);
      if (!('socket' in admitted)) throw new Error(`socket ${index + 1} refused: ${JSON.stringify(admitted)}`);
      sockets.push(admitted.socket);
    }
    expect(await open(headers)).toEqual({ closeCode: 4429, closeReason: 'too many connections' });
    const closing = sockets[0];
    if (!closing) throw new Error('no socket');
    await new Promise<void>((resolve) => {
      closing.once('close', () => resolve());
      closing.close();
    });
    // The server sees the close as the client does; a new socket is then admitted.
    await expect.poll(async () => 'socket' in (await open(headers))).toBe(true);
  });
});
