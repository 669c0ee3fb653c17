import type { StevedoreBridge } from '../preload/api';

declare global {
  interface Window {
    /**
     * Exposed by the preload script (Electron) or the preview bridge (`npm run preview`). Optional because the
     * page can be opened without either; `getBridge()` turns that into a clear error instead of a TypeError.
     */
    readonly stevedore?: StevedoreBridge;
  }
}

export {};
