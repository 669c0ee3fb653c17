/**
 * The renderer under test talks to the real thing: the real bridge (preload/bridge.ts) over the in-memory transport
 * (tests/support/memory-transport.ts) to the real router and the real core (main/core/app.ts), with the real settings
 * store and an in-memory cipher. Only the engine is replaced — an EngineConnection pointed at a socket that does not
 * exist and never started, so the app sees a disconnected engine — and main's native dialogs (absent, as in preview).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';
import type { AppInfo, StevedoreBridge } from '../../preload/api';
import { createBridge } from '../../preload/bridge';
import { createCore, type CoreHost, type StevedoreCore } from '../../main/core/app';
import { EngineConnection } from '../../main/core/engine/connection';
import { createEventPublisher } from '../../main/core/ipc/events';
import { createRouter, type Router } from '../../main/core/ipc/router';
import { MemoryCipher } from '../../main/core/secrets/cipher';
import { createMemoryMain } from '../support/memory-transport';
import { testAppInfo } from '../support/app-info';
import { openSettings } from '../support/settings';

export type SecretStorageKind = AppInfo['secretStorage']['kind'];

export interface RendererWorld {
  core: StevedoreCore;
  bridge: StevedoreBridge;
  /** Every call the renderer made, by name, in order. */
  calls: string[];
}

const running: Array<{ core: StevedoreCore; router: Router }> = [];

afterEach(() => {
  for (const { core, router } of running.splice(0)) {
    router.dispose();
    core.stop();
  }
  delete (window as { stevedore?: StevedoreBridge }).stevedore;
});

/** Main's dialogs a test plays the user's part in, and the environment (e.g. DOCKER_CONFIG pointing at a temp folder). */
export type HostOverrides = Partial<Pick<CoreHost, 'confirmEngine' | 'chooseDockerConfigFile' | 'chooseTlsFolder' | 'env'>>;

export function startWorld(options: { secretStorage?: SecretStorageKind; host?: HostOverrides } = {}): RendererWorld {
  const main = createMemoryMain();
  const windowSender = { id: 'app-window' };
  const connected = main.connect(windowSender);
  const settings = openSettings();
  const engine = new EngineConnection({
    endpointSetting: () => settings.get('preferences').engineEndpoint,
    findEndpoint: () => ({ url: 'unix:///nonexistent/stevedore-renderer-test.sock', source: 'default', tls: false }),
  });
  const appInfo: AppInfo = { ...testAppInfo, secretStorage: { kind: options.secretStorage ?? 'memory', description: 'in memory' } };
  const core = createCore({
    appInfo: () => appInfo,
    publisher: createEventPublisher(() => [connected.sink]),
    settings,
    cipher: new MemoryCipher(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-renderer-')),
    engine,
    env: {},
    ...options.host,
  });
  const router = createRouter({ transport: main.transport, isTrustedSender: (sender) => sender === windowSender, handlers: core.handlers });
  running.push({ core, router });
  const calls: string[] = [];
  const real = createBridge(connected.renderer);
  const bridge: StevedoreBridge = {
    invoke: (name, request) => {
      calls.push(name);
      return real.invoke(name, request);
    },
    on: (name, listener) => real.on(name, listener),
  };
  (window as { stevedore?: StevedoreBridge }).stevedore = bridge;
  return { core, bridge, calls };
}
