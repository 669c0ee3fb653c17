/**
 * The composition root and the app's lifecycle: the one place that knows every service and every Electron
 * module. Core services get what they need passed in here; a new dependency is one line in `startServices`.
 *
 * Order matters: the single-instance lock, the privileged scheme and the web-contents guards are set up
 * synchronously at launch (before `ready`); services, the protocol handler, IPC and the window after it.
 */
import path from 'node:path';
import ElectronStore from 'electron-store';
import {
  app,
  dialog,
  ipcMain,
  protocol,
  safeStorage,
  session,
  shell,
  type BrowserWindow,
  type OpenDialogOptions,
} from 'electron';
import { createCore, type StevedoreCore } from './core/app';
import type { EngineConnection } from './core/engine/connection';
import { createEventPublisher } from './core/ipc/events';
import { createRouter, type Router } from './core/ipc/router';
import type { SecretCipher } from './core/secrets/cipher';
import { settingsFileOptions } from './core/settings/document';
import { SettingsStore } from './core/settings/store';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppProtocolHandler } from './app-protocol';
import { electronAppInfo } from './app-info';
import { startDesktopIntegration, type DesktopIntegration } from './desktop';
import { createSenderCheck, ipcMainTransport, windowSinks } from './ipc';
import { createMainLog } from './core/main-log';
import { APP_HOMEPAGE } from './core/menu';
import { windowIconPath, type AppLocation } from './core/tray/icon';
import { setApplicationMenu } from './menu';
import { createSettingsDialogs } from './settings-dialogs';
import { createSafeStorageCipher } from './secrets/safe-storage-cipher';
import { guardWebContents, loopbackDevServerOrigin, restrictPermissions } from './security';
import { createMainWindow, revealWindow } from './window';

/** electron-builder.yml's appId. */
const WINDOWS_APP_USER_MODEL_ID = 'dev.stevedore.app';

/** The channel electron-store's constructor listens on for renderer-side stores. */
const ELECTRON_STORE_CHANNEL = 'electron-store-get-data';

export interface LaunchOptions {
  /** The built renderer. Default: dist/renderer in the app. */
  rendererRoot?: string;
  /** The built preload script. Default: dist/preload/index.cjs in the app. */
  preloadPath?: string;
  /** The Vite dev server (`npm run dev`); ignored in a packaged app. Default: $STEVEDORE_DEV_SERVER_URL. */
  devServerUrl?: string;
  /** Replaces the engine connection (tests). */
  engine?: EngineConnection;
  /** How long a call needing a secret waits for the OS keyring (tests). Default: KEYRING_ANSWER_TIMEOUT_MS. */
  keyringTimeoutMs?: number;
}

export interface LaunchedApp {
  /** Resolves true once the window is open and IPC is wired, false when another instance already runs. */
  readonly started: Promise<boolean>;
  readonly core: () => StevedoreCore | undefined;
  readonly mainWindow: () => BrowserWindow | undefined;
  /** Stops the services and removes the IPC handlers (runs on `will-quit`). Safe to call more than once. */
  dispose(): void;
}

export function launch(options: LaunchOptions = {}): LaunchedApp {
  if (!app.requestSingleInstanceLock()) {
    // The first instance gets 'second-instance' and comes to the front; this one leaves before doing anything.
    app.quit();
    return { started: Promise.resolve(false), core: () => undefined, mainWindow: () => undefined, dispose: () => {} };
  }

  // Opened on the first entry only; Electron makes its default logs folder when asked for it.
  const log = createMainLog(() => app.getPath('logs'));
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
  app.enableSandbox();
  // Windows shows notifications only for an app with an AppUserModelID; the installer sets it from appId
  // (electron-builder.yml), an unpackaged `npm start` needs it set here.
  if (process.platform === 'win32') app.setAppUserModelId(WINDOWS_APP_USER_MODEL_ID);

  const appPath = app.getAppPath();
  const rendererRoot = options.rendererRoot ?? path.join(appPath, 'dist', 'renderer');
  const preloadPath = options.preloadPath ?? path.join(appPath, 'dist', 'preload', 'index.cjs');
  const page = chooseStartPage(options.devServerUrl ?? process.env.STEVEDORE_DEV_SERVER_URL);
  // A packaged app's path is <resources>/app.asar, so its folder is the resources folder wherever Electron's
  // `process.resourcesPath` is missing (plain Node running the shell's tests).
  const location: AppLocation = { isPackaged: app.isPackaged, resourcesPath: process.resourcesPath ?? path.dirname(appPath), appPath };

  const windows = new Set<BrowserWindow>();
  const appWindows = (): BrowserWindow[] => [...windows];
  let core: StevedoreCore | undefined;
  let settings: SettingsStore | undefined;
  let router: Router | undefined;
  let desktop: DesktopIntegration | undefined;
  let quitting = false;
  let disposed = false;

  // Closing the window hides it only where a tray icon can bring it back, and only when the user wants that.
  // macOS keeps its own convention: the window closes, the app stays in the Dock (and the menu bar).
  const closeHidesToTray = (): boolean =>
    process.platform !== 'darwin' && desktop?.hasTray === true && settings?.get('preferences').closeToTray === true;

  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, { appOrigin: page.origin, openExternal: (url) => shell.openExternal(url) });
    restrictPermissions(contents.session, page.origin);
    // What a page opened in main (log streams) ends with that page: when it reloads, navigates or closes.
    const gone = (): void => core?.senderGone(windowSenderId(contents.id));
    contents.on('did-navigate', gone);
    contents.on('destroyed', gone);
  });

  const openMainWindow = (url: string = page.url): BrowserWindow => {
    const window = createMainWindow({
      preloadPath,
      url,
      shouldHideOnClose: () => !quitting && closeHidesToTray(),
      onSessionEnd: (stage) => {
        quitting = true;
        if (stage === 'end') app.quit();
      },
      icon: windowIconPath(process.platform, location),
      onLoadFailure: (error) => log.error('The window could not load its page', error),
    });
    windows.add(window);
    window.on('closed', () => windows.delete(window));
    return window;
  };
  const firstWindow = (): BrowserWindow | undefined => appWindows().find((window) => !window.isDestroyed());

  /** Brings the window back (or opens one), on a renderer route such as `#/pull/<id>` when one is given. */
  const showMainWindow = (route?: string): void => {
    if (disposed) return;
    const url = route === undefined ? undefined : `${page.url.split('#')[0]}${route}`;
    const window = firstWindow();
    if (!window) {
      openMainWindow(url);
      return;
    }
    // Only the fragment differs from the page the window shows, so this is an in-page navigation, not a reload.
    if (url !== undefined && window.webContents.getURL() !== url) {
      window.loadURL(url).catch((error: unknown) => log.error(`The window could not show ${route}`, error));
    }
    revealWindow(window);
  };

  app.on('second-instance', () => {
    if (!app.isReady() || disposed) return;
    const window = firstWindow();
    if (window) revealWindow(window);
    else openMainWindow();
  });
  app.on('activate', () => {
    if (app.isReady() && !disposed && !firstWindow()) openMainWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', () => {
    quitting = true;
  });

  const dispose = (): void => {
    if (disposed) return;
    disposed = true;
    desktop?.dispose();
    router?.dispose();
    core?.stop();
  };
  app.on('will-quit', dispose);

  const startServices = (cipher: SecretCipher): StevedoreCore => {
    const publisher = createEventPublisher(windowSinks(appWindows));
    const userData = app.getPath('userData');
    const settingsStore = new SettingsStore({
      filePath: path.join(userData, `${settingsFileOptions.configName}.json`),
      open: () => {
        const store = new ElectronStore<Record<string, unknown>>({
          cwd: userData,
          name: settingsFileOptions.configName,
          clearInvalidConfig: false,
          configFileMode: settingsFileOptions.configFileMode,
        });
        // electron-store answers renderer-side stores on this channel; Stevedore has none, and every way into main
        // must go through the router's sender and schema checks.
        ipcMain.removeAllListeners(ELECTRON_STORE_CHANNEL);
        return store;
      },
    });
    settings = settingsStore;
    return createCore({
      appInfo: () =>
        electronAppInfo(
          {
            name: app.getName(),
            version: app.getVersion(),
            platform: process.platform,
            arch: process.arch,
            versions: { node: process.versions.node, electron: process.versions.electron, chrome: process.versions.chrome },
          },
          cipher,
        ),
      publisher,
      settings: settingsStore,
      dataDir: userData,
      chooseComposeSource: async ({ defaultPath }) => {
        const window = firstWindow();
        const options: OpenDialogOptions = {
          title: 'Open a compose file or project folder',
          defaultPath,
          // Only macOS offers files and folders in one dialog; elsewhere a folder is opened by picking its compose file.
          properties: process.platform === 'darwin' ? ['openFile', 'openDirectory'] : ['openFile'],
          filters: [{ name: 'Compose files', extensions: ['yaml', 'yml'] }],
        };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return result.canceled ? undefined : result.filePaths[0];
      },
      chooseEnvFile: async ({ defaultPath }) => {
        const window = firstWindow();
        const options: OpenDialogOptions = { title: 'Choose an env file', defaultPath, properties: ['openFile', 'showHiddenFiles'] };
        const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
        return result.canceled ? undefined : result.filePaths[0];
      },
      // The engine and the Docker config file change only through these dialogs of main's.
      ...createSettingsDialogs(firstWindow),
      cipher,
      ...(options.engine ? { engine: options.engine } : {}),
    });
  };

  const started = app.whenReady().then(() => {
    restrictPermissions(session.defaultSession, page.origin);
    // Before the first window, so Electron never shows its default menu (with Reload and developer tools).
    setApplicationMenu({
      platform: process.platform,
      isPackaged: app.isPackaged,
      appName: app.getName(),
      homepage: APP_HOMEPAGE,
      openExternal: (url) => shell.openExternal(url),
      onOpenFailure: (url, error) => log.warn(`The browser could not open ${url}`, error),
    });
    protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot));
    if (disposed) return false;
    // Not awaited: the keyring may wait for a password prompt, or never answer (a locked GNOME Keyring or
    // KWallet), and the window must open anyway. The cipher says `waiting` meanwhile; calls needing a secret wait.
    const cipher = createSafeStorageCipher(safeStorage, { answerTimeoutMs: options.keyringTimeoutMs });

    core = startServices(cipher);
    router = createRouter({
      transport: ipcMainTransport(ipcMain),
      isTrustedSender: createSenderCheck({ windows: appWindows, appOrigin: page.origin }),
      senderId: (event) => windowSenderId(event.sender.id),
      handlers: core.handlers,
      // The router passes the error only: never the payload, which may hold a password.
      onUnexpectedError: (name, error) => log.error(`${name} failed unexpectedly`, error),
    });
    openMainWindow();
    desktop = startDesktopIntegration({
      core,
      platform: process.platform,
      env: process.env,
      location,
      log,
      showWindow: showMainWindow,
      quit: () => {
        // Set before asking, so no window hides itself on the way out whatever order Electron's events come in.
        quitting = true;
        app.quit();
      },
    });
    core.start().catch((error: unknown) => log.error('Core services did not start', error));
    return true;
  });
  started.catch((error: unknown) => {
    log.error('Startup failed', error);
    // The one dialog Electron allows before (and without) `ready`; on Linux before ready it goes to stderr.
    dialog.showErrorBox('Stevedore could not start', startupFailureText(error, log.file()));
    app.quit();
  });

  return { started, core: () => core, mainWindow: firstWindow, dispose };
}

/** What the startup-failure dialog says: the reason, and where the details are. */
function startupFailureText(error: unknown, logFile: string | undefined): string {
  const reason = error instanceof Error ? error.message : String(error);
  const details = logFile
    ? `Details are in the log file:\n${logFile}`
    : 'The log file could not be written either; start Stevedore from a terminal to see the details.';
  return `${reason.length > 1000 ? `${reason.slice(0, 1000)}…` : reason}\n\n${details}\n\nIf this happens again, include the log when you report it.`;
}

/** The app's own pages by default; the Vite dev server only in an unpackaged app, and only on loopback. */
function chooseStartPage(devServerUrl: string | undefined): { url: string; origin: string } {
  if (devServerUrl && !app.isPackaged) {
    const origin = loopbackDevServerOrigin(devServerUrl);
    if (origin) return { url: devServerUrl, origin };
    console.warn('[stevedore] Ignoring STEVEDORE_DEV_SERVER_URL: only an http(s) URL on loopback is allowed.');
  } else if (devServerUrl) {
    console.warn('[stevedore] Ignoring STEVEDORE_DEV_SERVER_URL in a packaged app.');
  }
  return { url: APP_ENTRY_URL, origin: APP_ORIGIN };
}

/** The router's id for the page in one web contents (the same id reports it gone). */
function windowSenderId(webContentsId: number): string {
  return `window:${webContentsId}`;
}
