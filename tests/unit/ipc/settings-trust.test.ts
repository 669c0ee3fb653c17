/**
 * Issue 10 item 1: the renderer alone — through the real bridge, router and core, over the in-process transport —
 * cannot choose where main connects or which Docker config file main reads. Only the user, answering main's own
 * dialogs (doubles here), can.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CallName, CallRequest, StevedoreBridge } from '../../../preload/api';
import { createBridge } from '../../../preload/bridge';
import { createCore, type StevedoreCore } from '../../../main/core/app';
import { EngineConnection } from '../../../main/core/engine/connection';
import { createEventPublisher } from '../../../main/core/ipc/events';
import { createRouter } from '../../../main/core/ipc/router';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import type { ChooseDockerConfigFile, ConfirmEngine } from '../../../main/core/settings/choices';
import { createMemoryMain } from '../../support/memory-transport';
import { openSettings } from '../../support/settings';
import { testAppInfo as appInfo } from '../../support/app-info';

const cores: StevedoreCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.stop();
});

function start(dialogs: { confirmEngine: ConfirmEngine; chooseDockerConfigFile: ChooseDockerConfigFile }) {
  const main = createMemoryMain();
  const window = { id: 'app-window' };
  const connected = main.connect(window);
  const settings = openSettings();
  // Where the engine connection would go: recorded, never dialled (it is not started).
  const engine = new EngineConnection({ endpointSetting: () => settings.get('preferences').engineEndpoint, findEndpoint: () => ({ url: 'unix:///nonexistent/stevedore-test.sock', source: 'default', tls: false }) });
  const core = createCore({
    appInfo: () => appInfo,
    publisher: createEventPublisher(() => [connected.sink]),
    settings,
    cipher: new MemoryCipher(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-trust-')),
    engine,
    env: {},
    ...dialogs,
  });
  cores.push(core);
  createRouter({ transport: main.transport, isTrustedSender: (sender) => sender === window, handlers: core.handlers });
  return { bridge: createBridge(connected.renderer), settings };
}

async function call<N extends CallName>(bridge: StevedoreBridge, name: N, request: CallRequest<N>) {
  return bridge.invoke(name, request);
}

describe('the renderer alone', () => {
  it('cannot set the engine address or the Docker config path through settings.update, and nothing changes', async () => {
    const confirmEngine = vi.fn<ConfirmEngine>(async () => false);
    const chooseDockerConfigFile = vi.fn<ChooseDockerConfigFile>(async () => undefined);
    const { bridge, settings } = start({ confirmEngine, chooseDockerConfigFile });
    const before = settings.get('preferences');
    for (const payload of [
      { engineEndpoint: 'tcp://192.0.2.1:2375' },
      { dockerConfigPath: '/dev/zero' },
      { maxConcurrentPulls: 4, engineEndpoint: 'tcp://192.0.2.1:2375' },
      { closeToTray: false, dockerConfigPath: '/tmp/elsewhere/config.json' },
    ]) {
      const answer = await call(bridge, 'settings.update', payload as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(settings.get('preferences')).toEqual(before);
    expect(await call(bridge, 'settings.get', undefined)).toMatchObject({ ok: true, value: { engineEndpoint: undefined, dockerConfigPath: undefined } });
    expect(confirmEngine).not.toHaveBeenCalled();
  });

  it('cannot pick an engine main did not offer, nor one the user declines in main\'s dialog', async () => {
    const confirmEngine = vi.fn<ConfirmEngine>(async () => false);
    const { bridge, settings } = start({ confirmEngine, chooseDockerConfigFile: async () => undefined });
    expect(await call(bridge, 'engine.choose', { id: 'tcp://192.0.2.1:2375' })).toMatchObject({ ok: false, error: { code: 'ENGINE_CHOICE_UNKNOWN' } });
    expect(await call(bridge, 'engine.choose', { id: 'platform-default' })).toMatchObject({ ok: true, value: { changed: false } });
    expect(await call(bridge, 'engine.chooseCustom', { address: 'tcp://192.0.2.1:2375' })).toMatchObject({ ok: true, value: { changed: false } });
    expect(confirmEngine.mock.calls.map(([question]) => question.message)).toEqual([
      expect.stringMatching(/^Connect Stevedore to unix:\/\/.+\?$/),
      'Connect Stevedore to tcp://192.0.2.1:2375?',
    ]);
    expect(settings.get('preferences').engineEndpoint).toBeUndefined();
  });

  it('cannot name the Docker config file: main asks its own dialog, and a cancelled dialog changes nothing', async () => {
    const chooseDockerConfigFile = vi.fn<ChooseDockerConfigFile>(async () => undefined);
    const { bridge, settings } = start({ confirmEngine: async () => false, chooseDockerConfigFile });
    expect(await call(bridge, 'settings.chooseDockerConfig', { path: '/dev/zero' } as never)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(chooseDockerConfigFile).not.toHaveBeenCalled();
    expect(await call(bridge, 'settings.chooseDockerConfig', undefined)).toMatchObject({ ok: true, value: { changed: false } });
    expect(chooseDockerConfigFile).toHaveBeenCalledOnce();
    expect(settings.get('preferences').dockerConfigPath).toBeUndefined();
  });

  it('gets the change only when the user confirms in main\'s dialog', async () => {
    const { bridge, settings } = start({ confirmEngine: async () => true, chooseDockerConfigFile: async () => undefined });
    expect(await call(bridge, 'engine.chooseCustom', { address: 'ssh://me@build-box' })).toMatchObject({ ok: true, value: { changed: true, settings: { engineEndpoint: 'ssh://me@build-box' } } });
    expect(settings.get('preferences').engineEndpoint).toBe('ssh://me@build-box');
    expect(await call(bridge, 'engine.choose', { id: 'automatic' })).toMatchObject({ ok: true, value: { changed: true } });
    expect(settings.get('preferences').engineEndpoint).toBeUndefined();
  });
});
