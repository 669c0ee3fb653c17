/**
 * The handler of every call in the contract (`preload/api.ts`), over the services `createCore` builds
 * (main/core/app.ts). Each handler only turns a checked request into a service call and its answer; the rules
 * live in the services.
 */
import type { AppInfo, ImagesUsage, Notice, Settings } from '../../../preload/api';
import type { CallHandlers } from './router';
import type { CredentialResolver } from '../credentials/resolver';
import type { DockerConfigOptions } from '../docker-config';
import type { EngineConnection } from '../engine/connection';
import { addEngine, type AddEngineOptions } from '../engine/add';
import { probeEngineChoices } from '../engine/choices';
import type { EngineLists } from '../engine-lists';
import type { ImageFeed } from '../image-feed';
import type { ImageService } from '../images';
import type { LibraryService } from '../library';
import { discoverTools } from '../process/tools';
import type { PullService } from '../pull/service';
import { importFromDocker, listImportable } from '../registries/import';
import { previewPatterns } from '../registries/pattern-preview';
import type { RegistryService } from '../registries/service';
import type { RegistryFeatures } from '../registry-client/service';
import type { SettingsChoices } from '../settings/choices';
import type { Preferences } from '../settings/document';
import type { SettingsStore } from '../settings/store';
import type { StackService } from '../stacks/service';
import type { SwarmService } from '../swarm/service';
import type { StackUpdater } from '../updates/stack-updater';
import { positionOf, type UpdatesService } from '../updates/service';

/** Everything the handlers call: the core's services and the few pieces of state the composition keeps. */
export interface CoreServices {
  /** What the host supplies (main/core/app.ts's CoreHost): platform and env default to this process's. */
  host: { appInfo: () => AppInfo; settings: SettingsStore; env?: NodeJS.ProcessEnv; platform?: NodeJS.Platform };
  engine: EngineConnection;
  registries: RegistryService;
  credentials: CredentialResolver;
  registryFeatures: RegistryFeatures;
  dockerConfigOptions: () => DockerConfigOptions;
  pulls: PullService;
  images: ImageService;
  imageFeed: ImageFeed;
  /** `docker system df`, kept like the engine listing until an event may change it. */
  imagesUsage: () => Promise<ImagesUsage>;
  library: LibraryService;
  stacks: StackService;
  swarm: SwarmService;
  updates: UpdatesService;
  stackUpdater: StackUpdater;
  /** The engine's images and containers, listed once per burst of events (main/core/engine-lists.ts). */
  engineLists: () => Promise<EngineLists>;
  /** The same, or while a refresh is on its way after events the newest listing that arrived (engine-lists.ts recent). */
  recentEngineLists: () => Promise<EngineLists>;
  settingsChoices: SettingsChoices;
  engineAdding: AddEngineOptions;
  notices: { list(): Notice[]; dismiss(id: string): { dismissed: boolean } };
}

export function callHandlers(core: CoreServices): CallHandlers {
  const { host, engine, registries, credentials, registryFeatures, pulls, images, library, stacks, swarm, updates } = core;
  const { settings } = host;
  const preferences = (): Preferences => settings.get('preferences');
  return {
    'app.info': () => host.appInfo(),
    'app.tools': () =>
      discoverTools({
        platform: host.platform ?? process.platform,
        env: host.env ?? process.env,
        dockerConfigPath: preferences().dockerConfigPath,
        composeSetting: preferences().composeBinary,
      }),
    'engine.status': () => engine.status,
    'engine.reconnect': () => engine.reconnect(),

    'registries.list': () => registries.list(),
    'registries.validate': ({ input, id, clearCredentials }) => registries.validate(input, id, clearCredentials),
    'registries.add': (input) => registries.add(input),
    'registries.update': (update) => registries.update(update),
    'registries.remove': async ({ id }) => ({ removed: await registries.remove(id) }),
    'registries.test': ({ id }) => registries.check(id),
    'registries.explain': ({ image, withOneTimeCredentials }) => credentials.explain(image, withOneTimeCredentials),
    'registries.previewPatterns': ({ address, patterns, sample }) => previewPatterns(address, patterns, sample),
    'registries.dockerConfig': () => listImportable(registries, core.dockerConfigOptions()),
    'registries.import': ({ hosts }) => importFromDocker(hosts, registries, core.dockerConfigOptions()),
    'registry.tags': (input) => registryFeatures.tags(input),
    'registry.inspect': (input) => registryFeatures.inspect(input),
    'registry.rateLimit': (input) => registryFeatures.rateLimit(input),

    'pulls.start': (request) => pulls.start(request),
    'pulls.cancel': ({ id }) => ({ cancelled: pulls.cancel(id) }),
    'pulls.list': () => pulls.list(),
    'images.list': () => core.imageFeed.snapshot(),
    'images.usage': () => core.imagesUsage(),
    'images.remove': ({ id, force }) => images.remove(id, force),
    'library.get': () => library.get(),
    'library.setFavourite': ({ image, favourite }) => library.setFavourite(image, favourite),

    'stacks.list': () => stacks.list(),
    'stacks.get': ({ id }) => stacks.get(id),
    'stacks.validate': (input) => stacks.validate(input),
    'stacks.create': (input) => stacks.create(input),
    'stacks.save': (input) => stacks.save(input),
    'stacks.delete': async ({ id }) => ({ deleted: await stacks.delete(id) }),
    'stacks.open': async ({ for: forId }) => ({ opened: await stacks.open(forId) }),
    'stacks.chooseEnvFile': ({ id, clear }) => stacks.chooseEnvFile(id, clear),
    'stacks.setProjectName': ({ id, projectName }) => stacks.setProjectName(id, projectName),
    'stacks.preflight': ({ id, redeploy }) => stacks.preflight(id, { redeploy }),
    'stacks.deploy': ({ id, redeploy }) => stacks.deploy(id, { redeploy }),
    'stacks.deploys': () => stacks.deploys(),
    'stacks.stop': ({ id }) => stacks.stopStack(id),
    'stacks.start': ({ id }) => stacks.startStack(id),
    'stacks.down': ({ id, volumes }) => stacks.down(id, { volumes }),
    'stacks.status': ({ id }) => stacks.status(id),
    // A log stream belongs to the window or socket that opened it: senderGone ends it with that view.
    'stacks.logs.follow': async ({ id, service, tail, follow, after }, caller) => ({ streamId: await stacks.followLogs(id, service, { tail, follow, after }, caller?.sender) }),
    'stacks.logs.stop': ({ streamId }, caller) => ({ stopped: stacks.stopLogs(streamId, caller?.sender) }),
    'swarm.state': async () => ({ manager: await swarm.isManager() }),
    'swarm.deploy': ({ id }) => swarm.deploy(id),
    'swarm.services': ({ id }) => swarm.services(id),
    'swarm.scale': ({ id, service, replicas }) => swarm.scale(id, service, replicas),
    'swarm.update': ({ id, service }) => swarm.update(id, service),
    'swarm.logs': async ({ id, service, tail }) => ({ lines: await swarm.logs(id, service, tail) }),
    'swarm.remove': async ({ id }) => ({ removed: await swarm.remove(id) }),
    'updates.list': (request) => updates.list(core.recentEngineLists, request),
    // A window's check and opt-out: the entries they change reach it in updates.changed first; the answer says where the view is.
    'updates.check': async (target) => positionOf(await updates.check(target, core.engineLists)),
    'updates.applyStack': async ({ id }) => {
      const result = await core.stackUpdater.apply(id);
      void updates.publish();
      return result;
    },
    'updates.ignore': async (target) => positionOf(await updates.ignore(target, core.engineLists)),

    'settings.get': () => toSettings(preferences()),
    'settings.update': async (update) => {
      const before = preferences();
      const next = await settings.update('preferences', (current) => {
        const merged: Preferences = { ...current, ...update };
        return { value: merged, result: merged };
      });
      if (next.maxConcurrentPulls !== before.maxConcurrentPulls) pulls.pumpQueue();
      if (next.updateSchedule !== before.updateSchedule) updates.scheduler.plan();
      return toSettings(next);
    },
    'engine.choices': () => core.settingsChoices.engineChoices(),
    'engine.choose': ({ id }) => core.settingsChoices.chooseEngine(id),
    'engine.chooseCustom': ({ address }) => core.settingsChoices.chooseCustomEngine(address),
    'engine.probe': () => probeEngineChoices(),
    'engine.add': (proposal) => addEngine(core.engineAdding, proposal),
    'settings.chooseDockerConfig': () => core.settingsChoices.chooseDockerConfig(),
    'settings.useDefaultDockerConfig': () => core.settingsChoices.useDefaultDockerConfig(),
    'notices.list': () => core.notices.list(),
    'notices.dismiss': ({ id }) => core.notices.dismiss(id),
  };
}

/** The preferences as the contract's Settings: only what the window may see and change. */
export function toSettings(preferences: Preferences): Settings {
  return {
    dockerConfigPath: preferences.dockerConfigPath,
    engineEndpoint: preferences.engineEndpoint,
    maxConcurrentPulls: preferences.maxConcurrentPulls,
    closeToTray: preferences.closeToTray,
    composeBinary: preferences.composeBinary,
    updateSchedule: preferences.updateSchedule,
    updateNotifications: preferences.updateNotifications,
    updatesIgnoredImages: preferences.updatesIgnoredImages,
    updatesIgnoredStacks: preferences.updatesIgnoredStacks,
  };
}
