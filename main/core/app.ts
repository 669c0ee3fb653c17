/**
 * The composition of Stevedore's core services: how they are wired to each other and to the events main publishes.
 *
 * Hosts (the Electron shell, `npm run preview`, the tests) supply what differs between them — how secrets are
 * encrypted, where settings live — and get back one set of handlers to plug into a router (the handler of each
 * call is in main/core/ipc/handlers.ts). This is the only place that builds every service.
 */
import type { AppInfo, Notice } from '../../preload/api';
import type { ProcessRunner } from './docker-config';
import { EngineConnection } from './engine/connection';
import type { AddEngineOptions, ChooseTlsFolder } from './engine/add';
import { dockerConfigDirectory } from './engine/contexts';
import { defaultKnownHostsFile, type ConfirmHostKey } from './engine/known-hosts';
import { imageViews, ImageService } from './images';
import { ImageFeed } from './image-feed';
import { followEngineLists, type EngineLists } from './engine-lists';
import type { EventPublisher } from './ipc/events';
import { LibraryService } from './library';
import { PullService } from './pull/service';
import { StackService } from './stacks/service';
import type { StackPuller } from './stacks/deploy';
import type { CallHandlers } from './ipc/router';
import { callHandlers, toSettings } from './ipc/handlers';
import { CredentialResolver } from './credentials/resolver';
import { SwarmService } from './swarm/service';
import { SwarmRole } from './swarm/role';
import { swarmStackSummaries } from './swarm/services';
import { UpdateChecker } from './updates/checker';
import { UpdatesService } from './updates/service';
import { StackUpdater } from './updates/stack-updater';
import { stackImageUses } from './updates/stack-uses';
import { RegistryService } from './registries/service';
import { RegistryClient } from './registry-client/client';
import { RegistryFeatures } from './registry-client/service';
import type { EngineRegistryConfig } from './registry-client/trust';
import { secretStorageNotices, type SecretCipher } from './secrets/cipher';
import { SettingsChoices, type ChooseDockerConfigFile, type ConfirmEngine } from './settings/choices';
import type { Preferences } from './settings/document';
import type { SettingsStore } from './settings/store';

export interface CoreHost {
  /** Facts only the host knows: runtime, versions, where secrets are kept. */
  appInfo: () => AppInfo;
  publisher: EventPublisher;
  settings: SettingsStore;
  cipher: SecretCipher;
  /** The app's data folder: stacks written in the app live under `stacks/` here. */
  dataDir: string;
  /** The main process's open dialog for a compose file or project folder (absent where there is none). */
  chooseComposeSource?: (options: { defaultPath?: string }) => Promise<string | undefined>;
  chooseEnvFile?: (options: { defaultPath?: string }) => Promise<string | undefined>;
  /** Main's native confirmation before it connects to another engine (absent where there is none: preview). */
  confirmEngine?: ConfirmEngine;
  /** Main's open-file dialog for the Docker config file (absent where there is none: preview). */
  chooseDockerConfigFile?: ChooseDockerConfigFile;
  /** Main's folder dialog for an added TCP engine's TLS files (absent where there is none: preview). */
  chooseTlsFolder?: ChooseTlsFolder;
  /** Main's dialog showing an unknown SSH host key's fingerprint to accept (absent: unknown hosts are refused). */
  confirmHostKey?: ConfirmHostKey;
  engine?: EngineConnection;
  /** Environment for Docker config lookups and helpers (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  runHelper?: ProcessRunner;
  /** The platform tool lookups follow (defaults to process.platform; tests pass another). */
  platform?: NodeJS.Platform;
  clock?: () => Date;
  /** The Docker certs directory the registry client trusts (defaults to the platform's; tests inject the bench's). */
  certsDir?: string;
  /** Registry host → API base URL for the registry client (tests: a local stand-in for docker.io). */
  registryEndpoints?: Record<string, string>;
}

export interface StevedoreCore {
  engine: EngineConnection;
  settings: SettingsStore;
  registries: RegistryService;
  credentials: CredentialResolver;
  pulls: PullService;
  images: ImageService;
  library: LibraryService;
  stacks: StackService;
  updates: UpdatesService;
  handlers: CallHandlers;
  start(): Promise<void>;
  stop(): void;
  /** The window or preview socket `sender` (the router's senderId) closed or reloaded: what it opened ends. */
  senderGone(sender: string): void;
}

export function createCore(host: CoreHost): StevedoreCore {
  const { settings, publisher } = host;
  const preferences = (): Preferences => settings.get('preferences');
  // ssh:// engines: host keys checked against ~/.ssh/known_hosts (shared with the docker CLI and Compose's ssh);
  // an unknown one is shown in main's dialog, a changed one refused (main/core/engine/known-hosts.ts).
  const hostKeys = { knownHostsFile: defaultKnownHostsFile(), confirm: host.confirmHostKey };
  const engine = host.engine ?? new EngineConnection({ endpointSetting: () => preferences().engineEndpoint, hostKeys });
  const registries = new RegistryService({ settings, cipher: host.cipher, docker: () => engine.docker(), clock: host.clock });
  const credentials = new CredentialResolver({ registries, dockerConfigPath: () => preferences().dockerConfigPath, env: host.env, runHelper: host.runHelper });
  const dockerConfigOptions = () => ({ configPath: preferences().dockerConfigPath, env: host.env, runHelper: host.runHelper });
  const registryClient = new RegistryClient({
    env: host.env,
    ...(host.certsDir === undefined ? {} : { certsDir: host.certsDir }),
    ...(host.registryEndpoints === undefined ? {} : { endpoints: host.registryEndpoints }),
    // The engine's insecure registries: plain HTTP (or unverified TLS) only where a pull would use it too.
    engineRegistryConfig: async () => {
      try {
        return ((await engine.docker().info()) as { RegistryConfig?: EngineRegistryConfig }).RegistryConfig;
      } catch {
        return undefined;
      }
    },
  });
  const registryFeatures = new RegistryFeatures({ client: registryClient, resolve: (image) => credentials.resolve(image) });

  const library = new LibraryService({ settings, clock: host.clock });
  const images = new ImageService({ docker: () => engine.docker(), engineEndpoint: () => engine.currentEndpoint?.url, lists: () => engineLists.current() });
  const pulls = new PullService({
    docker: () => engine.docker(),
    resolve: (image, oneTime) => credentials.resolve(image, oneTime),
    maxConcurrent: () => preferences().maxConcurrentPulls,
    engineEndpoint: () => engine.currentEndpoint?.url,
    clock: host.clock,
    remotePlatforms: (reference, auth, signal) => registryFeatures.platforms(reference, auth, signal),
    onFinished: (view, { forDeploy }) => {
      // A deploy records and re-checks its pulls together once they are all over (deployPuller.handOver).
      if (view.state !== 'done' || forDeploy) return;
      // A recents entry that cannot be written (a full disk, a removed data folder) leaves the recents as they were,
      // as a deploy's do below; left unhandled, the rejection would end main.
      library.recordPull(view.familiar, view.platform).catch(() => undefined);
      recheckPulled([view.image]);
    },
  });
  // The pulled images are compared with their registries again (a new digest may be the current one), together, from
  // the listing the views take after the pulls: pulls that finish together take one listing and one check, not one
  // each (issue 15: six pulls at once with Images open).
  const pulledToRecheck = new Set<string>();
  const recheckPulled = (pulled: readonly string[]): void => {
    for (const image of pulled) pulledToRecheck.add(image);
    engineLists.refreshSoon();
  };
  const recheckFromListing = (lists: () => Promise<EngineLists>): void => {
    if (pulledToRecheck.size === 0) return;
    const pulled = [...pulledToRecheck];
    pulledToRecheck.clear();
    updates.recheck(pulled, lists).catch(() => undefined);
  };
  const deployPuller: StackPuller = {
    start: (request, options) => pulls.start(request, options),
    waitFor: (id) => pulls.waitFor(id),
    onProgress: (listener) => pulls.onProgress(listener),
    handOver: (pulled) => {
      // One settings write for the deploy's pulls, after it (it wrote one per pull, the last just before compose up).
      library.recordPulls(pulled.map((view) => ({ image: view.familiar, platform: view.platform }))).catch(() => undefined);
      recheckPulled(pulled.map((view) => view.image));
    },
  };
  // Whether the engine is a Swarm manager, kept until it can change: no refused /services call per stacks list.
  const swarmRole = new SwarmRole(engine);
  const stacks = new StackService({
    dataDir: host.dataDir,
    engine,
    // A deploy records the engine it went to (choice id and URL), so the stack says where it is after a switch.
    activeEngine: () => {
      const url = engine.currentEndpoint?.url;
      return url === undefined ? undefined : { choice: settingsChoices.engineChoices().selected, url };
    },
    // A stack deployed to Swarm is listed by its replicas on the manager, not as "Not deployed".
    swarmStacks: () => swarmStackSummaries(engine.docker(), swarmRole),
    puller: deployPuller,
    credentials,
    chooseComposeSource: host.chooseComposeSource,
    chooseEnvFile: host.chooseEnvFile,
    composeBinary: () => preferences().composeBinary,
    env: host.env,
    clock: host.clock,
  });
  const swarm = new SwarmService({
    dataDir: host.dataDir,
    engine,
    stacks,
    resolve: (image) => credentials.resolve(image),
    dockerProgram: () => undefined,
    env: host.env ?? process.env,
    role: swarmRole,
  });
  // Update checks (issue 14): the registry client asks as the account each image resolves to, like a pull.
  const updateChecker = new UpdateChecker({
    registry: {
      resolve: (image, lookups) => credentials.resolve(image, undefined, lookups),
      request: (call) => registryClient.request(call),
      describe: (image, platform) => registryFeatures.inspect({ image, ...(platform === undefined ? {} : { platform }) }),
      // Every page of the tag list: the suggestions' newest 50 can miss a newer tag of the same shape.
      tags: (image) => registryFeatures.allTags(image),
    },
    platform: () => (engine.status.state === 'connected' ? `${engine.status.os}/${engine.status.arch}` : undefined),
    clock: host.clock,
  });
  const stackUses = async () => stackImageUses(await stacks.projects());
  const updates = new UpdatesService({
    docker: () => engine.docker(),
    checker: updateChecker,
    stackUses,
    settings,
    engineEndpoint: () => engine.currentEndpoint?.url,
    clock: host.clock,
  });
  const stackUpdater = new StackUpdater({
    check: (stackId) => updates.check({ stackId }),
    stackUses,
    puller: pulls,
    recreate: (stackId, services) => stacks.recreateServices(stackId, services),
    whileBusy: (stackId, work) => stacks.whileUpdating(stackId, work),
    ignoredStacks: () => preferences().updatesIgnoredStacks,
    clock: host.clock,
  });
  // Images and containers come and go (pulls, recreates, removals): badges and "running an older image" follow.
  const imageFeed = new ImageFeed({
    list: () => images.list(),
    publish: (change) => publisher.publish('images.changed', change),
    refreshComing: () => engineLists.refreshComing(),
  });
  // One listing of the engine per burst of image and container events serves both views (engine-lists.ts); a pull
  // emits several events in a row, and steady activity still publishes at least once a second.
  const engineLists = followEngineLists({
    docker: () => engine.docker(),
    followers: [(lists) => void imageFeed.refresh(async () => imageViews(await lists())), (lists) => void updates.publish(lists), recheckFromListing],
    timing: { waitMs: 250, maxWaitMs: 1000 },
  });
  // `docker system df` takes about 500 ms at 2,000 images: kept like the listing, until an event may change it.
  const imagesUsage = engineLists.keep(() => images.usage());

  const settingsChoices = new SettingsChoices({
    settings,
    reconnect: () => void engine.reconnect(),
    toSettings,
    confirmEngine: host.confirmEngine,
    chooseDockerConfigFile: host.chooseDockerConfigFile,
    runtime: () => host.appInfo().runtime,
    env: host.env,
  });
  const confirmEngine = host.confirmEngine;
  const chooseTlsFolder = host.chooseTlsFolder;
  const engineAdding: AddEngineOptions = {
    // Where discovery reads contexts too (realEndpointEnvironment), so the added engine is listed at once.
    configDir: () => dockerConfigDirectory(process.env),
    confirmEngine: confirmEngine && ((question) => settingsChoices.dialog(() => confirmEngine(question))),
    chooseTlsFolder: chooseTlsFolder && ((question) => settingsChoices.dialog(() => chooseTlsFolder(question))),
    useEngine: (url) => settingsChoices.useConfirmedEngine(url),
    unchanged: () => settingsChoices.unchangedSettings(),
    unavailable: () => settingsChoices.unavailableReason(),
  };

  const dismissed = new Set<string>();
  const notices = (): Notice[] =>
    [...secretStorageNotices(host.cipher), ...settings.notices, ...stacks.notices].filter((notice) => !dismissed.has(notice.id));

  const unsubscribers = [
    // A keyring that answers late (or not at all) changes what Settings says and the notice above every screen.
    host.cipher.onChange?.(() => {
      publisher.publish('app.info', host.appInfo());
      publisher.publish('notices.changed', notices());
    }) ?? (() => undefined),
    engine.onStatus((status) => {
      // Another engine, or the events stream broke: a kept listing, and the rows the feed took, may be out of date.
      engineLists.invalidate();
      imageFeed.engineChanged();
      // Listed now, and the Images rows made from the listing, so a window's first images.list and updates.list find
      // them ready: at 2,000 images the listing is about 250 ms of the engine's time and the rows about 40 ms of main's,
      // which the first window's cold load waited for (issue 18: 414 ms against 350 ms with main warmed first).
      if (status.state === 'connected') {
        engineLists.current().catch(() => undefined);
        imageFeed.snapshot().catch(() => undefined);
      }
      publisher.publish('engine.status', status);
    }),
    registries.onChange((list) => publisher.publish('registries.changed', list)),
    pulls.onProgress((view) => publisher.publish('pulls.progress', view)),
    library.onChange((value) => publisher.publish('library.changed', value)),
    stacks.onChange((list) => publisher.publish('stacks.changed', list)),
    stacks.onStatus((status) => publisher.publish('stacks.status', status)),
    stacks.onDeployProgress((deploy) => publisher.publish('stacks.deploy.progress', deploy)),
    stacks.onLog((batch) => publisher.publish('stacks.log', batch)),
    updates.onPatch((change) => publisher.publish('updates.changed', change)),
    // Image events come from the engine itself, so pulls and removals made outside Stevedore show up too.
    engine.onEngineEvent((event) => engineLists.onEngineEvent(event)),
  ];

  const handlers = callHandlers({
    host,
    engine,
    registries,
    credentials,
    registryFeatures,
    dockerConfigOptions,
    pulls,
    images,
    imageFeed,
    imagesUsage,
    library,
    stacks,
    swarm,
    updates,
    stackUpdater,
    engineLists: () => engineLists.current(),
    recentEngineLists: () => engineLists.recent(),
    settingsChoices,
    engineAdding,
    notices: {
      list: notices,
      dismiss: (id) => {
        const known = settings.notices.some((notice) => notice.id === id);
        dismissed.add(id);
        publisher.publish('notices.changed', notices());
        return { dismissed: known };
      },
    },
  });

  return {
    engine,
    settings,
    registries,
    credentials,
    pulls,
    images,
    library,
    stacks,
    updates,
    handlers,
    async start() {
      await engine.start();
      await stacks.start();
      updates.start();
    },
    stop() {
      for (const unsubscribe of unsubscribers) unsubscribe();
      engineLists.cancel();
      pulls.cancelAll();
      void registryClient.close();
      stacks.stop();
      updates.stop();
      swarmRole.dispose();
      engine.stop();
    },
    senderGone(sender) {
      stacks.endLogsOf(sender);
    },
  };
}
