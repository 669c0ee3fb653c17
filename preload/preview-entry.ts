/**
 * The preview counterpart of `preload/index.ts`: the same bridge, over a WebSocket to the preview server.
 * The one-time token arrives in the page URL; it is kept for this tab only so a reload reconnects.
 */
import { createBridge } from './bridge';
import { createWebSocketTransport } from './transports/websocket';
import { PREVIEW_BRIDGE_PATH, TOKEN_PARAMETER } from './transports/websocket-protocol';

const fromUrl = new URLSearchParams(window.location.search).get(TOKEN_PARAMETER);
if (fromUrl) {
  sessionStorage.setItem(TOKEN_PARAMETER, fromUrl);
  // Keep the token out of the address bar, history and screenshots.
  const clean = new URL(window.location.href);
  clean.searchParams.delete(TOKEN_PARAMETER);
  window.history.replaceState(null, '', clean);
}
const token = fromUrl ?? sessionStorage.getItem(TOKEN_PARAMETER) ?? '';
const socketUrl = `ws://${window.location.host}${PREVIEW_BRIDGE_PATH}?${TOKEN_PARAMETER}=${encodeURIComponent(token)}`;
// Read-only, like contextBridge.exposeInMainWorld: page scripts cannot swap the bridge.
Object.defineProperty(window, 'stevedore', { value: createBridge(createWebSocketTransport(socketUrl)), enumerable: true });
