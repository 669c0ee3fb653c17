/**
 * A test double for the `electron` module, for testing the shell in plain Node (there is no Electron binary
 * here, and `require('electron')` would try to download one).
 *
 * Use in a test file:   vi.mock('electron', () => import('./electron-double'));
 *
 * It records what the shell does (window options, handlers on web contents, sessions, the app, the protocol,
 * ipcMain, trays, menus, notifications) and lets tests act as Electron would: become ready, create web contents,
 * navigate, open windows, invoke IPC from a chosen frame, open a tray menu and click its items, click a
 * notification. It mimics the Electron behaviour the shell relies on — e.g. an invoke on a channel without a
 * handler is refused, `protocol.handle` only works after ready, a second `ipcMain.handle` on a channel throws,
 * a disabled menu item cannot be clicked, a destroyed tray refuses calls — and nothing more.
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

type Handler = (...args: unknown[]) => unknown;

/** An Electron event object: `preventDefault()` plus whatever details the event carries. */
export class FakeEvent {
  defaultPrevented = false;
  constructor(details: Record<string, unknown> = {}) {
    Object.assign(this, details);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

let nextId = 1;

export class FakeFrame {
  readonly frameTreeNodeId = nextId++;
  readonly processId = 100;
  readonly routingId = nextId++;
  constructor(
    public url: string,
    public readonly parent: FakeFrame | null = null,
  ) {}
  get origin(): string {
    try {
      const parsed = new URL(this.url);
      return `${parsed.protocol}//${parsed.host}`;
    } catch {
      return 'null';
    }
  }
  get top(): FakeFrame {
    return this.parent ? this.parent.top : this;
  }
}

export class FakeSession {
  permissionRequestHandler: Handler | null = null;
  permissionCheckHandler: Handler | null = null;
  devicePermissionHandler: Handler | null = null;
  setPermissionRequestHandler(handler: Handler | null): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Handler | null): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Handler | null): void {
    this.devicePermissionHandler = handler;
  }
  /**
   * What a permission request gets, as Electron would report it to the page (default: granted, like Electron).
   * The details are Electron's PermissionRequest: by default the contents' main frame and the page it shows.
   */
  requestPermission(contents: FakeWebContents, permission: string, details: { requestingUrl?: string; isMainFrame?: boolean } = {}): boolean {
    if (!this.permissionRequestHandler) return true;
    let answer: boolean | undefined;
    const request = { requestingUrl: contents.getURL(), isMainFrame: true, ...details };
    this.permissionRequestHandler(contents, permission, (granted: boolean) => (answer = granted), request);
    if (answer === undefined) throw new Error('the permission request handler never answered');
    return answer;
  }
  /** A permission check; the details are Electron's (main frame and the contents' page unless given). */
  checkPermission(
    contents: FakeWebContents | null,
    permission: string,
    origin: string,
    details: { requestingUrl?: string; isMainFrame?: boolean; embeddingOrigin?: string } = {},
  ): boolean {
    const check = { isMainFrame: true, ...(contents ? { requestingUrl: contents.getURL() } : {}), ...details };
    return this.permissionCheckHandler ? Boolean(this.permissionCheckHandler(contents, permission, origin, check)) : true;
  }
}

export interface SentMessage {
  channel: string;
  args: unknown[];
}

export class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  readonly mainFrame: FakeFrame;
  readonly sent: SentMessage[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  private destroyed = false;

  constructor(readonly session: FakeSession = double.session.defaultSession, url = '') {
    super();
    this.mainFrame = new FakeFrame(url);
    // Electron announces every new web contents on the app before anything loads in it.
    app.emit('web-contents-created', new FakeEvent(), this);
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
    if (ipcRenderer.attachedTo === this) ipcRenderer.deliver(channel, args);
  }
  getURL(): string {
    return this.mainFrame.url;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }

  // --- what a page (or Electron) does -------------------------------------------------------------

  /** `window.open(url)` from the page: the handler's answer, or 'allow' when none is set (Electron's default). */
  openWindow(url: string): { action: string } {
    return this.windowOpenHandler ? this.windowOpenHandler({ url, frameName: '', features: '', disposition: 'new-window' } as { url: string }) : { action: 'allow' };
  }
  /** Emits a navigation event the way Electron does; returns the event so tests can see whether it was prevented. */
  navigate(eventName: 'will-navigate' | 'will-frame-navigate' | 'will-redirect', url: string, isMainFrame = true): FakeEvent {
    const event = new FakeEvent({ url, isMainFrame, isSameDocument: false, frame: this.mainFrame });
    if (eventName === 'will-navigate') this.emit(eventName, event, url, false, isMainFrame, 0, 0);
    else this.emit(eventName, event);
    return event;
  }
  attachWebview(src: string): FakeEvent {
    const event = new FakeEvent();
    this.emit('will-attach-webview', event, { nodeIntegration: true }, { src });
    return event;
  }
  /** `ipcRenderer.invoke` from a frame of this web contents (the main frame unless another is given). */
  invoke(channel: string, args: unknown[], frame: FakeFrame | null = this.mainFrame): Promise<unknown> {
    return ipcMain.invokeFrom({ sender: this, senderFrame: frame, frameId: frame?.routingId ?? 0, processId: 100 }, channel, args);
  }
  /** Simulates a page load: the main frame now shows `url`. */
  showPage(url: string): void {
    this.mainFrame.url = url;
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows(): BrowserWindow[] {
    return double.windows.filter((window) => !window.isDestroyed());
  }

  readonly webContents: FakeWebContents;
  loadedUrl: string | undefined;
  focusCount = 0;
  private visible = false;
  private minimized = false;
  private destroyed = false;

  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    double.windows.push(this);
    this.webContents = new FakeWebContents();
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.webContents.showPage(url);
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focusCount += 1;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The user (or the app) closes the window; listeners may prevent it, as in Electron. */
  close(): void {
    const event = new FakeEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  appUserModelId: string | undefined;
  singleInstanceLock = true;
  quitCount = 0;
  sandboxEnabled = false;
  appPath = '/nonexistent/stevedore-app';
  /** userData: a fresh temp folder, made on first use and removed by `double.removeTempFolders()`. */
  private userData: string | undefined;
  readonly tempFolders: string[] = [];
  private ready = false;
  private markReady: () => void = () => {};
  private readyPromise: Promise<void> = this.freshReadyPromise();

  private freshReadyPromise(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
  }
  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.appUserModelId = undefined;
    this.singleInstanceLock = true;
    this.quitCount = 0;
    this.sandboxEnabled = false;
    this.appPath = '/nonexistent/stevedore-app';
    this.userData = undefined;
    this.ready = false;
    this.readyPromise = this.freshReadyPromise();
  }

  requestSingleInstanceLock(): boolean {
    return this.singleInstanceLock;
  }
  /** Records the request only: tests emit 'before-quit' / 'will-quit' themselves when they want them. */
  quit(): void {
    this.quitCount += 1;
  }
  whenReady(): Promise<void> {
    return this.readyPromise;
  }
  isReady(): boolean {
    return this.ready;
  }
  enableSandbox(): void {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.sandboxEnabled = true;
  }
  getAppPath(): string {
    return this.appPath;
  }
  getPath(name: string): string {
    if (name !== 'userData' && name !== 'logs') throw new Error(`the double only knows app.getPath('userData') and ('logs'), not '${name}'`);
    if (!this.userData) {
      this.userData = mkdtempSync(path.join(tmpdir(), 'stevedore-userdata-'));
      this.tempFolders.push(this.userData);
    }
    // Electron's default logs folder on Linux and Windows is inside userData; like Electron, getPath makes it.
    if (name === 'logs') {
      const logs = path.join(this.userData, 'logs');
      mkdirSync(logs, { recursive: true });
      return logs;
    }
    return this.userData;
  }
  getName(): string {
    return 'Stevedore';
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  getVersion(): string {
    return '0.1.0';
  }

  /** Emits 'ready' and resolves `whenReady()`. */
  becomeReady(): void {
    this.ready = true;
    this.emit('ready', new FakeEvent(), {});
    this.markReady();
  }
}

interface FakeIpcMainEvent {
  sender: FakeWebContents;
  senderFrame: FakeFrame | null;
  frameId: number;
  processId: number;
}

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  /** Every answer main gave to an invoke, as the renderer received it (for the leak scan). */
  readonly replies: Array<{ channel: string; reply: unknown }> = [];
  handle(channel: string, handler: Handler): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  handleOnce(channel: string, handler: Handler): void {
    this.handle(channel, handler);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  reset(): void {
    this.removeAllListeners();
    this.handlers.clear();
    this.replies.length = 0;
  }
  /** What Electron does with an `ipcRenderer.invoke`: arguments are structured-cloned; no handler means an error. */
  async invokeFrom(event: FakeIpcMainEvent, channel: string, args: unknown[]): Promise<unknown> {
    const cloned = structuredClone(args);
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    const reply = structuredClone(await handler(event, ...cloned));
    this.replies.push({ channel, reply: structuredClone(reply) });
    return reply;
  }
}

class FakeIpcRenderer {
  /** The web contents whose preload this is (set by tests before loading preload/index.ts). */
  attachedTo: FakeWebContents | undefined;
  private readonly listeners = new EventEmitter();
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    if (!this.attachedTo) throw new Error('ipcRenderer is not attached to a web contents');
    return this.attachedTo.invoke(channel, args);
  }
  on(channel: string, listener: Handler): this {
    this.listeners.on(channel, listener);
    return this;
  }
  removeListener(channel: string, listener: Handler): this {
    this.listeners.removeListener(channel, listener);
    return this;
  }
  deliver(channel: string, args: unknown[]): void {
    this.listeners.emit(channel, { sender: 'IpcRendererEvent' }, ...structuredClone(args));
  }
  listenerCount(channel: string): number {
    return this.listeners.listenerCount(channel);
  }
  reset(): void {
    this.attachedTo = undefined;
    this.listeners.removeAllListeners();
  }
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class FakeProtocol {
  readonly privilegedSchemes: Array<{ scheme: string; privileges?: Record<string, boolean> }> = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>): void {
    if (app.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privilegedSchemes.push(...schemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    if (!app.isReady()) throw new Error('protocol.handle must be called after app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
  unhandle(scheme: string): void {
    this.handlers.delete(scheme);
  }
  isProtocolHandled(scheme: string): boolean {
    return this.handlers.has(scheme);
  }
  /** A request for `url` as the renderer would make it. */
  async fetch(url: string, init?: RequestInit): Promise<Response> {
    const scheme = url.slice(0, url.indexOf(':'));
    const handler = this.handlers.get(scheme);
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`);
    return handler(new Request(url, init));
  }
  reset(): void {
    this.privilegedSchemes.length = 0;
    this.handlers.clear();
  }
}

type LinuxStorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

class FakeSafeStorage {
  available = true;
  backend: LinuxStorageBackend = 'gnome_libsecret';
  /**
   * False: the keyring does not answer (a Keychain prompt nobody answered, a locked GNOME Keyring or KWallet), so
   * every call waits, as Electron's queued asynchronous calls do, until `answerNow()`.
   */
  keyringAnswers = true;
  private readonly waiting: Array<() => void> = [];
  private answered(): Promise<void> {
    return this.keyringAnswers ? Promise.resolve() : new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  /** The keyring answers at last (the user typed the password): every waiting call goes on. */
  answerNow(): void {
    this.keyringAnswers = true;
    for (const resolve of this.waiting.splice(0)) resolve();
  }
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    await this.answered();
    return this.available;
  }
  getSelectedStorageBackend(): LinuxStorageBackend {
    return app.isReady() ? this.backend : 'unknown';
  }
  async encryptStringAsync(plain: string): Promise<Buffer> {
    await this.answered();
    if (!this.available) throw new Error('Encryption is not available.');
    return Buffer.from(`v11:${Buffer.from(plain, 'utf8').toString('hex')}`, 'utf8');
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    await this.answered();
    const text = encrypted.toString('utf8');
    if (!text.startsWith('v11:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return { result: Buffer.from(text.slice(4), 'hex').toString('utf8'), shouldReEncrypt: false };
  }
  reset(): void {
    this.available = true;
    this.backend = 'gnome_libsecret';
    this.keyringAnswers = true;
    // Calls left waiting by a test stay unanswered: a new test starts a new app.
    this.waiting.length = 0;
  }
}

// --- tray, menus, images, notifications, clipboard ----------------------------------------------------------

/** `nativeImage`: remembers the file; empty when the file does not exist, as Electron's is. */
export class FakeNativeImage {
  private template = false;
  constructor(readonly path: string) {}
  isEmpty(): boolean {
    return this.path === '' || !existsSync(this.path);
  }
  setTemplateImage(template: boolean): void {
    this.template = template;
  }
  isTemplateImage(): boolean {
    return this.template;
  }
}

export const nativeImage = {
  createFromPath(file: string): FakeNativeImage {
    return new FakeNativeImage(file);
  },
  createEmpty(): FakeNativeImage {
    return new FakeNativeImage('');
  },
};

interface MenuItemOptions {
  label?: string;
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
  enabled?: boolean;
  submenu?: MenuItemOptions[] | Menu;
  click?: (...args: unknown[]) => void;
  role?: string;
}

export class MenuItem {
  readonly label: string;
  readonly type: string;
  readonly enabled: boolean;
  readonly submenu: Menu | undefined;
  /** Electron's built-in behaviour for the item (`copy`, `quit`, `toggleDevTools`, …), when it has one. */
  readonly role: string | undefined;
  private readonly handler: ((...args: unknown[]) => void) | undefined;
  constructor(options: MenuItemOptions) {
    this.label = options.label ?? '';
    this.role = options.role;
    this.submenu = options.submenu === undefined ? undefined : options.submenu instanceof Menu ? options.submenu : Menu.buildFromTemplate(options.submenu);
    this.type = options.type ?? (this.submenu ? 'submenu' : 'normal');
    this.enabled = options.enabled ?? true;
    this.handler = options.click;
  }
  /** What a user's click does; Electron never delivers a click to a disabled item or a separator. */
  click(): void {
    if (this.type === 'separator') throw new Error('a separator cannot be clicked');
    if (!this.enabled) throw new Error(`the menu item "${this.label}" is disabled and cannot be clicked`);
    this.handler?.(this, undefined, { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false, triggeredByAccelerator: false });
  }
}

export class Menu extends EventEmitter {
  static buildFromTemplate(template: MenuItemOptions[]): Menu {
    const menu = new Menu(template.map((options) => new MenuItem(options)));
    double.menus.push(menu);
    return menu;
  }
  static setApplicationMenu(menu: Menu | null): void {
    double.applicationMenu = menu;
  }
  static getApplicationMenu(): Menu | null {
    return double.applicationMenu;
  }
  constructor(readonly items: MenuItem[] = []) {
    super();
  }
  /** The item reached through these labels (`item('Quick pull', 'nginx:latest')`). */
  item(...labels: string[]): MenuItem {
    let items: readonly MenuItem[] = this.items;
    let found: MenuItem | undefined;
    for (const label of labels) {
      found = items.find((candidate) => candidate.label === label);
      if (!found) throw new Error(`no menu item "${label}" among: ${items.map((candidate) => candidate.label || `(${candidate.type})`).join(', ')}`);
      items = found.submenu?.items ?? [];
    }
    if (!found) throw new Error('no labels given');
    return found;
  }
  labels(): string[] {
    return this.items.map((item) => (item.type === 'separator' ? '---' : item.label));
  }
  /** Every role in this menu and its submenus. */
  roles(): string[] {
    return this.items.flatMap((item) => [...(item.role ? [item.role] : []), ...(item.submenu?.roles() ?? [])]);
  }
  /** The platform shows the menu: Electron emits 'menu-will-show' first (macOS, Windows). */
  open(): void {
    this.emit('menu-will-show', new FakeEvent());
  }
}

export class Tray extends EventEmitter {
  contextMenu: Menu | null = null;
  /** Every menu given to `setContextMenu`, in order. */
  readonly menus: Menu[] = [];
  tooltip = '';
  title = '';
  titleOptions: unknown;
  private destroyed = false;
  constructor(readonly image: FakeNativeImage) {
    super();
    double.trays.push(this);
  }
  private alive(): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
  }
  setContextMenu(menu: Menu | null): void {
    this.alive();
    this.contextMenu = menu;
    if (menu) this.menus.push(menu);
  }
  setToolTip(tooltip: string): void {
    this.alive();
    this.tooltip = tooltip;
  }
  setTitle(title: string, options?: unknown): void {
    this.alive();
    this.title = title;
    this.titleOptions = options;
  }
  destroy(): void {
    this.destroyed = true;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  /** The menu as it is now; throws when there is none. */
  menu(): Menu {
    if (!this.contextMenu) throw new Error('the tray has no context menu');
    return this.contextMenu;
  }
}

export class Notification extends EventEmitter {
  static isSupported(): boolean {
    return double.notificationsSupported;
  }
  readonly title: string;
  readonly body: string;
  readonly icon: unknown;
  shown = false;
  constructor(options: { title?: string; body?: string; icon?: unknown } = {}) {
    super();
    this.title = options.title ?? '';
    this.body = options.body ?? '';
    this.icon = options.icon;
  }
  show(): void {
    this.shown = true;
    double.notifications.push(this);
  }
  close(): void {
    this.emit('close', new FakeEvent());
  }
  /** The user clicks the notification. */
  click(): void {
    if (!this.shown) throw new Error('a notification that was never shown cannot be clicked');
    this.emit('click', new FakeEvent());
  }
}

/** The system clipboard (Electron 45's is asynchronous). */
export const clipboard = {
  text: '',
  async readText(): Promise<string> {
    return clipboard.text;
  },
  async writeText(text: string): Promise<void> {
    clipboard.text = text;
  },
};

// --- the module's exports, named as Electron names them ---------------------------------------------------

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const protocol = new FakeProtocol();
export const safeStorage = new FakeSafeStorage();
export const session = { defaultSession: new FakeSession() };
export const nativeTheme = { shouldUseDarkColors: false };
export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
};
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    if (contextBridge.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    contextBridge.exposed.set(key, api);
  },
};

/** Test-side controls and records. */
export const double = {
  windows: [] as BrowserWindow[],
  trays: [] as Tray[],
  /** Every menu built, in order. */
  menus: [] as Menu[],
  /** What `Menu.setApplicationMenu` was last given (null: none, so Electron would show its default menu). */
  applicationMenu: null as Menu | null,
  /** Every notification shown, in order. */
  notifications: [] as Notification[],
  notificationsSupported: true,
  session,
  /** Puts every part of the double back to a fresh, not-ready Electron. */
  reset(): void {
    app.reset();
    ipcMain.reset();
    ipcRenderer.reset();
    protocol.reset();
    safeStorage.reset();
    session.defaultSession = new FakeSession();
    nativeTheme.shouldUseDarkColors = false;
    shell.opened.length = 0;
    contextBridge.exposed.clear();
    double.windows.length = 0;
    double.trays.length = 0;
    double.menus.length = 0;
    double.applicationMenu = null;
    double.notifications.length = 0;
    double.notificationsSupported = true;
    clipboard.text = '';
    dialog.calls.length = 0;
    dialog.answers.length = 0;
    dialog.messageBoxes.length = 0;
    dialog.errorBoxes.length = 0;
  },
  removeTempFolders(): void {
    for (const folder of app.tempFolders.splice(0)) rmSync(folder, { recursive: true, force: true });
  },
  lastWindow(): BrowserWindow {
    const window = double.windows.at(-1);
    if (!window) throw new Error('no BrowserWindow was created');
    return window;
  },
  onlyTray(): Tray {
    const [tray, ...others] = double.trays;
    if (!tray || others.length > 0) throw new Error(`expected one tray, found ${double.trays.length}`);
    return tray;
  },
};

/** Lets pending promise callbacks (e.g. the work after `whenReady()`) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Dialogs: record what was asked; the open dialog answers with whatever the test queued (cancel by default). */
export const dialog = {
  calls: [] as unknown[][],
  answers: [] as Array<{ canceled: boolean; filePaths: string[] }>,
  messageBoxes: [] as unknown[][],
  /** `dialog.showErrorBox(title, content)` calls, in order (the one dialog Electron allows before ready). */
  errorBoxes: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string): void {
    dialog.errorBoxes.push({ title, content });
  },
  async showOpenDialog(...args: unknown[]): Promise<{ canceled: boolean; filePaths: string[] }> {
    dialog.calls.push(args);
    return dialog.answers.shift() ?? { canceled: true, filePaths: [] };
  },
  async showMessageBox(...args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> {
    dialog.messageBoxes.push(args);
    return { response: 0, checkboxChecked: false };
  },
};

/** `import electron from 'electron'` (as electron-store does) gets the same objects as the named imports. */
export default {
  dialog,
  app,
  ipcMain,
  ipcRenderer,
  protocol,
  safeStorage,
  session,
  nativeTheme,
  shell,
  contextBridge,
  BrowserWindow,
  Tray,
  Menu,
  MenuItem,
  Notification,
  nativeImage,
  clipboard,
};
