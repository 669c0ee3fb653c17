/**
 * Starts the real shell (main/launch.ts) against the electron double. Each test file must first say
 *   vi.mock('electron', () => import('./electron-double'));
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch, type LaunchedApp, type LaunchOptions } from '../../main/launch';
import { app, double, settle, type BrowserWindow, type FakeWebContents } from './electron-double';

// The shell builds a real EngineConnection: point it at nothing, so it reports "disconnected" quickly.
process.env.DOCKER_HOST = 'unix:///nonexistent/stevedore-test.sock';
delete process.env.STEVEDORE_DEV_SERVER_URL;
// Whether the shell makes a tray depends on the desktop (main/core/tray/desktop.ts). Stock GNOME — no tray, so
// closing the window closes it — whatever desktop runs the tests; tests of the tray pick one with `useDesktop`.
process.env.XDG_CURRENT_DESKTOP = 'GNOME';
delete process.env.STEVEDORE_TRAY;

/** Pretends the tests run on this desktop (`XDG_CURRENT_DESKTOP`) from the next `startShell` on. */
export function useDesktop(desktop: string): void {
  process.env.XDG_CURRENT_DESKTOP = desktop;
}

export const INDEX_HTML = '<!doctype html><html><head><script type="module" src="./assets/app.js"></script></head><body></body></html>';

/** A renderer folder like dist/renderer, inside a temp folder that also holds a file outside it. */
export function makeRendererFixture(): { root: string; outsideFile: string; cleanup: () => void } {
  const base = mkdtempSync(path.join(tmpdir(), 'stevedore-shell-'));
  const root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), INDEX_HTML);
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("stevedore");\n');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body { margin: 0; }\n');
  const outsideFile = path.join(base, 'secret.txt');
  writeFileSync(outsideFile, 'not for the renderer\n');
  return { root, outsideFile, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

export interface StartedShell {
  launched: LaunchedApp;
  window: BrowserWindow;
  contents: FakeWebContents;
}

const running: LaunchedApp[] = [];

/** Resets the double, launches the shell, makes the app ready and waits for the window. */
export async function startShell(options: LaunchOptions = {}, before?: () => void): Promise<StartedShell> {
  double.reset();
  before?.();
  const launched = launch({ preloadPath: '/opt/stevedore/dist/preload/index.cjs', ...options });
  running.push(launched);
  app.becomeReady();
  const started = await launched.started;
  if (!started) throw new Error('the shell did not start');
  await settle();
  const window = double.lastWindow();
  return { launched, window, contents: window.webContents };
}

/** Stops every shell started by this file's tests, so no engine timers keep the worker alive. */
export function stopShells(): void {
  for (const launched of running.splice(0)) launched.dispose();
  double.removeTempFolders();
  process.env.XDG_CURRENT_DESKTOP = 'GNOME';
}
