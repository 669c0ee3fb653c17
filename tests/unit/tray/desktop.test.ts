import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { desktopHasTray } from '../../../main/core/tray/desktop';
import { trayIconPath } from '../../../main/core/tray/icon';

describe('desktopHasTray', () => {
  it.each([
    ['stock GNOME (Fedora, Debian)', 'linux', { XDG_CURRENT_DESKTOP: 'GNOME' }, false],
    ['an unknown session', 'linux', {}, false],
    ['an empty desktop name', 'linux', { XDG_CURRENT_DESKTOP: ' ' }, false],
    ["Ubuntu's GNOME, which ships AppIndicator", 'linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' }, true],
    ["Pop!_OS's GNOME", 'linux', { XDG_CURRENT_DESKTOP: 'pop:GNOME' }, true],
    ['KDE Plasma', 'linux', { XDG_CURRENT_DESKTOP: 'KDE' }, true],
    ['XFCE', 'linux', { XDG_CURRENT_DESKTOP: 'XFCE' }, true],
    ['Cinnamon', 'linux', { XDG_CURRENT_DESKTOP: 'X-Cinnamon' }, true],
    ['a lower-case gnome that is not stock GNOME', 'linux', { XDG_CURRENT_DESKTOP: 'gnome' }, true],
    ['FreeBSD with KDE', 'freebsd', { XDG_CURRENT_DESKTOP: 'KDE' }, true],
    ['macOS', 'darwin', {}, true],
    ['Windows', 'win32', {}, true],
    ['stock GNOME told there is a tray (AppIndicator extension)', 'linux', { XDG_CURRENT_DESKTOP: 'GNOME', STEVEDORE_TRAY: '1' }, true],
    ['KDE told there is none', 'linux', { XDG_CURRENT_DESKTOP: 'KDE', STEVEDORE_TRAY: 'off' }, false],
    ['Windows told there is none', 'win32', { STEVEDORE_TRAY: 'false' }, false],
    ['a switch it does not understand, ignored', 'linux', { XDG_CURRENT_DESKTOP: 'GNOME', STEVEDORE_TRAY: 'maybe' }, false],
  ] as const)('%s → %s', (_name, platform, env, expected) => {
    expect(desktopHasTray(platform, env)).toBe(expected);
  });
});

describe('trayIconPath', () => {
  const packaged = { isPackaged: true, resourcesPath: '/opt/Stevedore/resources', appPath: '/opt/Stevedore/resources/app.asar' };
  const unpackaged = { isPackaged: false, resourcesPath: '/usr/lib/electron/resources', appPath: '/home/me/stevedore' };

  it('uses the colour PNG on Linux and the .ico on Windows', () => {
    expect(trayIconPath('linux', packaged)).toEqual({ file: path.join('/opt/Stevedore/resources', 'icons', 'png', '32x32.png'), template: false });
    expect(trayIconPath('win32', packaged)).toEqual({ file: path.join('/opt/Stevedore/resources', 'icons', 'icon.ico'), template: false });
  });

  it('uses a template image on macOS', () => {
    expect(trayIconPath('darwin', packaged)).toEqual({ file: path.join('/opt/Stevedore/resources', 'icons', 'tray', 'trayTemplate.png'), template: true });
  });

  it('reads build/ in an unpackaged app, not Electron’s own resources', () => {
    expect(trayIconPath('linux', unpackaged).file).toBe(path.join('/home/me/stevedore', 'build', 'icons', 'png', '32x32.png'));
  });
});
