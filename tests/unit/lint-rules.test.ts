import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

const LAYER_RULES = new Set(['no-restricted-imports', 'stevedore/layers']);

/** The messages of the import rules (electron bans and the layers rule) for `code` linted as if it were `filePath`. */
async function importErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId !== null && LAYER_RULES.has(message.ruleId)).map((message) => message.message);
}

const use = (binding: string, from: string) => `import { ${binding} } from '${from}';\nexport const x = ${binding};\n`;

// The first lint loads the TypeScript parser and the whole config, which takes seconds on a busy machine.
describe('architecture lint rules', { timeout: 60_000 }, () => {
  it('forbid importing electron anywhere under main/core/', async () => {
    expect(await importErrors("import { app } from 'electron';\nexport const a = app;\n", 'main/core/deep/thing.ts')).toHaveLength(1);
    expect(await importErrors("import Store from 'electron-store';\nexport const s = Store;\n", 'main/core/settings.ts')).toHaveLength(1);
  });

  it('allow electron in the shell around the core', async () => {
    expect(await importErrors("import { app } from 'electron';\nexport const a = app;\n", 'main/window.ts')).toEqual([]);
  });

  it('keep main-process code out of the renderer, and electron too', async () => {
    expect(await importErrors(use('parseImageReference', '../main/core/credentials/reference'), 'renderer/App.tsx')).toHaveLength(1);
    expect(await importErrors(use('createWindow', '../../main/window'), 'renderer/pull/PullForm.tsx')).toHaveLength(1);
    expect(await importErrors("import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", 'renderer/App.tsx')).toHaveLength(1);
  });

  it('let the renderer use the contract and shared/, and nothing else of preload', async () => {
    expect(await importErrors(use('MAX_SECRET_LENGTH', '../../preload/api'), 'renderer/pull/PullForm.tsx')).toEqual([]);
    expect(await importErrors(use('formatBytes', '../shared/format-bytes'), 'renderer/format.ts')).toEqual([]);
    expect(await importErrors(use('createBridge', '../../preload/bridge'), 'renderer/bridge/bridge.ts')).toHaveLength(1);
  });

  it('keep the core out of the shell, the preview and the renderer', async () => {
    expect(await importErrors(use('createWindow', '../window'), 'main/core/app.ts')).toHaveLength(1);
    expect(await importErrors(use('startPreview', '../preview/server'), 'main/core/app.ts')).toHaveLength(1);
    expect(await importErrors(use('App', '../../../renderer/App'), 'main/core/stacks/service.ts')).toHaveLength(1);
    expect(await importErrors(use('calls', '../../../preload/api'), 'main/core/stacks/service.ts')).toEqual([]);
    expect(await importErrors(use('formatBytes', '../../../shared/format-bytes'), 'main/core/tray/notifications.ts')).toEqual([]);
  });

  it('keep preload free of main', async () => {
    expect(await importErrors(use('createCore', '../main/core/app'), 'preload/index.ts')).toHaveLength(1);
  });

  it('keep shared/ plain: nothing from main, the renderer, or any package', async () => {
    expect(await importErrors(use('calls', '../preload/api'), 'shared/thing.ts')).toHaveLength(1);
    expect(await importErrors(use('z', 'zod'), 'shared/thing.ts')).toHaveLength(1);
    expect(await importErrors(use('formatBytes', './format-bytes'), 'shared/thing.ts')).toEqual([]);
  });

  it('keep the shell out of the renderer', async () => {
    expect(await importErrors(use('App', '../renderer/App'), 'main/window.ts')).toHaveLength(1);
  });
});
