/**
 * A pull that succeeds while the settings file cannot be written (here its folder has become a file; in an
 * integration test the folder was removed mid-write): recording it among the recent images fails, and that failure must not be
 * left as an unhandled rejection in main, which ends Electron's main process (and fails vitest's run: the
 * integration test tests/integration/tray-quick-pull.test.ts did so once settings writes became asynchronous).
 */
import { rmSync, writeFileSync } from 'node:fs';
import type Docker from 'dockerode';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settingsDir } from '../support/settings';
import { useCoreOnEngineStandIn } from './core-on-engine-stand-in';
import { EngineDouble, succeed } from './pull/engine-double';

const coreOnEngine = useCoreOnEngineStandIn();

const unhandled: unknown[] = [];
const noteUnhandled = (reason: unknown): void => void unhandled.push(reason);

afterEach(() => {
  process.off('unhandledRejection', noteUnhandled);
  unhandled.length = 0;
});

describe('a pull whose recents entry cannot be written', () => {
  it('ends done and leaves no rejection unhandled', async () => {
    process.on('unhandledRejection', noteUnhandled);
    const engine = new EngineDouble();
    const docker = Object.assign(Object.create(engine.client) as Docker, { listImages: async () => [], listContainers: async () => [] });
    const folder = settingsDir();
    const { core } = coreOnEngine(docker, { settingsDir: folder });

    const pull = core.pulls.start({ image: '127.0.0.1:5001/team/app:1' });
    while (engine.pulls.length < 1) await vi.advanceTimersByTimeAsync(1);
    // The folder replaced by a file: no write can make it a folder again.
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(folder, '');
    succeed(engine.pulls[0]!);
    expect((await core.pulls.waitFor(pull.id)).state).toBe('done');
    // The recents write was queued when the pull ended; the store writes in order, so a write queued now fails after
    // it, however long the disk takes (a fixed 200 ms sleep could end first on a loaded machine, and the test pass
    // without having checked). Node reports an unhandled rejection once the microtasks after it drain: a turn later.
    await expect(core.library.setFavourite('127.0.0.1:5001/team/app:1', true), 'a later settings write fails too').rejects.toThrow();
    vi.useRealTimers();
    await new Promise((resolve) => setImmediate(resolve));

    expect(unhandled, 'rejections left unhandled in main').toEqual([]);
  });
});
