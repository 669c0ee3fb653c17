import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, '../..') });

async function restrictedImportErrors(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('architecture lint rules', () => {
  it('forbid importing electron anywhere under main/core/', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const a = app;\n", 'main/core/deep/thing.ts')).toHaveLength(1);
    expect(await restrictedImportErrors("import Store from 'electron-store';\nexport const s = Store;\n", 'main/core/settings.ts')).toHaveLength(1);
  });

  it('allow electron in the shell around the core', async () => {
    expect(await restrictedImportErrors("import { app } from 'electron';\nexport const a = app;\n", 'main/window.ts')).toEqual([]);
  });

  it('keep main-process code out of the renderer', async () => {
    const errors = await restrictedImportErrors("import { parseImageReference } from '../main/core/reference';\nexport const p = parseImageReference;\n", 'renderer/App.tsx');
    expect(errors).toHaveLength(1);
  });
});
