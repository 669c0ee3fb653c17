import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import type { EngineConnection } from '../../main/core/engine/connection';
import { callChannel, eventChannel, MAX_REQUEST_BYTES, type StevedoreBridge } from '../../preload/api';
import { contextBridge, FakeFrame, FakeWebContents, ipcMain, ipcRenderer, safeStorage, settle } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

const APP_INFO = callChannel('app.info');

/** Makes the engine status change (a different endpoint, still unreachable), so an event is published. */
async function reconnectElsewhere(engine: EngineConnection | undefined): Promise<void> {
  if (!engine) throw new Error('no core');
  const previous = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = 'unix:///nonexistent/elsewhere.sock';
  try {
    await engine.reconnect();
    await settle();
  } finally {
    process.env.DOCKER_HOST = previous;
  }
}

describe('IPC sender check', () => {
  it("answers the app's own main frame", async () => {
    const { contents } = await startShell();
    const result = (await contents.invoke(APP_INFO, [undefined])) as { ok: boolean; value: Record<string, unknown> };
    expect(result.ok).toBe(true);
    expect(result.value).toMatchObject({
      name: 'Stevedore',
      runtime: 'electron',
      versions: { node: process.versions.node },
      secretStorage: { kind: 'unknown', backend: 'gnome_libsecret' },
    });
  });

  it('refuses another web contents', async () => {
    await startShell();
    const stranger = new FakeWebContents(undefined, 'app://stevedore/index.html');
    expect(await stranger.invoke(APP_INFO, [undefined])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('refuses a frame on another origin', async () => {
    const { contents } = await startShell();
    contents.showPage('https://evil.example/');
    expect(await contents.invoke(APP_INFO, [undefined])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('refuses a subframe, even one on the app origin, and a frame that is gone', async () => {
    const { contents } = await startShell();
    const child = new FakeFrame('app://stevedore/frame.html', contents.mainFrame);
    expect(await contents.invoke(APP_INFO, [undefined], child)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(await contents.invoke(APP_INFO, [undefined], null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('refuses a closed window', async () => {
    const { window, contents } = await startShell();
    window.close();
    expect(await contents.invoke(APP_INFO, [undefined])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });

  it('accepts the dev server page only when the dev server is in use', async () => {
    const dev = await startShell({ devServerUrl: 'http://localhost:5173/' });
    expect(await dev.contents.invoke(APP_INFO, [undefined])).toMatchObject({ ok: true });
    dev.contents.showPage('app://stevedore/index.html');
    expect(await dev.contents.invoke(APP_INFO, [undefined])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    stopShells();
    const packaged = await startShell();
    packaged.contents.showPage('http://localhost:5173/');
    expect(await packaged.contents.invoke(APP_INFO, [undefined])).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});

describe('IPC payloads', () => {
  it('refuses a payload of the wrong shape', async () => {
    const { contents } = await startShell();
    expect(await contents.invoke(APP_INFO, [{ unexpected: true }])).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(await contents.invoke(APP_INFO, [undefined, 'extra'])).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('refuses an oversize payload before parsing it', async () => {
    const { contents } = await startShell();
    const huge = 'x'.repeat(MAX_REQUEST_BYTES + 1);
    expect(await contents.invoke(APP_INFO, [huge])).toMatchObject({ ok: false, error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('leaves channels outside the contract without a handler, so Electron refuses them', async () => {
    const { contents } = await startShell();
    await expect(contents.invoke('stevedore:call:fs.readFile', ['/etc/passwd'])).rejects.toThrow(/No handler registered/);
    expect(ipcMain.eventNames()).toEqual([]);
  });

  it('reports the secret storage kind from safeStorage', async () => {
    const { contents } = await startShell({}, () => {
      safeStorage.backend = 'basic_text';
    });
    const result = (await contents.invoke(APP_INFO, [undefined])) as { value: { secretStorage: { kind: string } } };
    expect(result.value.secretStorage.kind).toBe(process.platform === 'linux' ? 'basic-text' : 'os-keyring');
  });
});

describe('the preload bridge over the shell', () => {
  it('exposes only window.stevedore, whose calls and events travel through the real router', async () => {
    const { contents, launched } = await startShell();
    ipcRenderer.attachedTo = contents;
    vi.resetModules();
    await import('../../preload/index');
    expect([...contextBridge.exposed.keys()]).toEqual(['stevedore']);
    const bridge = contextBridge.exposed.get('stevedore') as StevedoreBridge;

    const info = await bridge.invoke('app.info', undefined);
    expect(info.ok && info.value.runtime).toBe('electron');

    const statuses: unknown[] = [];
    const unsubscribe = bridge.on('engine.status', (status) => statuses.push(status));
    await reconnectElsewhere(launched.core()?.engine);
    expect(contents.sent.some((message) => message.channel === eventChannel('engine.status'))).toBe(true);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ state: 'disconnected', endpoint: { url: 'unix:///nonexistent/elsewhere.sock' } });
    unsubscribe();
    expect(ipcRenderer.listenerCount(eventChannel('engine.status'))).toBe(0);
  });

  it('does not publish to closed windows', async () => {
    const { window, contents, launched } = await startShell();
    contents.sent.length = 0;
    window.close();
    await reconnectElsewhere(launched.core()?.engine);
    expect(contents.sent).toEqual([]);
  });

  it('skips a window whose web contents is already destroyed', async () => {
    const { contents, launched } = await startShell();
    contents.sent.length = 0;
    contents.destroy();
    await expect(reconnectElsewhere(launched.core()?.engine)).resolves.toBeUndefined();
    expect(contents.sent).toEqual([]);
  });
});
