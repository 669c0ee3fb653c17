import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { callChannel, callNames } from '../../preload/api';
import { app, double, FakeEvent, ipcMain, protocol, settle } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

describe('single instance', () => {
  it('quits at once, before doing anything else, when another instance holds the lock', async () => {
    double.reset();
    app.singleInstanceLock = false;
    const { launch } = await import('../../main/launch');
    const launched = launch();
    expect(app.quitCount).toBe(1);
    expect(protocol.privilegedSchemes).toEqual([]);
    app.becomeReady();
    expect(await launched.started).toBe(false);
    await settle();
    expect(double.windows).toEqual([]);
    expect(ipcMain.handlers.size).toBe(0);
    expect(app.listenerCount('web-contents-created')).toBe(0);
  });

  it('brings the existing window to the front when a second instance starts', async () => {
    const { window } = await startShell();
    window.emit('ready-to-show');
    window.minimize();
    window.hide();
    app.emit('second-instance', new FakeEvent(), ['stevedore'], '/home/user', {});
    expect(window.isMinimized()).toBe(false);
    expect(window.isVisible()).toBe(true);
    expect(window.focusCount).toBe(1);
    expect(double.windows).toHaveLength(1);
  });

  it('opens a new window for a second instance when the last one was closed', async () => {
    const { window } = await startShell();
    window.close();
    app.emit('second-instance', new FakeEvent(), ['stevedore'], '/home/user', {});
    expect(double.windows).toHaveLength(2);
    expect(double.lastWindow().isDestroyed()).toBe(false);
  });
});

describe('lifecycle', () => {
  it('loading main/index.ts launches the app', async () => {
    double.reset();
    vi.resetModules();
    await import('../../main/index');
    expect(protocol.privilegedSchemes.map((scheme) => scheme.scheme)).toEqual(['app']);
    expect(app.listenerCount('web-contents-created')).toBe(1);
    app.becomeReady();
    await settle();
    expect(double.windows).toHaveLength(1);
    expect(ipcMain.handlers.size).toBe(callNames.length);
    app.emit('will-quit', new FakeEvent());
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('registers a handler for every call in the contract, and no ipcMain.on listener', async () => {
    await startShell();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(callNames.map(callChannel).sort());
    expect(ipcMain.eventNames()).toEqual([]);
  });

  it('stops the core services and removes the IPC handlers on will-quit', async () => {
    const { launched } = await startShell();
    const engine = launched.core()?.engine;
    if (!engine) throw new Error('no core');
    const stop = vi.spyOn(engine, 'stop');
    app.emit('before-quit', new FakeEvent());
    app.emit('will-quit', new FakeEvent());
    expect(stop).toHaveBeenCalledTimes(1);
    expect(ipcMain.handlers.size).toBe(0);
    launched.dispose();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it("keeps settings in a settings.json in the app's userData folder", async () => {
    const { contents } = await startShell();
    const result = await contents.invoke(callChannel('settings.update'), [{ maxConcurrentPulls: 2 }]);
    expect(result).toMatchObject({ ok: true, value: { maxConcurrentPulls: 2 } });
    const file = path.join(app.getPath('userData'), 'settings.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ preferences: { maxConcurrentPulls: 2 } });
  });

  it('quits when the last window closes (off macOS)', async () => {
    const { window } = await startShell();
    window.close();
    app.emit('window-all-closed');
    expect(app.quitCount).toBe(process.platform === 'darwin' ? 0 : 1);
  });
});
