import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { APP_ENTRY_URL, APP_ORIGIN } from '../../main/app-protocol';
import { isPermissionAllowed } from '../../main/security';
import { double, FakeSession, FakeWebContents } from './electron-double';
import { startShell, stopShells } from './harness';

afterEach(stopShells);

const COPY = 'clipboard-sanitized-write';

describe('permissions: only copying, only for the app itself', () => {
  it("grants clipboard-sanitized-write (navigator.clipboard.writeText) to the app's main frame, in the request and the check", async () => {
    const { contents } = await startShell();
    expect(contents.getURL()).toBe(APP_ENTRY_URL);
    expect(contents.session.requestPermission(contents, COPY)).toBe(true);
    expect(contents.session.checkPermission(contents, COPY, APP_ORIGIN)).toBe(true);
    // The default session, used before any window exists, follows the same rule.
    const defaultSession = double.session.defaultSession;
    expect(defaultSession.requestPermission(contents, COPY)).toBe(true);
    expect(defaultSession.checkPermission(contents, COPY, APP_ORIGIN)).toBe(true);
  });

  it('denies it to another origin', async () => {
    const { contents } = await startShell();
    expect(contents.session.requestPermission(contents, COPY, { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(contents.session.checkPermission(contents, COPY, 'https://evil.example', { requestingUrl: 'https://evil.example/' })).toBe(false);
    expect(contents.session.checkPermission(contents, COPY, 'app://stevedore.evil.example')).toBe(false);
    // A page of another origin in a web contents of its own.
    const stranger = new FakeWebContents(new FakeSession(), 'https://evil.example/');
    expect(stranger.session.requestPermission(stranger, COPY)).toBe(false);
    expect(stranger.session.checkPermission(stranger, COPY, 'https://evil.example')).toBe(false);
  });

  it('denies it to a subframe, even one of the app', async () => {
    const { contents } = await startShell();
    expect(contents.session.requestPermission(contents, COPY, { isMainFrame: false })).toBe(false);
    expect(contents.session.checkPermission(contents, COPY, APP_ORIGIN, { isMainFrame: false })).toBe(false);
    expect(contents.session.checkPermission(contents, COPY, APP_ORIGIN, { embeddingOrigin: 'https://evil.example' })).toBe(false);
  });

  it('denies every other permission to the app itself', async () => {
    const { contents } = await startShell();
    for (const permission of ['clipboard-read', 'deprecated-sync-clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen', 'unknown']) {
      expect(contents.session.requestPermission(contents, permission)).toBe(false);
      expect(contents.session.checkPermission(contents, permission, APP_ORIGIN)).toBe(false);
    }
  });

  it('the rule, as a pure function', () => {
    const app = { requestingUrl: `${APP_ORIGIN}/index.html`, isMainFrame: true };
    expect(isPermissionAllowed(COPY, app, APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed(COPY, { ...app, isMainFrame: false }, APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(COPY, { ...app, requestingUrl: 'https://evil.example/' }, APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(COPY, { ...app, requestingUrl: 'app://user@stevedore/index.html' }, APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed(COPY, { ...app, requestingUrl: undefined }, APP_ORIGIN)).toBe(false);
    expect(isPermissionAllowed('clipboard-read', app, APP_ORIGIN)).toBe(false);
    // In development the app's origin is the loopback dev server's.
    expect(isPermissionAllowed(COPY, { requestingUrl: 'http://localhost:5173/', isMainFrame: true }, 'http://localhost:5173')).toBe(true);
  });
});
