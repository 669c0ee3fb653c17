/** The preload script: the bridge, over Electron IPC, as `window.stevedore` — and nothing else. */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

contextBridge.exposeInMainWorld('stevedore', createBridge(ipcRenderer));
