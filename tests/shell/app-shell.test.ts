import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { DEVELOPMENT_ROLES } from '../../main/core/menu';
import { app, double, dialog, FakeEvent, Menu, protocol, settle, shell } from './electron-double';
import { startShell, stopShells, useDesktop } from './harness';

afterEach(() => {
  vi.restoreAllMocks();
  stopShells();
});

const projectDir = path.resolve(__dirname, '..', '..');

function applicationMenu(): Menu {
  const menu = Menu.getApplicationMenu();
  if (!menu) throw new Error('no application menu was set, so Electron would show its default one');
  return menu;
}

describe('the application menu', () => {
  it('is set before the window opens, so Electron never shows its default menu', async () => {
    await startShell();
    expect(applicationMenu().labels()).toEqual(
      process.platform === 'darwin' ? ['Stevedore', 'File', 'Edit', 'View', 'Window', 'Help'] : ['File', 'Edit', 'View', 'Window', 'Help'],
    );
    expect(applicationMenu().item('Edit').submenu?.roles()).toEqual(expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']));
  });

  it('has no reload or developer tools in a packaged build', async () => {
    await startShell({}, () => {
      app.isPackaged = true;
    });
    const roles = applicationMenu().roles();
    for (const role of DEVELOPMENT_ROLES) expect(roles).not.toContain(role);
    expect(roles).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
  });

  it('keeps them while developing', async () => {
    await startShell();
    expect(applicationMenu().item('View').submenu?.roles()).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
  });

  it("Help opens the app's https home page in the browser", async () => {
    await startShell();
    applicationMenu().item('Help', 'Stevedore Home Page').click();
    await settle();
    const homepage = (JSON.parse(readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { homepage: string }).homepage;
    expect(homepage).toMatch(/^https:\/\//);
    expect(shell.opened).toEqual([homepage]);
  });
});

describe('a startup failure', () => {
  it('shows the reason and where the log is, writes the log, then quits', async () => {
    double.reset();
    vi.spyOn(protocol, 'handle').mockImplementation(() => {
      throw new Error('Failed to register protocol: app');
    });
    const { launch } = await import('../../main/launch');
    const launched = launch({ preloadPath: '/opt/stevedore/dist/preload/index.cjs' });
    app.becomeReady();
    await expect(launched.started).rejects.toThrow('Failed to register protocol: app');
    await settle();

    expect(dialog.errorBoxes).toHaveLength(1);
    const [box] = dialog.errorBoxes;
    const logFile = path.join(app.getPath('logs'), 'main.log');
    expect(box?.title).toBe('Stevedore could not start');
    expect(box?.content).toContain('Failed to register protocol: app');
    expect(box?.content).toContain(logFile);
    expect(existsSync(logFile)).toBe(true);
    expect(readFileSync(logFile, 'utf8')).toContain('Failed to register protocol: app');
    expect(app.quitCount).toBe(1);
    expect(double.windows).toEqual([]);
    launched.dispose();
  });
});

describe('ending the session (Windows shutdown or log-off)', () => {
  async function startHidingToTray() {
    useDesktop('KDE');
    const started = await startShell({}, () => {
      app.appPath = projectDir;
    });
    started.window.emit('ready-to-show');
    return started;
  }

  it('closing hides to the tray in normal use (the behaviour a shutdown must not meet)', async () => {
    const { window } = await startHidingToTray();
    window.close();
    expect(window.isDestroyed()).toBe(false);
  });

  it('query-session-end lets the window close instead of hiding, without delaying the shutdown', async () => {
    const { window } = await startHidingToTray();
    const query = new FakeEvent();
    window.emit('query-session-end', query);
    expect(query.defaultPrevented).toBe(false);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('session-end quits the app', async () => {
    const { window } = await startHidingToTray();
    window.emit('session-end', new FakeEvent());
    expect(app.quitCount).toBe(1);
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });
});

describe('the window icon', () => {
  it.runIf(process.platform === 'linux')('is the packaged 256px PNG on Linux (AppImage shows no generic icon)', async () => {
    const packaged = await startShell({}, () => {
      app.isPackaged = true;
      app.appPath = '/opt/Stevedore/resources/app.asar';
    });
    expect(packaged.window.options.icon).toBe('/opt/Stevedore/resources/icons/png/256x256.png');
    stopShells();

    const unpackaged = await startShell({}, () => {
      app.appPath = projectDir;
    });
    const icon = unpackaged.window.options.icon;
    expect(icon).toBe(path.join(projectDir, 'build', 'icons', 'png', '256x256.png'));
    expect(existsSync(String(icon))).toBe(true);
  });
});
