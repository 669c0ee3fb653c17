/**
 * The tray's "Updates (N)" item through the shell's desktop integration (main/desktop.ts) and the Electron tray
 * double: it appears when main's update view has updates, follows the view's changes, and opens the Images screen.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import type { ImageUpdate, UpdatesView } from '../../preload/api';
import { startDesktopIntegration, type DesktopIntegration } from '../../main/desktop';
import type { TrayUpdatesSource } from '../../main/core/tray/state';
import { EngineDouble, PullsDouble, realLibrary } from '../unit/tray/doubles';
import { double, settle } from './electron-double';

const projectDir = path.resolve(import.meta.dirname, '../..');
let desktop: DesktopIntegration | undefined;

afterEach(() => {
  desktop?.dispose();
  desktop = undefined;
  double.reset();
});

const available = (image: string): ImageUpdate => ({ image, state: 'update-available', newerTags: [], imageIds: [], usedBy: [], staleContainers: [] });

class UpdatesDouble implements TrayUpdatesSource {
  private view: UpdatesView = { checking: false, images: [] };
  private readonly listeners = new Set<(view: UpdatesView) => void>();
  private readonly newUpdateListeners = new Set<(found: ImageUpdate[]) => void>();
  constructor(images: ImageUpdate[]) {
    this.view = { checking: false, images };
  }
  async list(): Promise<UpdatesView> {
    return this.view;
  }
  onChange(listener: (view: UpdatesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  onNewUpdates(listener: (found: ImageUpdate[]) => void): () => void {
    this.newUpdateListeners.add(listener);
    return () => this.newUpdateListeners.delete(listener);
  }
  found(images: ImageUpdate[]): void {
    for (const listener of this.newUpdateListeners) listener(images);
  }
  emit(images: ImageUpdate[]): void {
    this.view = { checking: false, images };
    for (const listener of this.listeners) listener(this.view);
  }
}

/** The desktop integration on a desktop with a tray (KDE); answers the routes the window was asked to show. */
function startWith(updates: UpdatesDouble): Array<string | undefined> {
  const shown: Array<string | undefined> = [];
  desktop = startDesktopIntegration({
    core: { pulls: new PullsDouble() as never, library: realLibrary(), engine: new EngineDouble() as never, updates },
    platform: 'linux',
    env: { XDG_CURRENT_DESKTOP: 'KDE' },
    location: { isPackaged: false, resourcesPath: projectDir, appPath: projectDir },
    showWindow: (route) => shown.push(route),
    quit: () => undefined,
    log: { error: () => undefined },
  });
  return shown;
}

describe('tray: updates', () => {
  it('shows "Updates (2)", follows main as it finds a third, and opens the Images screen', async () => {
    const updates = new UpdatesDouble([available('a:1'), available('b:1')]);
    const shown = startWith(updates);
    const tray = double.onlyTray();
    await settle();
    expect(tray.menu().labels()).toContain('Updates (2)');

    updates.emit([available('a:1'), available('b:1'), available('c:1')]);
    expect(tray.menu().labels()).toContain('Updates (3)');

    tray.menu().item('Updates (3)').click();
    await settle();
    expect(shown).toEqual(['#/images']);

    updates.emit([]);
    expect(tray.menu().labels().some((label) => label.startsWith('Updates'))).toBe(false);
  });

  it('raises one notification when a scheduled check finds new updates; clicking it opens the Images screen', async () => {
    const updates = new UpdatesDouble([]);
    const shown = startWith(updates);
    updates.found([available('a:1'), available('b:1')]);
    expect(double.notifications.map((notification) => [notification.title, notification.body])).toEqual([['2 updates available', 'a:1 and b:1 have a newer build.']]);
    double.notifications[0]?.click();
    expect(shown).toEqual(['#/images']);
  });
});
