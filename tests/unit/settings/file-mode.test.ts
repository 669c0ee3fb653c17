/** Issue 10 item 6: the settings file holds ciphertexts, so only its owner may read it. */
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSettings, settingsDir } from '../../support/settings';

const modeOf = (file: string): number => statSync(file).mode & 0o777;

describe.runIf(process.platform !== 'win32')('the settings file mode', () => {
  it('is 0600 after the first write and after an update', async () => {
    const dir = settingsDir();
    const store = openSettings(dir);
    await store.update('registries', () => ({
      value: [{ id: 'a', name: 'A', address: 'ghcr.io', username: 'me', encryptedSecret: 'Y2lwaGVy', patterns: [], isDefault: false, allowWeakSecretStorage: false, createdAt: 'x', updatedAt: 'x' }],
      result: undefined,
    }));
    expect(modeOf(store.path)).toBe(0o600);
    await store.update('favourites', () => ({ value: ['nginx'], result: undefined }));
    expect(modeOf(store.path)).toBe(0o600);
  });

  it('becomes 0600 at the next write when an older Stevedore left it readable by others', async () => {
    const dir = settingsDir();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{}');
    chmodSync(file, 0o644);
    const store = openSettings(dir);
    await store.update('favourites', () => ({ value: ['nginx'], result: undefined }));
    expect(modeOf(file)).toBe(0o600);
  });

  it('keeps a file set aside (unreadable) for its owner only: it may hold ciphertexts', () => {
    const dir = settingsDir();
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, '{"registries": [ {"encryptedSecret": "Y2lwaGVy"');
    chmodSync(file, 0o644);
    openSettings(dir);
    const aside = readdirSync(dir).filter((name) => name.startsWith('settings.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(modeOf(path.join(dir, aside[0]!))).toBe(0o600);
  });
});
