/** main/index.ts extends PATH before the app starts, on macOS only (main/core/process/tool-path.ts). */
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./electron-double'));

import { app, double } from './electron-double';

const LAUNCHD_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';
const originalPlatform = Object.getOwnPropertyDescriptor(process, 'platform');
const originalPath = process.env.PATH;

afterEach(() => {
  if (originalPlatform) Object.defineProperty(process, 'platform', originalPlatform);
  process.env.PATH = originalPath;
  app.emit('will-quit');
  double.removeTempFolders();
  vi.resetModules();
});

async function startEntry(platform: NodeJS.Platform): Promise<void> {
  process.env.DOCKER_HOST = 'unix:///nonexistent/stevedore-test.sock';
  process.env.XDG_CURRENT_DESKTOP = 'GNOME';
  double.reset();
  Object.defineProperty(process, 'platform', { ...originalPlatform, value: platform });
  process.env.PATH = LAUNCHD_PATH;
  vi.resetModules();
  await import('../../main/index');
}

describe('the main entry', () => {
  it('on macOS appends the tool folders that exist (here /usr/local/bin) to launchd PATH, keeping its order', async () => {
    await startEntry('darwin');
    const entries = process.env.PATH?.split(':') ?? [];
    expect(entries.slice(0, 4)).toEqual(LAUNCHD_PATH.split(':'));
    expect(entries).toContain('/usr/local/bin');
    expect(entries).not.toContain('/opt/podman/bin'); // not on this machine
    expect(new Set(entries).size).toBe(entries.length);
  }, 30_000);

  it('leaves PATH as it is on Linux', async () => {
    await startEntry('linux');
    expect(process.env.PATH).toBe(LAUNCHD_PATH);
  }, 30_000);
});
