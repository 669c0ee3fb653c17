import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import {
  EXTERNAL_LINK_HOSTS,
  isAllowedExternalUrl,
  isAppUrl,
  loopbackDevServerOrigin,
} from '../../main/security';
import { WINDOW_BACKGROUND } from '../../main/window';
import { app, double, FakeSession, FakeWebContents, nativeTheme, shell } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

describe('the main window', () => {
  it('has exactly the secure web preferences and the built preload script', async () => {
    const { window } = await startShell({ preloadPath: '/opt/stevedore/dist/preload/index.cjs' });
    expect(window.options.webPreferences).toStrictEqual({
      preload: '/opt/stevedore/dist/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    });
    expect(app.sandboxEnabled).toBe(true);
  });

  it('uses dist/preload/index.cjs inside the app by default', async () => {
    double.reset();
    const { launch } = await import('../../main/launch');
    app.appPath = '/opt/Stevedore/resources/app.asar';
    const launched = launch();
    app.becomeReady();
    await launched.started;
    const preferences = double.lastWindow().options.webPreferences as { preload: string };
    expect(preferences.preload).toBe('/opt/Stevedore/resources/app.asar/dist/preload/index.cjs');
    launched.dispose();
  });

  it('loads the app from app://stevedore, not from a file or a remote URL', async () => {
    const { window } = await startShell();
    expect(window.loadedUrl).toBe('app://stevedore/index.html');
  });

  it('paints the theme background before the page loads', async () => {
    const light = await startShell();
    expect(light.window.options.backgroundColor).toBe(WINDOW_BACKGROUND.light);
    stopShells();
    const dark = await startShell({}, () => {
      nativeTheme.shouldUseDarkColors = true;
    });
    expect(dark.window.options.backgroundColor).toBe(WINDOW_BACKGROUND.dark);
    expect(dark.window.options.show).toBe(false);
    dark.window.emit('ready-to-show');
    expect(dark.window.isVisible()).toBe(true);
  });

  it('closes (for now) instead of hiding', async () => {
    const { window } = await startShell();
    window.close();
    expect(window.isDestroyed()).toBe(true);
  });

  it('loads the Vite dev server only in an unpackaged app, and only on loopback', async () => {
    const dev = await startShell({ devServerUrl: 'http://localhost:5173/' });
    expect(dev.window.loadedUrl).toBe('http://localhost:5173/');
    stopShells();

    const packaged = await startShell({ devServerUrl: 'http://localhost:5173/' }, () => {
      app.isPackaged = true;
    });
    expect(packaged.window.loadedUrl).toBe('app://stevedore/index.html');
    stopShells();

    const remote = await startShell({ devServerUrl: 'http://dev.example.com:5173/' });
    expect(remote.window.loadedUrl).toBe('app://stevedore/index.html');
  });
});

describe('guards on every web contents', () => {
  it('denies window.open, sending allow-listed https links to the browser and nothing else', async () => {
    const { contents } = await startShell();
    expect(contents.openWindow('https://docs.docker.com/engine/install/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('https://evil.example/phish')).toEqual({ action: 'deny' });
    expect(contents.openWindow('http://docs.docker.com/')).toEqual({ action: 'deny' });
    expect(contents.openWindow('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(contents.openWindow('app://stevedore/index.html')).toEqual({ action: 'deny' });
    await Promise.resolve();
    expect(shell.opened).toEqual(['https://docs.docker.com/engine/install/']);
  });

  it('blocks navigation away from the app and allows it inside the app', async () => {
    const { contents } = await startShell();
    expect(contents.navigate('will-navigate', 'app://stevedore/index.html#/registries').defaultPrevented).toBe(false);
    expect(contents.navigate('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.navigate('will-navigate', 'app://other/index.html').defaultPrevented).toBe(true);
    expect(contents.navigate('will-navigate', 'file:///etc/passwd').defaultPrevented).toBe(true);
    expect(contents.navigate('will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(contents.navigate('will-redirect', 'app://stevedore/other.html').defaultPrevented).toBe(false);
    expect(contents.navigate('will-frame-navigate', 'https://evil.example/', false).defaultPrevented).toBe(true);
    expect(contents.navigate('will-frame-navigate', 'app://stevedore/frame.html', false).defaultPrevented).toBe(false);
    expect(shell.opened).toEqual([]);
  });

  it('opens an allow-listed docs link in the browser instead of navigating to it', async () => {
    const { contents } = await startShell();
    expect(contents.navigate('will-navigate', 'https://github.com/stevedore/issues').defaultPrevented).toBe(true);
    await Promise.resolve();
    expect(shell.opened).toEqual(['https://github.com/stevedore/issues']);
  });

  it('guards web contents created later too, and prevents <webview>', async () => {
    await startShell();
    const later = new FakeWebContents(new FakeSession(), 'app://stevedore/index.html');
    expect(later.openWindow('https://evil.example/')).toEqual({ action: 'deny' });
    expect(later.navigate('will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(later.attachWebview('https://evil.example/').defaultPrevented).toBe(true);
    expect(later.session.requestPermission(later, 'media')).toBe(false);
  });

  it('denies every permission request and check but copying (tests/shell/permissions.test.ts)', async () => {
    const { contents } = await startShell();
    for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(contents.session.requestPermission(contents, permission)).toBe(false);
      expect(contents.session.checkPermission(contents, permission, 'app://stevedore')).toBe(false);
    }
    expect(double.session.defaultSession.permissionRequestHandler).not.toBeNull();
    expect(double.session.defaultSession.devicePermissionHandler?.({ deviceType: 'usb' })).toBe(false);
  });
});

describe('URL rules', () => {
  it('isAppUrl matches scheme, host and port exactly', () => {
    expect(isAppUrl('app://stevedore/index.html', 'app://stevedore')).toBe(true);
    expect(isAppUrl('app://STEVEDORE/x', 'app://stevedore')).toBe(true);
    expect(isAppUrl('app://stevedore.evil.example/', 'app://stevedore')).toBe(false);
    expect(isAppUrl('app://user@stevedore/', 'app://stevedore')).toBe(false);
    expect(isAppUrl('https://stevedore/', 'app://stevedore')).toBe(false);
    expect(isAppUrl('http://localhost:5173/src/main.tsx', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url', 'app://stevedore')).toBe(false);
  });

  it('isAllowedExternalUrl takes https on listed hosts only', () => {
    expect(EXTERNAL_LINK_HOSTS).toContain('docs.docker.com');
    expect(isAllowedExternalUrl('https://docs.docker.com/')).toBe(true);
    expect(isAllowedExternalUrl('https://DOCS.docker.com/x')).toBe(true);
    expect(isAllowedExternalUrl('http://docs.docker.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.docker.com.evil.example/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/?https://docs.docker.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://user:pw@github.com/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com:8443/')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('')).toBe(false);
  });

  it('loopbackDevServerOrigin accepts only http(s) on loopback', () => {
    expect(loopbackDevServerOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(loopbackDevServerOrigin('http://127.0.0.1:5173')).toBe('http://127.0.0.1:5173');
    expect(loopbackDevServerOrigin('http://[::1]:5173/')).toBe('http://[::1]:5173');
    expect(loopbackDevServerOrigin('http://192.168.1.5:5173/')).toBeUndefined();
    expect(loopbackDevServerOrigin('http://localhost.evil.example:5173/')).toBeUndefined();
    expect(loopbackDevServerOrigin('file:///tmp/index.html')).toBeUndefined();
  });
});
