/**
 * `listener` runs each time the preview's WebSocket is open again after a drop (`connection.restored`, raised by
 * preload/transports/websocket.ts). Electron IPC never drops, so in the app it never runs. Without a bridge (a page
 * opened outside Stevedore) there is nothing to follow.
 */
export function onConnectionRestored(listener: () => void): () => void {
  const bridge = window.stevedore;
  if (!bridge) return () => undefined;
  return bridge.on('connection.restored', () => listener());
}
