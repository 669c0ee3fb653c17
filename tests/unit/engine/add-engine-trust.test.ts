/**
 * Issue 13 item 2: engines are added only through main's dialogs. Through the real bridge, router and core over the
 * in-process transport, the renderer can propose a name and an address — nothing else — and nothing is written or
 * switched unless main's own folder dialog and confirmation (doubles here) were answered.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StevedoreBridge } from '../../../preload/api';
import { createBridge } from '../../../preload/bridge';
import { createCore, type StevedoreCore } from '../../../main/core/app';
import type { ChooseTlsFolder } from '../../../main/core/engine/add';
import { listDockerContexts } from '../../../main/core/engine/contexts';
import { EngineConnection } from '../../../main/core/engine/connection';
import { createEventPublisher } from '../../../main/core/ipc/events';
import { createRouter } from '../../../main/core/ipc/router';
import { MemoryCipher } from '../../../main/core/secrets/cipher';
import type { ConfirmEngine } from '../../../main/core/settings/choices';
import { createMemoryMain } from '../../support/memory-transport';
import { openSettings } from '../../support/settings';
import { testAppInfo as appInfo } from '../../support/app-info';

const cores: StevedoreCore[] = [];
const previousConfig = process.env.DOCKER_CONFIG;
let configDir: string;
let tlsFolder: string;

beforeEach(() => {
  // Contexts are read and written where the docker CLI would find them: this test's own DOCKER_CONFIG.
  configDir = mkdtempSync(path.join(tmpdir(), 'stevedore-add-engine-'));
  process.env.DOCKER_CONFIG = configDir;
  tlsFolder = path.join(configDir, 'certs-the-user-picked');
  mkdirSync(tlsFolder);
  for (const file of ['ca', 'cert', 'key']) writeFileSync(path.join(tlsFolder, `${file}.pem`), `-----BEGIN ${file.toUpperCase()}-----\nMIIB\n-----END ${file.toUpperCase()}-----\n`);
});

afterEach(() => {
  for (const core of cores.splice(0)) core.stop();
  if (previousConfig === undefined) delete process.env.DOCKER_CONFIG;
  else process.env.DOCKER_CONFIG = previousConfig;
});

function start(dialogs: { confirmEngine: ConfirmEngine; chooseTlsFolder: ChooseTlsFolder }): { bridge: StevedoreBridge; settings: ReturnType<typeof openSettings> } {
  const main = createMemoryMain();
  const window = { id: 'app-window' };
  const connected = main.connect(window);
  const settings = openSettings();
  // Recorded, never dialled: the connection is not started.
  const engine = new EngineConnection({ endpointSetting: () => settings.get('preferences').engineEndpoint, findEndpoint: () => ({ url: 'unix:///nonexistent/stevedore-test.sock', source: 'default', tls: false }) });
  const core = createCore({
    appInfo: () => appInfo,
    publisher: createEventPublisher(() => [connected.sink]),
    settings,
    cipher: new MemoryCipher(),
    dataDir: mkdtempSync(path.join(tmpdir(), 'stevedore-trust-')),
    engine,
    env: {},
    chooseDockerConfigFile: async () => undefined,
    ...dialogs,
  });
  cores.push(core);
  createRouter({ transport: main.transport, isTrustedSender: (sender) => sender === window, handlers: core.handlers });
  return { bridge: createBridge(connected.renderer), settings };
}

const metaFile = (name: string) => path.join(configDir, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'), 'meta.json');

describe('adding an engine from the window', () => {
  it('cannot hand main TLS file paths or any other field: the request is refused and main shows no dialog', async () => {
    const confirmEngine = vi.fn<ConfirmEngine>(async () => true);
    const chooseTlsFolder = vi.fn<ChooseTlsFolder>(async () => tlsFolder);
    const { bridge, settings } = start({ confirmEngine, chooseTlsFolder });
    for (const extra of [{ ca: '/etc/shadow' }, { certDir: '/root/.docker' }, { engineEndpoint: 'tcp://192.0.2.1:2375' }]) {
      const answer = await bridge.invoke('engine.add', { name: 'build', address: 'tcp://192.0.2.1:2376', ...extra } as never);
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    }
    expect(chooseTlsFolder).not.toHaveBeenCalled();
    expect(confirmEngine).not.toHaveBeenCalled();
    expect(existsSync(metaFile('build'))).toBe(false);
    expect(settings.get('preferences').engineEndpoint).toBeUndefined();
  });

  it('writes nothing and switches nothing when the user cancels main\'s folder dialog or its confirmation', async () => {
    const chooseTlsFolder = vi.fn<ChooseTlsFolder>(async () => undefined);
    const confirmEngine = vi.fn<ConfirmEngine>(async () => false);
    const { bridge, settings } = start({ confirmEngine, chooseTlsFolder });
    expect(await bridge.invoke('engine.add', { name: 'build', address: 'tcp://192.0.2.1:2376' })).toMatchObject({ ok: true, value: { changed: false } });
    expect(confirmEngine).not.toHaveBeenCalled();
    chooseTlsFolder.mockResolvedValue(tlsFolder);
    expect(await bridge.invoke('engine.add', { name: 'build', address: 'tcp://192.0.2.1:2376' })).toMatchObject({ ok: true, value: { changed: false } });
    expect(confirmEngine.mock.calls.map(([question]) => question.message)).toEqual(['Add tcp://192.0.2.1:2376 as "build" and connect Stevedore to it?']);
    expect(existsSync(metaFile('build'))).toBe(false);
    expect(settings.get('preferences').engineEndpoint).toBeUndefined();
  });

  it('explains a bad proposal before any dialog', async () => {
    const confirmEngine = vi.fn<ConfirmEngine>(async () => true);
    const chooseTlsFolder = vi.fn<ChooseTlsFolder>(async () => tlsFolder);
    const { bridge } = start({ confirmEngine, chooseTlsFolder });
    expect(await bridge.invoke('engine.add', { name: 'build', address: 'unix:///var/run/docker.sock' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/over SSH or TCP with TLS/) as string } });
    expect(await bridge.invoke('engine.add', { name: 'default', address: 'ssh://me@box' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/docker CLI's own context name/) as string } });
    expect(chooseTlsFolder).not.toHaveBeenCalled();
    expect(confirmEngine).not.toHaveBeenCalled();
  });

  it('writes the docker context with the chosen folder\'s files and switches to it once the user confirmed', async () => {
    const { bridge, settings } = start({ confirmEngine: async () => true, chooseTlsFolder: async () => tlsFolder });
    expect(await bridge.invoke('engine.add', { name: 'build', address: 'tcp://192.0.2.1:2376' })).toMatchObject({ ok: true, value: { changed: true, settings: { engineEndpoint: 'tcp://192.0.2.1:2376' } } });
    expect(settings.get('preferences').engineEndpoint).toBe('tcp://192.0.2.1:2376');
    const [context] = listDockerContexts(configDir);
    expect(context).toMatchObject({ name: 'build', host: 'tcp://192.0.2.1:2376', description: 'Added in Stevedore' });
    expect(readFileSync(context!.tls!.key!, 'utf8')).toBe(readFileSync(path.join(tlsFolder, 'key.pem'), 'utf8'));
    const choices = await bridge.invoke('engine.choices', undefined);
    expect(choices).toMatchObject({ ok: true, value: { selected: 'context:build' } });
  });
});
