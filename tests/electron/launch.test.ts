/**
 * The real app, once, in the real Electron (CI only: .github/workflows/ci.yml; there is no Electron binary on the
 * development machine). Run after `npm run build` with `npx vitest run --project electron`, under `xvfb-run` on
 * Linux. Checks that the window opens on the app's own page, that the contract answers through window.stevedore,
 * and that the security settings hold: context isolation, the sandbox, no Node in the page, the CSP.
 */
import path from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  app = await electron.launch({
    args: [path.join(root, 'dist/main/index.js')],
    cwd: root,
    // A CI runner starts with no Stevedore profile, so the app opens as on first launch.
    env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' },
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
});

describe('the packaged app in real Electron', () => {
  it('opens one window on the app’s own page', async () => {
    expect(page.url()).toMatch(/^app:\/\/stevedore\//);
    await expect.poll(() => page.title()).toMatch(/Stevedore/);
  });

  it('answers the contract through window.stevedore', async () => {
    const info = await page.evaluate(async () => window.stevedore?.invoke('app.info', undefined));
    expect(info).toMatchObject({ ok: true, value: { name: 'Stevedore', runtime: 'electron' } });
    const refused = await page.evaluate(async () => window.stevedore?.invoke('registries.remove' as never, { id: 42 } as never));
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('keeps Node out of the page, isolates the preload and sandboxes the renderer', async () => {
    const page_ = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridgeKeys: Object.keys(window.stevedore ?? {}).sort(),
    }));
    expect(page_).toEqual({ require: 'undefined', process: 'undefined', bridgeKeys: ['invoke', 'on'] });
    const preferences = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      const prefs = (contents as unknown as { getLastWebPreferences?: () => Record<string, unknown> })?.getLastWebPreferences?.() ?? {};
      return { contextIsolation: prefs.contextIsolation, sandbox: prefs.sandbox, nodeIntegration: prefs.nodeIntegration, webSecurity: prefs.webSecurity };
    });
    expect(preferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  });

  it('serves the page with the app’s Content-Security-Policy, which refuses inline script', async () => {
    const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
    expect(csp).toContain("default-src 'self'");
    const ranInline = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
      return (window as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ranInline).toBe(false);
  });
});
