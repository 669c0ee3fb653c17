import { describe, expect, it } from 'vitest';
import { applicationMenuTemplate, DEVELOPMENT_ROLES, httpsUrl, menuRoles, type AppMenuContext, type AppMenuItem } from '../../../main/core/menu';

const context = (platform: NodeJS.Platform, isPackaged: boolean): AppMenuContext => ({
  platform,
  isPackaged,
  appName: 'Stevedore',
  homepage: 'https://stevedore.dev',
});

const labels = (items: AppMenuItem[]): string[] => items.map((item) => (item.kind === 'submenu' ? item.label : item.kind));
const submenu = (items: AppMenuItem[], label: string): AppMenuItem[] => {
  const found = items.find((item) => item.kind === 'submenu' && item.label === label);
  if (!found || found.kind !== 'submenu') throw new Error(`no submenu ${label}`);
  return found.items;
};

describe('the application menu', () => {
  it('has the app menu first on macOS, and File/Edit/View/Window/Help everywhere', () => {
    expect(labels(applicationMenuTemplate(context('darwin', true)))).toEqual(['Stevedore', 'File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels(applicationMenuTemplate(context('linux', true)))).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(labels(applicationMenuTemplate(context('win32', true)))).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
  });

  it('quits from the app menu on macOS and from File elsewhere', () => {
    expect(menuRoles(submenu(applicationMenuTemplate(context('darwin', true)), 'Stevedore'))).toContain('quit');
    expect(menuRoles(submenu(applicationMenuTemplate(context('darwin', true)), 'File'))).toEqual(['close']);
    expect(menuRoles(submenu(applicationMenuTemplate(context('linux', true)), 'File'))).toEqual(['close', 'quit']);
  });

  it('offers the usual editing roles, so text fields get copy and paste shortcuts', () => {
    const edit = menuRoles(submenu(applicationMenuTemplate(context('win32', true)), 'Edit'));
    expect(edit).toEqual(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']);
  });

  it('has no reload or developer tools in a packaged build, on any platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const roles = menuRoles(applicationMenuTemplate(context(platform, true)));
      for (const role of DEVELOPMENT_ROLES) expect(roles).not.toContain(role);
      expect(roles).toEqual(expect.arrayContaining(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
    }
  });

  it('keeps reload and developer tools for development', () => {
    const view = menuRoles(submenu(applicationMenuTemplate(context('linux', false)), 'View'));
    expect(view).toEqual(['reload', 'forceReload', 'toggleDevTools', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
  });

  it('Help links only to an https home page', () => {
    expect(submenu(applicationMenuTemplate(context('linux', true)), 'Help')).toEqual([
      { kind: 'link', label: 'Stevedore Home Page', url: 'https://stevedore.dev' },
    ]);
    expect(submenu(applicationMenuTemplate({ ...context('linux', true), homepage: 'http://stevedore.dev' }), 'Help')).toEqual([]);
    expect(httpsUrl('https://stevedore.dev/docs')).toBe(true);
    expect(httpsUrl('file:///etc/passwd')).toBe(false);
    expect(httpsUrl('https://user:pw@stevedore.dev/')).toBe(false);
    expect(httpsUrl('not a url')).toBe(false);
  });
});
