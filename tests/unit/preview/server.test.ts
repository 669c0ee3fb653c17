import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { callChannel } from '../../../preload/api';
import { createRouter } from '../../../main/core/ipc/router';
import { handlersWith } from '../../support/handlers';
import { startPreviewServer, type PreviewServer } from '../../../main/preview/server';
import { PREVIEW_BRIDGE_PATH } from '../../../preload/transports/websocket-protocol';

let server: PreviewServer;
let secretFile: string;

beforeEach(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-preview-'));
  const rendererDir = path.join(dir, 'renderer');
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
      'app.info': () => ({
        name: 'Stevedore',
        version: '0',
        runtime: 'preview',
        platform: 'linux',
        arch: 'x64',
        versions: { node: process.versions.node },
        secretStorage: { kind: 'memory', description: 'memory' },
      }),
      'engine.status': () => ({ state: 'connecting', reason: 'r', fix: 'f', since: new Date().toISOString() }),
      'engine.reconnect': () => ({ state: 'connecting', reason: 'r', fix: 'f', since: new Date().toISOString() }),
    }),
  });
});
afterEach(async () => {
  await server.close();
});

const token = () => new URL(server.url).searchParams.get('token') ?? '';
const socketUrl = (withToken: string) => `${server.origin.replace('http', 'ws')}${PREVIEW_BRIDGE_PATH}?token=${encodeURIComponent(withToken)}`;

function open(url: string, origin: string | undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

function call(socket: WebSocket, channel: string): Promise<unknown> {
  return new Promise((resolve) => {
    socket.once('message', (data) => resolve(JSON.parse(data.toString()).result));
    socket.send(JSON.stringify({ type: 'invoke', id: 1, channel, args: [] }));
  });
}

describe('preview server', () => {
  it('listens on loopback only', async () => {
    expect(new URL(server.origin).hostname).toBe('127.0.0.1');
    await expect(startPreviewServer({ rendererDir: '.', previewBridgeFile: 'x', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
  });

  it('serves the renderer with the bridge script injected before the app and a strict CSP', async () => {
    const response = await fetch(server.origin + '/');
    const html = await response.text();
    expect(html.indexOf('/__stevedore/preview-bridge.js')).toBeGreaterThan(-1);
    expect(html.indexOf('/__stevedore/preview-bridge.js')).toBeLessThan(html.indexOf('./app.js'));
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const probe of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt']) {
      const response = await fetch(server.origin + probe);
      expect(await response.text()).not.toContain('not for the browser');
    }
  });

  it('admits a socket with the token and its own origin, and answers calls through the router', async () => {
    const socket = await open(socketUrl(token()), server.origin);
    await expect(call(socket, callChannel('app.info'))).resolves.toMatchObject({ ok: true, value: { runtime: 'preview' } });
    await expect(call(socket, 'stevedore:call:nope')).resolves.toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    socket.close();
  });

  it('refuses a socket with a wrong or missing token', async () => {
    await expect(open(socketUrl('guess'), server.origin)).rejects.toThrow(/403/);
    await expect(open(socketUrl(''), server.origin)).rejects.toThrow(/403/);
  });

  it('refuses a socket from another origin even with the right token', async () => {
    await expect(open(socketUrl(token()), 'http://evil.example')).rejects.toThrow(/403/);
    await expect(open(socketUrl(token()), undefined)).rejects.toThrow(/403/);
    const otherPort = server.origin.replace(/:\d+$/, ':1');
    await expect(open(socketUrl(token()), otherPort)).rejects.toThrow(/403/);
  });
});
