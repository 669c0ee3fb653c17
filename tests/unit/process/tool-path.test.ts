import { describe, expect, it } from 'vitest';
import { macosToolFolders, withToolFolders } from '../../../main/core/process/tool-path';

const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const home = '/Users/ada';

describe('withToolFolders', () => {
  it('appends the Docker Desktop, Homebrew, Rancher Desktop and Podman folders that exist, after the launchd PATH', () => {
    const existing = new Set(['/opt/homebrew/bin', '/usr/local/bin', `${home}/.docker/bin`, '/Applications/Docker.app/Contents/Resources/bin', `${home}/.rd/bin`, '/opt/podman/bin']);
    const result = withToolFolders({ platform: 'darwin', currentPath: LAUNCHD_PATH, homedir: home, isDirectory: (folder) => existing.has(folder) });
    expect(result).toBe(
      `${LAUNCHD_PATH}:/opt/homebrew/bin:/usr/local/bin:${home}/.docker/bin:/Applications/Docker.app/Contents/Resources/bin:${home}/.rd/bin:/opt/podman/bin`,
    );
  });

  it('adds only folders that exist', () => {
    const result = withToolFolders({ platform: 'darwin', currentPath: LAUNCHD_PATH, homedir: home, isDirectory: (folder) => folder === `${home}/.rd/bin` });
    expect(result).toBe(`${LAUNCHD_PATH}:${home}/.rd/bin`);
  });

  it('keeps the existing order and adds nothing twice, even written with a trailing slash', () => {
    const current = '/opt/homebrew/bin/:/usr/bin:/usr/local/bin:/bin';
    const result = withToolFolders({ platform: 'darwin', currentPath: current, homedir: home, isDirectory: () => true });
    expect(result?.split(':')).toEqual([
      '/opt/homebrew/bin/',
      '/usr/bin',
      '/usr/local/bin',
      '/bin',
      `${home}/.docker/bin`,
      '/Applications/Docker.app/Contents/Resources/bin',
      `${home}/.rd/bin`,
      '/opt/podman/bin',
    ]);
  });

  it('builds a PATH when the process has none, dropping empty entries (which would mean the current folder)', () => {
    expect(withToolFolders({ platform: 'darwin', currentPath: undefined, homedir: home, isDirectory: (f) => f === '/usr/local/bin' })).toBe('/usr/local/bin');
    expect(withToolFolders({ platform: 'darwin', currentPath: '::/usr/bin:', homedir: home, isDirectory: () => false })).toBe('/usr/bin');
  });

  it('leaves PATH alone on Linux and Windows, whose desktop sessions start apps with the user PATH', () => {
    for (const platform of ['linux', 'win32'] as const) {
      expect(withToolFolders({ platform, currentPath: '/usr/bin:/bin', homedir: home, isDirectory: () => true })).toBe('/usr/bin:/bin');
    }
  });

  it('names the folders under the user home', () => {
    expect(macosToolFolders('/Users/bo')).toContain('/Users/bo/.docker/bin');
    expect(macosToolFolders('/Users/bo')).toContain('/Users/bo/.rd/bin');
  });
});
