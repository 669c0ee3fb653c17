/**
 * The stamps of the files beside a compose file come from one listing of its folder: a file that is not there is not
 * stat'ed (each such stat rejects with an Error that captures a stack, and the stack list asks after four override
 * files and a `.env` per stack at every change of the engine's containers), and a folder that cannot be listed falls
 * back to a stat per name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof fsPromises>();
  return { ...actual, stat: vi.fn(actual.stat), readdir: vi.fn(actual.readdir) };
});

const { fileStamp, stampsIn } = await import('../../../main/core/stacks/file-stamp');
const actual = await vi.importActual<typeof fsPromises>('node:fs/promises');

const BESIDE = ['compose.yaml', '.env', 'compose.override.yml', 'compose.override.yaml', 'docker-compose.override.yml', 'docker-compose.override.yaml'];

function folderWith(files: Record<string, string>): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-stamps-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(folder, name), text);
  return folder;
}

const statted = () => vi.mocked(fsPromises.stat).mock.calls.map(([file]) => path.basename(String(file)));

afterEach(() => {
  vi.mocked(fsPromises.stat).mockClear();
  vi.mocked(fsPromises.readdir).mockReset();
  vi.mocked(fsPromises.readdir).mockImplementation(actual.readdir as never);
});

describe('stampsIn', () => {
  it('gives the stamps of the names present, in order, and stats only those', async () => {
    const folder = folderWith({ 'compose.yaml': 'services: {}\n', 'compose.override.yaml': 'name: shop\n' });
    const stamps = await stampsIn(folder, BESIDE);
    expect(stamps).toEqual([await fileStamp(path.join(folder, 'compose.yaml')), undefined, undefined, await fileStamp(path.join(folder, 'compose.override.yaml')), undefined, undefined]);
    vi.mocked(fsPromises.stat).mockClear();
    await stampsIn(folder, BESIDE);
    expect(statted().sort()).toEqual(['compose.override.yaml', 'compose.yaml']);
  });

  it('stats a name present under another case (a case-insensitive disk hands it to compose); the stat decides', async () => {
    const folder = folderWith({ 'compose.yaml': 'services: {}\n', 'Compose.Override.YML': 'name: shop\n' });
    const stamps = await stampsIn(folder, BESIDE);
    expect(statted()).toContain('compose.override.yml');
    // On this (case-sensitive) disk compose would not read it, and the stamp says it is not there.
    expect(stamps[2]).toBeUndefined();
  });

  it('falls back to a stat per name when the folder cannot be listed', async () => {
    const folder = folderWith({ 'compose.yaml': 'services: {}\n', '.env': 'A=1\n' });
    vi.mocked(fsPromises.readdir).mockRejectedValue(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }));
    const stamps = await stampsIn(folder, BESIDE);
    expect(stamps).toEqual([await fileStamp(path.join(folder, 'compose.yaml')), await fileStamp(path.join(folder, '.env')), undefined, undefined, undefined, undefined]);
  });
});
