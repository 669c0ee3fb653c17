/**
 * The guards every web contents gets, whatever created it: no new windows, no navigation away from the app,
 * no <webview>, no permissions but copying. The decisions are small pure functions so the tests can check each rule.
 */
import type { Session, WebContents } from 'electron';

/**
 * Hosts whose https pages may be opened in the user's browser. Only public documentation: the renderer is
 * untrusted, and `shell.openExternal` on an arbitrary URL can start any registered protocol handler.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = [
  'docs.docker.com',
  'docs.podman.io',
  'podman.io',
  'github.com',
  'www.electronjs.org',
];

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** `scheme://host[:port]` of a URL, lower case. (Node's URL reports origin 'null' for custom schemes.) */
function originOf(url: string): string | undefined {
  const parsed = parse(url);
  if (!parsed || parsed.host === '') return undefined;
  return `${parsed.protocol}//${parsed.host}`.toLowerCase();
}

/** True when `url` is a page of the app itself: same scheme, host and port as `appOrigin`, no credentials. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.username !== '' || parsed.password !== '') return false;
  return originOf(url) === appOrigin.toLowerCase();
}

/** True for https URLs on an allow-listed host, without credentials or an unusual port. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): boolean {
  const parsed = parse(url);
  if (!parsed || parsed.protocol !== 'https:') return false;
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  return allowedHosts.includes(parsed.hostname.toLowerCase());
}

export interface GuardOptions {
  /** The origin the app's pages are served from right now (app://stevedore, or the dev server in dev). */
  appOrigin: string;
  openExternal: (url: string) => Promise<void>;
}

/** Installs the navigation and window guards on one web contents. */
export function guardWebContents(contents: WebContents, options: GuardOptions): void {
  const openIfAllowed = (url: string): void => {
    if (!isAllowedExternalUrl(url)) return;
    options.openExternal(url).catch(() => {
      // The page cannot act on a browser that failed to open, and must not learn about it either.
    });
  };

  contents.setWindowOpenHandler(({ url }) => {
    openIfAllowed(url);
    return { action: 'deny' };
  });

  // A plain link to the docs navigates the main frame; send it to the browser instead of leaving the app.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, options.appOrigin)) return;
    event.preventDefault();
    openIfAllowed(event.url);
  });
  // Subframes (the app has none, and its CSP allows only its own origin, but be exact anyway). The main frame
  // is left to will-navigate above, so an allowed link opens in the browser once.
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url, options.appOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, options.appOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}

const hardenedSessions = new WeakSet<Session>();

/**
 * The one permission the app needs: `navigator.clipboard.writeText` (every "Copy" button) asks for
 * `clipboard-sanitized-write`. Granting it to the app's own page keeps copying in the renderer, where the user
 * clicked, with no contract call that would let the untrusted renderer put arbitrary text on the clipboard
 * through main — the web API is already limited to a user gesture and to sanitized text.
 */
const ALLOWED_PERMISSIONS: readonly string[] = ['clipboard-sanitized-write'];

export interface PermissionRequester {
  /** The page of the frame that asks (Electron's `requestingUrl`). */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
}

/** True only for an allowed permission asked by the main frame of a page of the app itself. */
export function isPermissionAllowed(permission: string, requester: PermissionRequester, appOrigin: string): boolean {
  if (!ALLOWED_PERMISSIONS.includes(permission) || !requester.isMainFrame) return false;
  return requester.requestingUrl !== undefined && isAppUrl(requester.requestingUrl, appOrigin);
}

/**
 * Denies every permission request and check (camera, notifications, clipboard read, USB, …) in a session, except
 * the ones in ALLOWED_PERMISSIONS for the app's own main frame.
 */
export function restrictPermissions(session: Session, appOrigin: string): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, appOrigin));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    // A check from a cross-origin subframe names its embedder; the app has no subframes, so refuse outright.
    if (details.embeddingOrigin !== undefined || requestingOrigin.toLowerCase() !== appOrigin.toLowerCase()) return false;
    return isPermissionAllowed(permission, { requestingUrl: details.requestingUrl, isMainFrame: details.isMainFrame }, appOrigin);
  });
  session.setDevicePermissionHandler(() => false);
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The origin of the Vite dev server, or undefined unless it is plain http(s) on loopback: even in development,
 * the window with the bridge must never load a page from another machine.
 */
export function loopbackDevServerOrigin(url: string): string | undefined {
  const parsed = parse(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) return undefined;
  if (parsed.username !== '' || parsed.password !== '' || !LOOPBACK_HOSTS.has(parsed.hostname)) return undefined;
  return originOf(url);
}
