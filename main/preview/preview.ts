/**
 * Assembles a whole preview: the core services, the router, and the loopback server. `npm run preview` and
 * the end-to-end tests both start Stevedore through this one function, so the tests drive what users run.
 */
import os from 'node:os';
import path from 'node:path';
import Conf from 'conf';
import type { AppInfo } from '../../preload/api';
import type { ServerMessage } from '../../preload/transports/websocket-protocol';
import { createCore, type CoreHost, type StevedoreCore } from '../core/app';
import { EngineConnection, type EngineConnectionOptions } from '../core/engine/connection';
import { createEventPublisher } from '../core/ipc/events';
import { createRouter } from '../core/ipc/router';
import { describeSecretStorage, MemoryCipher } from '../core/secrets/cipher';
import { settingsFileOptions } from '../core/settings/document';
import { SettingsStore } from '../core/settings/store';
import { startPreviewServer, type PreviewServer } from './server';

export interface PreviewOptions {
  rendererDir: string;
  previewBridgeFile: string;
  port?: number;
  version: string;
  /** Where preview keeps its non-secret settings. Secrets never leave memory. */
  dataDir: string;
  engine?: EngineConnectionOptions;
  /**
   * Stand-ins for main's native dialogs, for the end-to-end harness only (tests/e2e/harness.ts): an option of this
   * in-process call, so nothing the page sends and no command-line flag or variable of `npm run preview` can set it.
   * Without it preview has no native dialogs (see below).
   */
  mainDialogs?: Pick<CoreHost, 'confirmEngine' | 'chooseTlsFolder'>;
  onOutgoing?: (message: ServerMessage) => void;
  onUnexpectedError?: (call: string, error: unknown) => void;
}

export interface RunningPreview {
  url: string;
  server: PreviewServer;
  core: StevedoreCore;
  close(): Promise<void>;
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const server = await startPreviewServer({
    rendererDir: options.rendererDir,
    previewBridgeFile: options.previewBridgeFile,
    port: options.port,
    onOutgoing: options.onOutgoing,
  });
  const publisher = createEventPublisher(server.sinks);
  const settings = new SettingsStore({
    filePath: path.join(options.dataDir, `${settingsFileOptions.configName}.json`),
    open: () => new Conf<Record<string, unknown>>({ cwd: options.dataDir, projectName: 'stevedore-preview', ...settingsFileOptions }),
  });
  const core = createCore({
    appInfo: () => previewAppInfo(options.version),
    publisher,
    settings,
    cipher: new MemoryCipher(),
    dataDir: options.dataDir,
    // Preview has no native dialogs: without the e2e harness's main-side stand-ins only Automatic and the default
    // Docker config can be chosen here, and Settings says to start preview with DOCKER_HOST / DOCKER_CONFIG instead.
    ...options.mainDialogs,
    engine: new EngineConnection({ endpointSetting: () => settings.get('preferences').engineEndpoint, ...options.engine }),
  });
  const router = createRouter({
    transport: server.transport,
    isTrustedSender: server.isTrustedSender,
    senderId: server.senderId,
    handlers: core.handlers,
    onUnexpectedError: options.onUnexpectedError,
  });
  server.onSenderGone((sender) => core.senderGone(sender));
  await core.start();
  return {
    url: server.url,
    server,
    core,
    async close() {
      router.dispose();
      core.stop();
      await server.close();
    },
  };
}

function previewAppInfo(version: string): AppInfo {
  return {
    name: 'Stevedore',
    version,
    runtime: 'preview',
    platform: process.platform,
    arch: os.arch(),
    versions: { node: process.versions.node },
    secretStorage: { kind: 'memory', description: describeSecretStorage({ kind: 'memory' }) },
  };
}
