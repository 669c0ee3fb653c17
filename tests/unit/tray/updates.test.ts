/**
 * The tray's "Updates (3)" item (issue 14): how many images main found an update for, opening the Images screen
 * where their badges are. Absent while there is none, so the menu stays as short as before.
 */
import { describe, expect, it } from 'vitest';
import type { ImageUpdate, UpdatesView } from '../../../preload/api';
import { performTrayAction, type TrayActionContext } from '../../../main/core/tray/actions';
import { buildTrayMenu, type TrayMenuItem, type TrayState } from '../../../main/core/tray/menu';
import { updatesNotification } from '../../../main/core/tray/notifications';
import { TrayStateSource, type TraySnapshot, type TrayUpdatesSource } from '../../../main/core/tray/state';
import { EngineDouble, PullsDouble, realLibrary } from './doubles';

const base: TrayState = { favourites: [], recents: [], pulls: [], stacks: [], engineConnected: true };
const labels = (menu: readonly TrayMenuItem[]): string[] => menu.map((item) => (item.separator ? '---' : item.label));

const entry = (image: string, state: ImageUpdate['state']): ImageUpdate => ({ image, state, newerTags: [], imageIds: [], usedBy: [], staleContainers: [] });

class UpdatesDouble implements TrayUpdatesSource {
  view: UpdatesView = { checking: false, images: [] };
  private readonly listeners = new Set<(view: UpdatesView) => void>();
  list(): UpdatesView {
    return this.view;
  }
  onChange(listener: (view: UpdatesView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(images: ImageUpdate[]): void {
    this.view = { ...this.view, images };
    for (const listener of this.listeners) listener(this.view);
  }
}

describe('tray menu: updates', () => {
  it('shows "Updates (3)" after Stacks when main found three, opening the Images screen', () => {
    const menu = buildTrayMenu({ ...base, updates: 3 });
    expect(labels(menu)).toEqual(['Quick pull', 'Pull image from clipboard', 'Stacks', 'Updates (3)', '---', 'Open Stevedore', 'Quit Stevedore']);
    expect(menu.find((item) => item.label === 'Updates (3)')?.action).toEqual({ kind: 'show-updates' });
  });

  it('leaves the item out while there is no update', () => {
    expect(labels(buildTrayMenu({ ...base, updates: 0 }))).not.toContain('Updates (0)');
    expect(labels(buildTrayMenu(base)).some((label) => label.startsWith('Updates'))).toBe(false);
  });

  it('opens the window on the Images screen', async () => {
    const shown: Array<string | undefined> = [];
    const context: TrayActionContext = { pulls: { start: () => ({}) as never }, showWindow: (route) => shown.push(route), quit: () => undefined };
    expect(await performTrayAction({ kind: 'show-updates' }, context)).toEqual({ kind: 'window-shown', route: '#/images' });
    expect(shown).toEqual(['#/images']);
  });
});

describe('TrayStateSource: updates', () => {
  it('counts the images with an update, follows main as it finds more, and rebuilds only when the count changes', async () => {
    const updates = new UpdatesDouble();
    updates.view = { checking: false, images: [entry('a:1', 'update-available'), entry('b:1', 'up-to-date')] };
    const source = new TrayStateSource({ pulls: new PullsDouble(), library: realLibrary(), engine: new EngineDouble(), updates });
    const emitted: TraySnapshot[] = [];
    source.onChange((snapshot) => emitted.push(snapshot));
    await source.start();
    expect(labels(source.snapshot.menu)).toContain('Updates (1)');

    updates.emit([entry('a:1', 'update-available'), entry('b:1', 'update-available'), entry('c:1', 'could-not-check'), entry('d:1', 'ignored')]);
    expect(labels(source.snapshot.menu)).toContain('Updates (2)');
    const rebuilt = emitted.length;
    // A re-check that finds the same: nothing new to show.
    updates.emit([entry('a:1', 'update-available'), entry('b:1', 'update-available'), entry('c:1', 'up-to-date')]);
    expect(emitted.length).toBe(rebuilt);

    updates.emit([]);
    expect(labels(source.snapshot.menu).some((label) => label.startsWith('Updates'))).toBe(false);
    source.stop();
  });
});

describe('notification: new updates', () => {
  it('names the image and what changed when there is one, opening the Images screen', () => {
    const found = { ...entry('127.0.0.1:5001/team/app:2.3', 'update-available'), local: { version: '2.3.6' }, remote: { version: '2.3.7' } };
    expect(updatesNotification([found])).toEqual({ title: 'Update available', body: '127.0.0.1:5001/team/app:2.3: 2.3.6 → 2.3.7', target: { screen: 'images' } });
  });

  it('names the first two and counts the rest when there are more', () => {
    const found = ['a:1', 'b:2', 'c:3', 'd:4'].map((image) => entry(image, 'update-available'));
    expect(updatesNotification(found)).toEqual({ title: '4 updates available', body: 'a:1, b:2 and 2 more have a newer build.', target: { screen: 'images' } });
  });
});
