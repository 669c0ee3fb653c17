import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findProgram, searchPath } from '../../../main/core/process/which';

describe('findProgram', () => {
  it('finds the first executable on PATH, in PATH order', () => {
    const files = new Set(['/usr/local/bin/docker', '/usr/bin/docker']);
    const found = findProgram('docker', { platform: 'linux', env: { PATH: '/opt/none:/usr/local/bin:/usr/bin' }, isExecutable: (f) => files.has(f) });
    expect(found).toBe('/usr/local/bin/docker');
  });

  it('never looks in the current folder: empty and relative PATH entries are skipped', () => {
    const asked: string[] = [];
    const found = findProgram('docker', {
      platform: 'linux',
      env: { PATH: ':.:bin:/usr/bin' },
      isExecutable: (f) => {
        asked.push(f);
        return !f.startsWith('/');
      },
    });
    expect(found).toBeUndefined();
    expect(asked).toEqual(['/usr/bin/docker']);
  });

  it('on Windows tries each PATHEXT extension and ignores a docker.exe planted in the current folder', () => {
    const files = new Set(['C:\\project\\docker.exe', 'C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe']);
    const found = findProgram('docker', {
      platform: 'win32',
      env: { Path: '.;"C:\\Program Files\\Docker\\Docker\\resources\\bin";C:\\Windows', PATHEXT: '.COM;.EXE;.BAT' },
      isExecutable: (f) => files.has(f),
    });
    expect(found).toBe('C:\\Program Files\\Docker\\Docker\\resources\\bin\\docker.exe');
  });

  it('on Windows keeps a name that already has a known extension', () => {
    const found = findProgram('docker-credential-wincred.exe', {
      platform: 'win32',
      env: { PATH: 'C:\\tools' },
      isExecutable: (f) => f === 'C:\\tools\\docker-credential-wincred.exe',
    });
    expect(found).toBe('C:\\tools\\docker-credential-wincred.exe');
  });

  it('does not search PATH for a name with a folder in it', () => {
    expect(findProgram('../docker', { platform: 'linux', env: { PATH: '/usr/bin' }, isExecutable: () => true })).toBeUndefined();
    expect(findProgram('sub\\docker', { platform: 'win32', env: { PATH: 'C:\\bin' }, isExecutable: () => true })).toBeUndefined();
  });

  it('searchPath lists each absolute folder once', () => {
    expect(searchPath('linux', { PATH: '/a::/b:/a:rel' })).toEqual(['/a', '/b']);
  });

  describe('on the real file system', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stevedore-which-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('accepts only executable files, not folders or plain files', () => {
      const notExecutable = path.join(dir, 'a');
      const folder = path.join(dir, 'b');
      const executable = path.join(dir, 'c');
      mkdirSync(notExecutable);
      mkdirSync(folder);
      mkdirSync(executable);
      writeFileSync(path.join(notExecutable, 'tool'), 'x', { mode: 0o644 });
      mkdirSync(path.join(folder, 'tool'));
      writeFileSync(path.join(executable, 'tool'), '#!/bin/sh\n', { mode: 0o755 });
      const env = { PATH: [notExecutable, folder, executable].join(':') };
      expect(findProgram('tool', { platform: 'linux', env })).toBe(path.join(executable, 'tool'));
    });
  });
});
