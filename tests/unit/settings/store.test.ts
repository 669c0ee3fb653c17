import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import { describe, expect, it } from 'vitest';
import { PreferencesSchema, settingsFileOptions } from '../../../main/core/settings/document';
import { SettingsStore, writeSettingsFile } from '../../../main/core/settings/store';
import { openSettings, settingsDir } from '../../support/settings';

const registry = (id: string, name: string) => ({
  id,
  name,
  address: 'ghcr.io',
  patterns: [],
  isDefault: false,
  allowWeakSecretStorage: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

describe('SettingsStore', () => {
  it('starts with defaults and persists an update to the file', async () => {
    const dir = settingsDir();
    const store = openSettings(dir);
    expect(store.get('preferences')).toEqual({
      maxConcurrentPulls: 3,
      closeToTray: true,
      updateSchedule: 'off',
      updateNotifications: false,
      updatesIgnoredImages: [],
      updatesIgnoredStacks: [],
    });
    await store.update('favourites', (current) => ({ value: [...current, 'nginx'], result: undefined }));
    expect(openSettings(dir).get('favourites')).toEqual(['nginx']);
  });

  it('fills in missing preferences from the one list of defaults, PreferencesSchema, whether some or all are missing', () => {
    const dir = settingsDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ registries: [] }));
    expect(openSettings(dir).get('preferences')).toEqual(PreferencesSchema.parse({}));
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ registries: [], preferences: { closeToTray: false } }));
    expect(openSettings(dir).get('preferences')).toEqual({ ...PreferencesSchema.parse({}), closeToTray: false });
  });

  it('moves an unreadable file aside, keeps it, starts empty and tells the user', () => {
    const dir = settingsDir();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{"registries": [ {"id": "1", "name": "Work"');
    const store = openSettings(dir, () => new Date('2026-11-23T10:00:00.000Z'));
    expect(store.get('registries')).toEqual([]);
    const kept = readdirSync(dir).filter((name) => name.startsWith('settings.json.unreadable-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(path.join(dir, kept[0]!), 'utf8')).toContain('"Work"');
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]?.message).toContain(kept[0]);
    expect(store.notices[0]?.message).toMatch(/not valid JSON/);
  });

  it('moves aside a file whose content does not match the schema, naming the bad field', () => {
    const dir = settingsDir();
    writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ registries: [{ id: 7 }] }));
    const store = openSettings(dir);
    expect(store.notices[0]?.message).toMatch(/registries\.0/);
    expect(readdirSync(dir).some((name) => name.startsWith('settings.json.unreadable-'))).toBe(true);
  });

  it('never loses an update when two saves overlap', async () => {
    const dir = settingsDir();
    const store = openSettings(dir);
    let releaseSlowSave!: () => void;
    const slowSaveMayEnd = new Promise<void>((resolve) => {
      releaseSlowSave = resolve;
    });
    const slowSave = store.update('registries', async (current) => {
      await slowSaveMayEnd;
      return { value: [...current, registry('a', 'A')], result: undefined };
    });
    const fastSave = store.update('registries', (current) => ({ value: [...current, registry('b', 'B')], result: undefined }));
    // Every promise callback runs before a setImmediate: a fast save not queued behind the slow one has ended by then.
    const firstToSettle = await Promise.race([fastSave.then(() => 'fast save'), new Promise((resolve) => setImmediate(() => resolve('nothing yet')))]);
    expect(firstToSettle).toBe('nothing yet');
    releaseSlowSave();
    await Promise.all([slowSave, fastSave]);
    expect(openSettings(dir).get('registries').map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('keeps going after a failed update', async () => {
    const store = openSettings();
    await expect(
      store.update('favourites', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await store.update('favourites', () => ({ value: ['x'], result: undefined }));
    expect(store.get('favourites')).toEqual(['x']);
  });

  it('refuses to write a value that does not match the schema', async () => {
    const store = openSettings();
    await expect(store.update('preferences', (current) => ({ value: { ...current, maxConcurrentPulls: 0 }, result: undefined }))).rejects.toThrow();
    expect(store.get('preferences').maxConcurrentPulls).toBe(3);
  });

  describe('writes (issue 15: a deploy recorded each of its 8 pulls with a write and an fsync of its own)', () => {
    /** The real writer, counted, with its first write held in flight until `releaseFirst`. */
    function heldWriter() {
      let releaseFirst!: () => void;
      const firstMayEnd = new Promise<void>((resolve) => {
        releaseFirst = resolve;
      });
      const writes: string[] = [];
      const writeFile = async (file: string, text: string) => {
        writes.push(text);
        if (writes.length === 1) await firstMayEnd;
        await writeSettingsFile(file, text);
      };
      return { writes, writeFile, releaseFirst };
    }
    const openWith = (dir: string, writeFile: (file: string, text: string) => Promise<void>) =>
      new SettingsStore({
        filePath: path.join(dir, 'settings.json'),
        open: () => new Conf<Record<string, unknown>>({ cwd: dir, ...settingsFileOptions, projectName: 'stevedore-test' }),
        writeFile,
      });
    const onDisk = (dir: string) => JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8')) as { favourites?: string[] };
    const settle = () => new Promise((resolve) => setImmediate(resolve));

    it('8 updates queued behind one write take at most 2 writes, and every value lands in order', async () => {
      const dir = settingsDir();
      const writer = heldWriter();
      const store = openWith(dir, writer.writeFile);
      const images = Array.from({ length: 8 }, (_, index) => `image-${index}`);
      const saves = images.map((image) => store.update('favourites', (current) => ({ value: [...current, image], result: undefined })));
      await settle();
      expect(writer.writes).toHaveLength(1);
      writer.releaseFirst();
      await Promise.all(saves);
      expect(writer.writes.length).toBeLessThanOrEqual(2);
      expect(store.get('favourites')).toEqual(images);
      expect(onDisk(dir).favourites).toEqual(images);
    });

    it('an update resolves only once its value is on disk, and is not read back before', async () => {
      const dir = settingsDir();
      const writer = heldWriter();
      const store = openWith(dir, writer.writeFile);
      let resolved = false;
      const save = store.update('favourites', () => ({ value: ['nginx'], result: undefined })).then(() => (resolved = true));
      await settle();
      expect(resolved).toBe(false);
      expect(store.get('favourites')).toEqual([]);
      writer.releaseFirst();
      await save;
      expect(onDisk(dir).favourites).toEqual(['nginx']);
      expect(store.get('favourites')).toEqual(['nginx']);
    });

    it('a write that fails rejects the updates it carried, keeps the value before them, and the next update still lands', async () => {
      const dir = settingsDir();
      let failNext = true;
      const store = openWith(dir, async (file, text) => {
        if (failNext) {
          failNext = false;
          throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
        }
        await writeSettingsFile(file, text);
      });
      await expect(store.update('favourites', () => ({ value: ['lost'], result: undefined }))).rejects.toThrow('ENOSPC');
      expect(store.get('favourites')).toEqual([]);
      await store.update('favourites', (current) => ({ value: [...current, 'kept'], result: undefined }));
      expect(onDisk(dir).favourites).toEqual(['kept']);
    });

    it('keeps what the file holds beyond the settings Stevedore knows (a newer version wrote it)', async () => {
      const dir = settingsDir();
      writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ favourites: [], fromANewerVersion: { keep: true } }));
      const store = openSettings(dir);
      await store.update('favourites', () => ({ value: ['nginx'], result: undefined }));
      expect(JSON.parse(readFileSync(path.join(dir, 'settings.json'), 'utf8'))).toMatchObject({ favourites: ['nginx'], fromANewerVersion: { keep: true } });
    });
  });
});
