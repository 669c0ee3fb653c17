/**
 * The application menu, as a pure function of the platform and the build, so it is tested without Electron;
 * main/menu.ts only applies it.
 *
 * Without a menu of its own, Electron shows its default one on Windows and Linux, with Reload and Toggle
 * Developer Tools: in an installed app those reload the UI mid-pull and open a console into the renderer. They
 * are kept for development (`!isPackaged`) only. Everything else is the usual set of roles, which Electron
 * labels and localises itself.
 */

/** package.json's `homepage` (tests/shell/app-shell.test.ts keeps the two equal). */
export const APP_HOMEPAGE = 'https://stevedore.dev';

/** The Electron menu roles this menu uses (a subset of `MenuItemConstructorOptions['role']`). */
export type AppMenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'pasteAndMatchStyle'
  | 'delete'
  | 'selectAll'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'window'
  | 'help';

export type AppMenuItem =
  | { kind: 'role'; role: AppMenuRole }
  | { kind: 'separator' }
  /** Opens an https page in the user's browser. */
  | { kind: 'link'; label: string; url: string }
  | { kind: 'submenu'; label: string; role?: 'window' | 'help'; items: AppMenuItem[] };

/** Roles that let a user reach into the renderer: only in development. */
export const DEVELOPMENT_ROLES: readonly AppMenuRole[] = ['reload', 'forceReload', 'toggleDevTools'];

export interface AppMenuContext {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  appName: string;
  /** The app's home page (package.json `homepage`); Help opens it. */
  homepage: string;
}

const role = (name: AppMenuRole): AppMenuItem => ({ kind: 'role', role: name });
const separator: AppMenuItem = { kind: 'separator' };

export function applicationMenuTemplate(context: AppMenuContext): AppMenuItem[] {
  const mac = context.platform === 'darwin';
  const menu: AppMenuItem[] = [];
  if (mac) {
    menu.push({
      kind: 'submenu',
      label: context.appName,
      items: [role('about'), separator, role('services'), separator, role('hide'), role('hideOthers'), role('unhide'), separator, role('quit')],
    });
  }
  // macOS quits from the app menu; elsewhere File holds Quit. Close closes the window (or hides it to the tray).
  menu.push({ kind: 'submenu', label: 'File', items: mac ? [role('close')] : [role('close'), separator, role('quit')] });
  menu.push({
    kind: 'submenu',
    label: 'Edit',
    items: [
      role('undo'),
      role('redo'),
      separator,
      role('cut'),
      role('copy'),
      role('paste'),
      ...(mac ? [role('pasteAndMatchStyle'), role('delete')] : []),
      role('selectAll'),
    ],
  });
  const development = context.isPackaged ? [] : [role('reload'), role('forceReload'), role('toggleDevTools'), separator];
  menu.push({
    kind: 'submenu',
    label: 'View',
    items: [...development, role('resetZoom'), role('zoomIn'), role('zoomOut'), separator, role('togglefullscreen')],
  });
  menu.push({
    kind: 'submenu',
    label: 'Window',
    role: 'window',
    items: mac ? [role('minimize'), role('zoom'), separator, role('front')] : [role('minimize'), role('close')],
  });
  menu.push({
    kind: 'submenu',
    label: 'Help',
    role: 'help',
    items: httpsUrl(context.homepage) ? [{ kind: 'link', label: `${context.appName} Home Page`, url: context.homepage }] : [],
  });
  return menu;
}

/** True for a plain https URL: the only kind the menu ever hands to the browser. */
export function httpsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && parsed.username === '' && parsed.password === '';
  } catch {
    return false;
  }
}

/** Every role in a template, however deep (tests, and a check that packaged builds have no development role). */
export function menuRoles(items: readonly AppMenuItem[]): AppMenuRole[] {
  return items.flatMap((item) => {
    if (item.kind === 'role') return [item.role];
    if (item.kind === 'submenu') return [...(item.role ? [item.role] : []), ...menuRoles(item.items)];
    return [];
  });
}
