/**
 * Stevedore's core assembled the way a host assembles it (`createCore`, as the Electron shell and the preview
 * do), pointed at the bench's engine, with an event sink that stands in for the renderer and counts what it
 * would receive. Secrets stay in memory (MemoryCipher), settings go to a throwaway folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import { createCore, type StevedoreCore } from '../../main/core/app';
import { EngineConnection } from '../../main/core/engine/connection';
import { createEventPublisher, type EventSink } from '../../main/core/ipc/events';
import { describeSecretStorage, MemoryCipher } from '../../main/core/secrets/cipher';
import { settingsFileOptions } from '../../main/core/settings/document';
import { SettingsStore } from '../../main/core/settings/store';
import type { StackService } from '../../main/core/stacks/service';
import type { Bench } from '../../tests/env/bench';

export interface SentToRenderer {
  /** Messages per event channel since the last reset. */
  readonly counts: Map<string, number>;
  bytes: number;
  reset(): void;
}

export interface BenchApp {
  core: StevedoreCore;
  stacks: StackService;
  sent: SentToRenderer;
  /** What the next "Open file…" dialog answers. */
  setComposeSource(file: string): void;
  close(): Promise<void>;
}

export async function startBenchApp(bench: Bench): Promise<BenchApp> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'stevedore-bench-app-'));
  const sent: SentToRenderer = {
    counts: new Map(),
    bytes: 0,
    reset() {
      this.counts.clear();
      this.bytes = 0;
    },
  };
  // The preview transport serialises every event to JSON; doing the same here counts that cost too.
  const renderer: EventSink = {
    send(channel, payload) {
      sent.bytes += JSON.stringify(payload).length;
      sent.counts.set(channel, (sent.counts.get(channel) ?? 0) + 1);
    },
  };
  const settings = new SettingsStore({
    filePath: path.join(dataDir, `${settingsFileOptions.configName}.json`),
    open: () => new Conf<Record<string, unknown>>({ cwd: dataDir, projectName: 'stevedore-bench', ...settingsFileOptions }),
  });
  let composeSource: string | undefined;
  const chooseComposeSource = async () => composeSource;
  const engine = new EngineConnection({ findEndpoint: () => ({ url: bench.dockerHost, source: 'DOCKER_HOST', tls: false }) });
  const core = createCore({
    // A host without Electron that keeps secrets in memory, as preview is: the core asks (stacks record the
    // engine they were deployed to by its runtime's choices).
    appInfo: () => ({
      name: 'Stevedore (benchmark)',
      version: '0.0.0-bench',
      runtime: 'preview',
      platform: process.platform,
      arch: process.arch,
      versions: { node: process.versions.node },
      secretStorage: { kind: 'memory', description: describeSecretStorage({ kind: 'memory' }) },
    }),
    publisher: createEventPublisher(() => [renderer]),
    settings,
    cipher: new MemoryCipher(),
    dataDir,
    chooseComposeSource,
    engine,
    // The bench's Docker config holds the Compose v2 plugin and no credentials: images no stored registry
    // matches are pulled anonymously, as on a machine that never ran `docker login`.
    env: { ...process.env, DOCKER_CONFIG: bench.dockerConfigDir, DOCKER_HOST: bench.dockerHost },
  });
  await core.start();
  if (engine.status.state !== 'connected') throw new Error(`Stevedore could not connect to the bench engine: ${JSON.stringify(engine.status)}`);

  return {
    core,
    stacks: core.stacks,
    sent,
    setComposeSource(file) {
      composeSource = file;
    },
    async close() {
      core.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
