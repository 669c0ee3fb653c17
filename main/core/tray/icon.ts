/**
 * Which image the tray (and, on Linux, the window) shows on each platform, and where that file is in a packaged
 * and an unpackaged app.
 *
 * The tray loads its icon from a file at run time, and nothing in `build/` is inside the app's asar, so
 * electron-builder.yml copies these files with `extraResources` from `build/icons/…` to `resources/icons/…`:
 * the same path below `build/` (unpackaged) and below `process.resourcesPath` (packaged).
 * tests/unit/packaging.test.ts runs electron-builder's own copy step to prove each file arrives.
 */
import path from 'node:path';

interface TrayIconFile {
  /** Below `build/` in the source tree, and below the resources folder once packaged. */
  segments: readonly string[];
  /** macOS template image: black with alpha, tinted by the system for light and dark menu bars. */
  template: boolean;
}

function trayIconFile(platform: NodeJS.Platform): TrayIconFile {
  // macOS finds trayTemplate@2x.png next to it by itself.
  if (platform === 'darwin') return { segments: ['icons', 'tray', 'trayTemplate.png'], template: true };
  // Windows picks the best size from the .ico for the current DPI.
  if (platform === 'win32') return { segments: ['icons', 'icon.ico'], template: false };
  // StatusNotifierItem hosts scale the image to their panel; 32px stays sharp at 16–24px and on 2x panels.
  return { segments: ['icons', 'png', '32x32.png'], template: false };
}

export interface AppLocation {
  isPackaged: boolean;
  /** `process.resourcesPath`. */
  resourcesPath: string;
  /** `app.getAppPath()`: the project folder when run with `electron .`. */
  appPath: string;
}

/** The one answer to "where are the packaged icons": `resources/` once packaged, `build/` in the source tree. */
function packagedIconFile(segments: readonly string[], location: AppLocation): string {
  const base = location.isPackaged ? location.resourcesPath : path.join(location.appPath, 'build');
  return path.join(base, ...segments);
}

export function trayIconPath(platform: NodeJS.Platform, location: AppLocation): { file: string; template: boolean } {
  const { segments, template } = trayIconFile(platform);
  return { file: packagedIconFile(segments, location), template };
}

/**
 * The main window's icon file where the window needs one: Linux, where an AppImage or `electron .` otherwise
 * shows a generic icon in the dock and the window switcher. Windows takes the icon of the .exe and macOS that of
 * the bundle, so they get none. 256px: what docks and switchers show at their largest, on 2x screens too.
 */
export function windowIconPath(platform: NodeJS.Platform, location: AppLocation): string | undefined {
  return platform === 'linux' ? packagedIconFile(WINDOW_ICON_SEGMENTS, location) : undefined;
}

const WINDOW_ICON_SEGMENTS: readonly string[] = ['icons', 'png', '256x256.png'];
