/**
 * The settings file under stress, through the whole host assembly (`startPreview`: settings store, core, router,
 * preview server) and the real bridge: a file that cannot be read is kept aside and the user told, and the app
 * starts and works; saves that overlap never lose one another. No engine is needed: the app must start without one.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/app';
import { EngineConnection } from '../../../main/core/engine/connection';
import { createEventPublisher } from '../../../main/core/ipc/events';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import { settingsFileOptions } from '../../../main/core/settings/document';
import { SettingsStore } from '../../../main/core/settings/store';
import { startPreview, type RunningPreview } from '../../../main/preview/preview';
import type { RegistryInput } from '../../../preload/api';
import { call, connectToPreview, type PreviewClient } from './support/preview-client';

const SETTINGS_FILE = `${settingsFileOptions.configName}.json`;
/** Nothing listens here: the app has to start without an engine. */
const NO_ENGINE = { url: 'unix:///nonexistent/stevedore-reliability/docker.sock', source: 'setting' as const, tls: false };

const running: Array<{ preview: RunningPreview; client: PreviewClient }> = [];
const folders: string[] = [];

afterEach(async () => {
  for (const { preview, client } of running.splice(0)) {
    await client.close();
    await preview.close();
  }
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function dataFolder(): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'stevedore-reliability-settings-'));
  folders.push(folder);
  return folder;
}

async function startApp(dataDir: string): Promise<{ preview: RunningPreview; client: PreviewClient }> {
  const assets = path.join(dataDir, '..', `${path.basename(dataDir)}-renderer`);
  mkdirSync(assets, { recursive: true });
  folders.push(assets);
  const preview = await startPreview({
    rendererDir: assets,
    previewBridgeFile: path.join(assets, 'bridge.js'),
    version: '0.0.0-test',
    dataDir,
    engine: { findEndpoint: () => NO_ENGINE, retryDelays: [60_000] },
  });
  const client = await connectToPreview(preview.url);
  const started = { preview, client };
  running.push(started);
  return started;
}

async function stopApp(started: { preview: RunningPreview; client: PreviewClient }): Promise<void> {
  running.splice(running.indexOf(started), 1);
  await started.client.close();
  await started.preview.close();
}

function asideFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => name.startsWith(`${SETTINGS_FILE}.unreadable-`));
}

const registry = (name: string): RegistryInput => ({ name, address: `${name.toLowerCase()}.example.com`, patterns: [], isDefault: false });

describe('a settings file that cannot be read', () => {
  const broken: Array<[string, string]> = [
    ['truncated JSON (a crash mid-write by another program)', '{"registries":[{"id":"r1","name":"Work","address":"ghcr.io","patterns":[],"isDefault":false,'],
    ['JSON of the wrong shape', '{"registries":"all of them","preferences":{"maxConcurrentPulls":"many"}}'],
    ['binary garbage', '\u0000\u0001\u00ff\ufffdPK\u0003\u0004 not json at all'],
  ];

  it.each(broken)('%s: kept aside byte for byte, the user told through notices.list, the app starts and works', async (_kind, content) => {
    const dataDir = dataFolder();
    writeFileSync(path.join(dataDir, SETTINGS_FILE), content);

    const app = await startApp(dataDir);

    const notices = await call(app.client.bridge, 'notices.list', undefined);
    const [aside] = asideFiles(dataDir);
    expect(aside).toBeDefined();
    expect(readFileSync(path.join(dataDir, aside!), 'utf8')).toBe(content);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ level: 'error', title: 'Your settings file could not be read' });
    expect(notices[0]?.message).toContain(aside);

    // It started empty and works: reads, a save, and the save is on disk in a readable file.
    expect(await call(app.client.bridge, 'registries.list', undefined)).toEqual([]);
    expect((await call(app.client.bridge, 'app.info', undefined)).runtime).toBe('preview');
    expect((await call(app.client.bridge, 'engine.status', undefined)).state).not.toBe('connected');
    await call(app.client.bridge, 'registries.add', registry('Fresh'));
    const onDisk = JSON.parse(readFileSync(path.join(dataDir, SETTINGS_FILE), 'utf8')) as { registries: Array<{ name: string }> };
    expect(onDisk.registries.map((entry) => entry.name)).toEqual(['Fresh']);

    // The notice is the user's to dismiss; after that it stays gone for this session.
    await call(app.client.bridge, 'notices.dismiss', { id: notices[0]!.id });
    expect(await call(app.client.bridge, 'notices.list', undefined)).toEqual([]);
  });

  it('a second start after the repair neither sets anything aside again nor repeats the notice', async () => {
    const dataDir = dataFolder();
    writeFileSync(path.join(dataDir, SETTINGS_FILE), '{"registries": [');
    const first = await startApp(dataDir);
    await call(first.client.bridge, 'registries.add', registry('Kept'));
    await stopApp(first);

    const second = await startApp(dataDir);
    expect(await call(second.client.bridge, 'notices.list', undefined)).toEqual([]);
    expect(asideFiles(dataDir)).toHaveLength(1);
    expect((await call(second.client.bridge, 'registries.list', undefined)).map((entry) => entry.name)).toEqual(['Kept']);
  });

  // 300 core starts: about 3 s on a quiet 2-core machine, past vitest's 5 s default when the machine is busy. The
  // limit only ends a run that hangs; nothing here measures time.
  it('whatever bytes the file holds, the core starts and the original bytes survive somewhere (property)', { timeout: 120_000 }, async () => {
    // The core as every host builds it, without the server: 300 starts would otherwise mostly measure sockets.
    const content = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify({ registries: value })),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      // Readable ones too, so both outcomes are exercised.
      fc.constantFrom('{}', '{"registries":[]}', '{"favourites":["nginx"],"unknown":1}'),
    );
    const outcomes = { readAsItWas: 0, setAside: 0 };
    await fc.assert(
      fc.asyncProperty(content, async (text) => {
        const dataDir = dataFolder();
        const file = path.join(dataDir, SETTINGS_FILE);
        writeFileSync(file, text, 'latin1');
        const original = readFileSync(file);
        const settings = new SettingsStore({
          filePath: file,
          open: () => new Conf<Record<string, unknown>>({ cwd: dataDir, projectName: 'stevedore-test', ...settingsFileOptions }),
        });
        const core = createCore({
          appInfo: () => {
            throw new Error('not used');
          },
          publisher: createEventPublisher(() => []),
          settings,
          cipher: new MemoryCipher(),
          dataDir,
          engine: new EngineConnection({ findEndpoint: () => NO_ENGINE, retryDelays: [60_000] }),
        });
        try {
          const notices = await core.handlers['notices.list'](undefined);
          const aside = asideFiles(dataDir);
          if (aside.length === 0) {
            // Read as it was: untouched on disk, and nothing to tell.
            expect(readFileSync(file).equals(original)).toBe(true);
            expect(notices).toEqual([]);
            outcomes.readAsItWas += 1;
          } else {
            outcomes.setAside += 1;
            expect(aside).toHaveLength(1);
            expect(readFileSync(path.join(dataDir, aside[0]!)).equals(original)).toBe(true);
            expect(notices.map((notice) => notice.message).join('\n')).toContain(aside[0]);
          }
          await core.handlers['registries.add'](registry('Works'));
          expect(core.registries.list().map((entry) => entry.name)).toContain('Works');
        } finally {
          core.stop();
          rmSync(dataDir, { recursive: true, force: true });
        }
      }),
      { numRuns: 300 },
    );
    expect(outcomes.readAsItWas).toBeGreaterThan(0);
    expect(outcomes.setAside).toBeGreaterThan(0);
  });
});

describe('saves that overlap', () => {
  it('twenty registry saves and a preferences save sent at once all land, in memory and on disk', async () => {
    const dataDir = dataFolder();
    const app = await startApp(dataDir);
    const names = Array.from({ length: 20 }, (_, index) => `Team${index}`);
    await Promise.all([
      ...names.map((name) => call(app.client.bridge, 'registries.add', registry(name))),
      call(app.client.bridge, 'settings.update', { maxConcurrentPulls: 7 }),
      call(app.client.bridge, 'library.setFavourite', { image: 'nginx:1.27', favourite: true }),
    ]);
    const listed = (await call(app.client.bridge, 'registries.list', undefined)).map((entry) => entry.name);
    expect([...listed].sort()).toEqual([...names].sort());
    await stopApp(app);

    // What the next start reads: the file itself.
    const reopened = new SettingsStore({
      filePath: path.join(dataDir, SETTINGS_FILE),
      open: () => new Conf<Record<string, unknown>>({ cwd: dataDir, projectName: 'stevedore-test', ...settingsFileOptions }),
    });
    expect(reopened.notices).toEqual([]);
    expect(reopened.get('registries').map((entry) => entry.name).sort()).toEqual([...names].sort());
    expect(reopened.get('preferences').maxConcurrentPulls).toBe(7);
    expect(reopened.get('favourites')).toContain('nginx:1.27');
  });

  it('an update and a removal of the same registry sent at once end in one of the two orders, never a mix', async () => {
    const dataDir = dataFolder();
    const app = await startApp(dataDir);
    for (let round = 0; round < 10; round += 1) {
      const added = await call(app.client.bridge, 'registries.add', registry(`Race${round}`));
      const [updated, removed] = await Promise.allSettled([
        call(app.client.bridge, 'registries.update', { id: added.id, name: `Renamed${round}`, address: added.address, patterns: ['team/*'], isDefault: false }),
        call(app.client.bridge, 'registries.remove', { id: added.id }),
      ]);
      const listed = await call(app.client.bridge, 'registries.list', undefined);
      const survivor = listed.find((entry) => entry.id === added.id);
      expect(removed).toMatchObject({ status: 'fulfilled', value: { removed: true } });
      // Either the rename ran first and the removal removed it, or the removal won and the rename found nothing.
      expect(survivor).toBeUndefined();
      if (updated.status === 'rejected') expect(String(updated.reason)).toMatch(/REGISTRY_NOT_FOUND|not found/i);
    }
    expect(existsSync(path.join(dataDir, SETTINGS_FILE))).toBe(true);
  });
});
