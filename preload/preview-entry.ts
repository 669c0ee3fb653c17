/**
 * The preview counterpart of `preload/index.ts`: the same bridge, over a WebSocket to the preview server.
 * The page holds no credential: the server exchanged the one-time address for an HttpOnly session cookie before
 * this script ran, and the browser sends that cookie with the socket (and with a reload).
 */
import { createBridge } from './bridge';
import { createWebSocketTransport } from './transports/websocket';
import { PREVIEW_BRIDGE_PATH } from './transports/websocket-protocol';

const socketUrl = `ws://${window.location.host}${PREVIEW_BRIDGE_PATH}`;
// Read-only, like contextBridge.exposeInMainWorld: page scripts cannot swap the bridge.
Object.defineProperty(window, 'stevedore', { value: createBridge(createWebSocketTransport(socketUrl)), enumerable: true });
