import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PreferencesSchema } from '../../../main/core/settings/document';
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
});
