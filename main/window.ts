/**
 * Stevedore's main window. Its web preferences are the Electron security checklist, written out in full
 * rather than left to defaults, so a reader (and a test) can see each one.
 */
import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';

/** The renderer's page background in each theme; the window paints it before the page loads (no white flash). */
export const WINDOW_BACKGROUND = { dark: '#15181d', light: '#f5f6f8' } as const;

function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
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
  };
}

export interface MainWindowOptions {
  preloadPath: string;
  /** The page to load: app://stevedore/index.html, or the dev server in dev. */
  url: string;
  /**
   * Asked when the user closes the window: true hides it instead (close-to-tray). Must answer false while the
   * app is quitting, and wherever there is no tray, so the app can never become unreachable.
   */
  shouldHideOnClose: () => boolean;
  /**
   * Windows is ending the session (shutdown, restart, log-off): `query` when it asks, `end` when it goes ahead.
   * The app must then close for real, or hiding to the tray would hold the shutdown up.
   */
  onSessionEnd?: (stage: 'query' | 'end') => void;
  /** The window's icon file, where the platform takes it from the window (Linux). */
  icon?: string;
  onLoadFailure?: (error: unknown) => void;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Stevedore',
    width: 1200,
    height: 800,
    minWidth: 900,
    minHeight: 600,
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    ...(options.icon === undefined ? {} : { icon: options.icon }),
    webPreferences: secureWebPreferences(options.preloadPath),
  });

  window.once('ready-to-show', () => window.show());
  window.on('close', (event) => {
    if (!options.shouldHideOnClose()) return;
    event.preventDefault();
    window.hide();
  });
  // Neither is prevented: the user chose to end the session, and nothing unsaved lives in the window.
  window.on('query-session-end', () => options.onSessionEnd?.('query'));
  window.on('session-end', () => options.onSessionEnd?.('end'));

  window.loadURL(options.url).catch((error: unknown) => options.onLoadFailure?.(error));
  return window;
}

/** Brings a window to the front, e.g. when a second copy of the app is started. */
export function revealWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  if (!window.isVisible()) window.show();
  window.focus();
}
