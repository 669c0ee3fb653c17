/**
 * The composition of Stevedore's core services and the handler for every call in the contract.
 *
 * Hosts (the Electron shell, `npm run preview`, the tests) supply what differs between them — how secrets are
 * encrypted, where settings live — and get back one set of handlers to plug into a router. This is the only
 * place that knows every service.
 */
import type { AppInfo, Notice, Settings } from '../../preload/api';
import type { ProcessRunner } from './docker-config';
import { EngineConnection } from './engine/connection';
import type { EventPublisher } from './ipc/events';
import type { CallHandlers } from './ipc/router';
import { CredentialResolver } from './registries/credentials';
import { importFromDocker, listImportable } from './registries/import';
import { previewPatterns } from './registries/pattern-preview';
import { RegistryService } from './registries/service';
import type { SecretCipher } from './secrets/cipher';
import type { Preferences } from './settings/document';
import type { SettingsStore } from './settings/store';

export interface CoreHost {
  /** Facts only the host knows: runtime, versions, where secrets are kept. */
  appInfo: () => AppInfo;
  publisher: EventPublisher;
  settings: SettingsStore;
  cipher: SecretCipher;
  engine?: EngineConnection;
  /** Environment for Docker config lookups and helpers (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  runHelper?: ProcessRunner;
  clock?: () => Date;
}

export interface StevedoreCore {
  engine: EngineConnection;
  registries: RegistryService;
  credentials: CredentialResolver;
  handlers: CallHandlers;
  start(): Promise<void>;
  stop(): void;
}

export function createCore(host: CoreHost): StevedoreCore {
  const { settings, publisher } = host;
  const preferences = (): Preferences => settings.get('preferences');
  const engine = host.engine ?? new EngineConnection({ endpointSetting: () => preferences().engineEndpoint });
  const registries = new RegistryService({ settings, cipher: host.cipher, docker: () => engine.docker(), clock: host.clock });
  const credentials = new CredentialResolver({ registries, dockerConfigPath: () => preferences().dockerConfigPath, env: host.env, runHelper: host.runHelper });
  const dockerConfigOptions = () => ({ configPath: preferences().dockerConfigPath, env: host.env, runHelper: host.runHelper });

  const dismissed = new Set<string>();
  const notices = (): Notice[] => settings.notices.filter((notice) => !dismissed.has(notice.id));

  const unsubscribers = [
    engine.onStatus((status) => publisher.publish('engine.status', status)),
    registries.onChange((list) => publisher.publish('registries.changed', list)),
  ];

  const handlers: CallHandlers = {
    'app.info': () => host.appInfo(),
    'engine.status': () => engine.status,
    'engine.reconnect': () => engine.reconnect(),

    'registries.list': () => registries.list(),
    'registries.validate': ({ input, id }) => registries.validate(input, id),
    'registries.add': (input) => registries.add(input),
    'registries.update': (update) => registries.update(update),
    'registries.remove': async ({ id }) => ({ removed: await registries.remove(id) }),
    'registries.test': ({ id }) => registries.check(id),
    'registries.explain': ({ image, withOneTimeCredentials }) => credentials.explain(image, withOneTimeCredentials),
    'registries.previewPatterns': ({ address, patterns, sample }) => previewPatterns(address, patterns, sample),
    'registries.dockerConfig': () => listImportable(registries, dockerConfigOptions()),
    'registries.import': ({ hosts }) => importFromDocker(hosts, registries, dockerConfigOptions()),

    'settings.get': () => toSettings(preferences()),
    'settings.update': async (update) => {
      const before = preferences();
      const next = await settings.update('preferences', (current) => {
        const merged: Preferences = { ...current, ...update };
        // An empty text field means "use the default", so it is stored as absent.
        if (update.dockerConfigPath !== undefined) merged.dockerConfigPath = update.dockerConfigPath.trim() || undefined;
        if (update.engineEndpoint !== undefined) merged.engineEndpoint = update.engineEndpoint.trim() || undefined;
        return { value: merged, result: merged };
      });
      if (next.engineEndpoint !== before.engineEndpoint) void engine.reconnect();
      return toSettings(next);
    },
    'notices.list': () => notices(),
    'notices.dismiss': ({ id }) => {
      const known = settings.notices.some((notice) => notice.id === id);
      dismissed.add(id);
      publisher.publish('notices.changed', notices());
      return { dismissed: known };
    },
  } as CallHandlers;

  return {
    engine,
    registries,
    credentials,
    handlers,
    async start() {
      await engine.start();
    },
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      engine.stop();
    },
  };
}

function toSettings(preferences: Preferences): Settings {
  return {
    dockerConfigPath: preferences.dockerConfigPath,
    engineEndpoint: preferences.engineEndpoint,
    maxConcurrentPulls: preferences.maxConcurrentPulls,
    closeToTray: preferences.closeToTray,
  };
}
