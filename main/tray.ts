/**
 * The tray icon: applies the menu model (main/core/tray/menu.ts) to an Electron `Tray`, and rebuilds the native
 * menu only when the TrayStateSource says what it shows has changed.
 *
 * The clipboard item: the source reads the clipboard (asynchronously) on every other change; on top of that it is
 * read when the pointer reaches the icon on macOS and Windows (`mouse-enter`, which comes before the click that
 * opens the menu) and as the menu opens where the platform says so (`menu-will-show`; a change found then shows
 * from the next opening). Linux AppIndicator menus announce neither, so there the item can lag behind the
 * clipboard until something else changes — and the click re-checks the clipboard before pulling anything
 * (main/core/tray/actions.ts).
 */
import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayMenuItem } from './core/tray/menu';
import type { TraySnapshot, TrayStateSource } from './core/tray/state';

export interface AppTrayOptions {
  source: TrayStateSource;
  icon: { file: string; template: boolean };
  platform: NodeJS.Platform;
  onAction(action: TrayAction): void;
  /** A plain click on the icon where that does not open the menu (Windows): show the window. */
  onActivate(): void;
}

export interface AppTray {
  readonly tray: Tray;
  destroy(): void;
}

export function createAppTray(options: AppTrayOptions): AppTray {
  const { source, platform } = options;
  const image = nativeImage.createFromPath(options.icon.file);
  if (image.isEmpty()) console.error(`[stevedore] The tray icon ${options.icon.file} could not be loaded; the tray shows no picture.`);
  if (options.icon.template) image.setTemplateImage(true);
  const tray = new Tray(image);

  const refreshClipboard = (): void => {
    void source.refreshClipboard();
  };
  const apply = (snapshot: TraySnapshot): void => {
    const menu = Menu.buildFromTemplate(toMenuTemplate(snapshot.menu, options.onAction));
    menu.on('menu-will-show', refreshClipboard);
    tray.setContextMenu(menu);
    tray.setToolTip(snapshot.tooltip);
    // Monospaced digits keep the menu-bar title from jittering as the percentage counts up.
    if (platform === 'darwin') tray.setTitle(snapshot.title ?? '', { fontType: 'monospacedDigit' });
  };

  apply(source.snapshot);
  const unsubscribe = source.onChange(apply);
  if (platform === 'darwin' || platform === 'win32') tray.on('mouse-enter', refreshClipboard);
  if (platform === 'win32') tray.on('click', () => options.onActivate());

  return {
    tray,
    destroy() {
      unsubscribe();
      if (!tray.isDestroyed()) tray.destroy();
    },
  };
}

/** The model as an Electron menu template; each action item's click hands its action to `onAction`. */
export function toMenuTemplate(items: readonly TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.separator) return { type: 'separator' };
    if (item.submenu) return { label: item.label, submenu: toMenuTemplate(item.submenu, onAction) };
    if (item.heading) return { label: item.label, enabled: false };
    const action = item.action;
    if (!action) return { label: item.label, enabled: item.enabled ?? false };
    if (item.checked !== undefined) return { label: item.label, type: 'radio', checked: item.checked, enabled: item.enabled ?? true, click: () => onAction(action) };
    return { label: item.label, enabled: item.enabled ?? true, click: () => onAction(action) };
  });
}
