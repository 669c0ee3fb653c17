/** Applies the application menu (main/core/menu.ts decides what is in it). */
import { Menu, type MenuItemConstructorOptions } from 'electron';
import { applicationMenuTemplate, httpsUrl, type AppMenuContext, type AppMenuItem } from './core/menu';

export interface ApplicationMenuOptions extends AppMenuContext {
  openExternal: (url: string) => Promise<void>;
  onOpenFailure: (url: string, error: unknown) => void;
}

function toElectron(item: AppMenuItem, options: ApplicationMenuOptions): MenuItemConstructorOptions {
  switch (item.kind) {
    case 'role':
      return { role: item.role };
    case 'separator':
      return { type: 'separator' };
    case 'link':
      return {
        label: item.label,
        click: () => {
          // The template only holds https links; checked again at the one place a URL leaves the app.
          if (!httpsUrl(item.url)) return;
          options.openExternal(item.url).catch((error: unknown) => options.onOpenFailure(item.url, error));
        },
      };
    case 'submenu':
      return { label: item.label, ...(item.role ? { role: item.role } : {}), submenu: item.items.map((child) => toElectron(child, options)) };
  }
}

export function setApplicationMenu(options: ApplicationMenuOptions): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(applicationMenuTemplate(options).map((item) => toElectron(item, options))));
}
