/**
 * Electron's side of the IPC wiring: `ipcMain` as the router's transport, the sender check, and the event sinks.
 *
 * Only `ipcMain.handle` is used (never `ipcMain.on`): an invoke on a channel without a handler is refused by
 * Electron itself, so channels outside the contract cannot reach any code.
 */
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { EventSink } from './core/ipc/events';
import type { MainTransport } from './core/ipc/router';
import { isAppUrl } from './security';

export function ipcMainTransport(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>): MainTransport<IpcMainInvokeEvent> {
  return {
    handle: (channel, handler) => ipcMain.handle(channel, handler),
    removeHandler: (channel) => ipcMain.removeHandler(channel),
  };
}

export interface SenderCheckOptions {
  /** The app's own windows. */
  windows: () => readonly BrowserWindow[];
  /** The origin the app's pages are served from (app://stevedore, or the dev server in dev). */
  appOrigin: string;
}

/**
 * A request is trusted only from the main frame of one of the app's own windows, while that frame shows a page
 * of the app's origin. Anything else — another web contents, a subframe, a page that navigated elsewhere, a
 * frame already gone — is refused.
 */
export function createSenderCheck(options: SenderCheckOptions): (event: IpcMainInvokeEvent) => boolean {
  return (event) => {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return false;
    const sender = event.sender;
    const ownWindow = options.windows().some((window) => !window.isDestroyed() && window.webContents.id === sender.id);
    if (!ownWindow || sender.isDestroyed()) return false;
    if (frame.frameTreeNodeId !== sender.mainFrame.frameTreeNodeId) return false;
    return isAppUrl(frame.url, options.appOrigin);
  };
}

/** Every live app window, as a place to publish events to. */
export function windowSinks(windows: () => readonly BrowserWindow[]): () => EventSink[] {
  return () =>
    windows()
      .filter((window) => !window.isDestroyed() && !window.webContents.isDestroyed())
      .map((window) => ({ send: (channel: string, payload: unknown) => window.webContents.send(channel, payload) }));
}
