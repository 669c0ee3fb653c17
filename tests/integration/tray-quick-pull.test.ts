/**
 * A quick pull from the tray against the test bench: the real core (as a host assembles it), the real engine, the
 * real registry with authentication. The menu comes from TrayStateSource and the click is performTrayAction —
 * the same two the shell uses — so this is what happens when someone picks a favourite in the tray.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type StevedoreCore } from '../../main/core/app';
import { EngineConnection } from '../../main/core/engine/connection';
import { createEventPublisher } from '../../main/core/ipc/events';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { performTrayAction, type TrayActionContext } from '../../main/core/tray/actions';
import type { TrayMenuItem } from '../../main/core/tray/menu';
import { TrayStateSource, type TraySnapshot } from '../../main/core/tray/state';
import { loadBench, type Bench } from '../env/bench';
import { openSettings } from '../support/settings';

let bench: Bench;
let core: StevedoreCore;
let dataDir: string;

beforeAll(async () => {
  bench = loadBench();
  dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-tray-'));
  const settings = openSettings(dataDir);
  core = createCore({
    appInfo: () => ({ name: 'Stevedore', version: '0.0.0-test', runtime: 'preview', platform: process.platform, arch: process.arch, versions: { node: process.versions.node }, secretStorage: { kind: 'memory', description: 'Memory only.' } }),
    publisher: createEventPublisher(() => []),
    settings,
    cipher: new MemoryCipher(),
    dataDir,
    engine: new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) }),
    // No Docker config of the machine's: only the registry this test stores can supply credentials.
    env: { DOCKER_CONFIG: path.join(dataDir, 'no-docker-config') },
  });
  await core.start();
  expect(core.engine.status.state).toBe('connected');
});

afterAll(() => {
  core?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function findItem(menu: readonly TrayMenuItem[], label: string): TrayMenuItem | undefined {
  for (const item of menu) {
    if (item.label === label) return item;
    const inside = item.submenu ? findItem(item.submenu, label) : undefined;
    if (inside) return inside;
  }
  return undefined;
}

describe('a quick pull from the tray', () => {
  it('pulls a favourite with the stored registry whose pattern matches it', async () => {
    const image = bench.images.small.plain;
    const docker = core.engine.docker();
    await docker
      .getImage(image)
      .remove({ force: true })
      .catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error;
      });

    const plain = bench.registries.plain;
    await core.registries.add({ name: 'Bench plain', address: plain.address, username: plain.username, secret: plain.password, patterns: ['stevedore/*'], isDefault: false });
    await core.library.setFavourite(image, true);

    const tray = new TrayStateSource({ pulls: core.pulls, library: core.library, engine: core.engine });
    const snapshots: TraySnapshot[] = [];
    tray.onChange((snapshot) => snapshots.push(snapshot));
    await tray.start();

    const item = findItem(tray.snapshot.menu, image);
    expect(item).toMatchObject({ label: image, enabled: true, action: { kind: 'pull', image } });
    const context: TrayActionContext = { pulls: core.pulls, showWindow: () => undefined, quit: () => undefined };
    const outcome = await performTrayAction(item!.action!, context);
    if (outcome.kind !== 'pull-started') throw new Error(`the tray did not start a pull: ${JSON.stringify(outcome)}`);

    const final = await core.pulls.waitFor(outcome.pull.id);
    expect(final.error).toBeUndefined();
    expect(final).toMatchObject({ state: 'done', familiar: image, credential: { source: 'registry' } });
    expect(final.credential.summary).toContain('Bench plain');

    const inspected = await docker.getImage(image).inspect();
    expect(inspected.Id).toBe(final.imageId);
    expect(inspected.RepoTags).toContain(image);

    // The tray followed it: the pull showed while it ran, and is gone now it is done.
    expect(snapshots.some((snapshot) => snapshot.state.pulls.some((pull) => pull.id === outcome.pull.id))).toBe(true);
    expect(tray.snapshot.state.pulls).toEqual([]);
    expect(tray.snapshot.tooltip).toBe('Stevedore');
    tray.stop();
  });
});
