/** Opens the real settings store on conf — the library electron-store is built on — in a folder of the test's. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { settingsFileOptions } from '../../main/core/settings/document';
import { SettingsStore } from '../../main/core/settings/store';

export function settingsDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'stevedore-settings-'));
}

export function openSettings(dir = settingsDir(), clock?: () => Date): SettingsStore {
  return new SettingsStore({
    filePath: path.join(dir, `${settingsFileOptions.configName}.json`),
    open: () => new Conf<Record<string, unknown>>({ cwd: dir, ...settingsFileOptions, projectName: 'stevedore-test' }),
    clock,
  });
}
