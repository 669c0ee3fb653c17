/**
 * Compose stacks (stacks.md): the stacks the user has (written in the app, opened from disk, or found running
 * on the engine), their preflight, deploys that pull every image with its own credentials before compose runs,
 * the actions on a running stack, live status from the engine's events, and log streams.
 *
 * The parts: catalogue.ts (which stacks there are, how each reads and looks), editing.ts (create, save, open,
 * delete, env file, project name), deploys.ts (preflight and deploys), actions.ts (stop, start, down),
 * log-streams.ts (log streams, each tied to the view that opened it) and the status watcher in status.ts. This
 * service ties the parts together and publishes their events. Long work is owned here and named by ids (deploys,
 * log streams); views follow it through events and can come and go. The renderer names stacks by id only: paths
 * come from main's dialogs and the app's data folder.
 */
import type Docker from 'dockerode';
import type {
  CredentialExplanation,
  DeployView,
  EngineStatus,
  PreflightView,
  StackActionResult,
  StackDetail,
  StackLogBatch,
  StackStatus,
  StackValidation,
  StackView,
} from '../../../preload/api';
import type { ProcessRunner } from '../process/run';
import { debounce } from '../debounce';
import { STACK_LABEL as SWARM_STACK_LABEL } from '../swarm/services';
import type { EngineEvent } from '../engine/connection';
import type { EngineEndpoint } from '../engine/endpoint';
import { StackActions } from './actions';
import { StackCatalogue, type SwarmReplicas } from './catalogue';
import { composeProcessEnv, findCompose, type ComposeCommand } from './compose';
import type { DeployTimeouts, StackPuller } from './deploy';
import { StackDeploys } from './deploys';
import { StackEditing, type StackEditingOptions } from './editing';
import { emit, subscribe, type Listener } from './listeners';
import { LogStreams, MAIN_OWNER } from './log-streams';
import type { FollowLogsOptions } from './logs';
import type { ComposeProject } from './reader';
import { serviceStatuses, ProjectWatcher } from './status';
import { StackStore, type DeployedEngine } from './store';

export { StackError, type StackErrorCode } from './catalogue';

/** The parts of EngineConnection stacks use. */
export interface StackEngine {
  docker(): Docker;
  readonly currentEndpoint: EngineEndpoint | undefined;
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
  onStatus(listener: (status: EngineStatus) => void): () => void;
}

export interface StackServiceOptions {
  /** The app's data folder: app stacks live in `stacks/`, the list of opened files in `stacks.json`. */
  dataDir: string;
  engine: StackEngine;
  /** The active engine as main's choices name it (choice id and endpoint URL): a deploy records it with the stack. */
  activeEngine?: () => DeployedEngine | undefined;
  /** The Swarm stacks on the active engine by name, with their replicas (a stack deployed to Swarm is listed so). */
  swarmStacks?: () => Promise<ReadonlyMap<string, SwarmReplicas>>;
  puller: StackPuller;
  /** `CredentialResolver` fits: explains without decrypting anything. */
  credentials: { explain(image: string): Promise<CredentialExplanation> };
  /** Main's open dialogs for a compose file or project folder, and for an env file (see editing.ts). */
  chooseComposeSource?: StackEditingOptions['chooseComposeSource'];
  chooseEnvFile?: StackEditingOptions['chooseEnvFile'];
  /** The "Compose program" setting, read at each use. */
  composeBinary?: () => string | undefined;
  /** The process environment: interpolation reads it, and compose runs with it (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** Runs `compose version` while looking for compose. */
  runProcess?: ProcessRunner;
  timeouts?: Partial<DeployTimeouts> & { actionMs?: number };
  clock?: () => Date;
  throttleMs?: number;
}

export class StackService {
  private readonly store: StackStore;
  private readonly watcher: ProjectWatcher;
  private readonly env: NodeJS.ProcessEnv;
  private readonly clock: () => Date;
  private readonly catalogue: StackCatalogue;
  private readonly deployments: StackDeploys;
  private readonly actions: StackActions;
  private readonly logStreams: LogStreams;
  private readonly editing: StackEditing;
  private readonly listeners = {
    changed: new Set<Listener<StackView[]>>(),
    status: new Set<Listener<StackStatus>>(),
    deploy: new Set<Listener<DeployView>>(),
    log: new Set<Listener<StackLogBatch>>(),
  };
  private lastPublishedList = '';
  private publishing: Promise<void> = Promise.resolve();
  private composeLookup: { setting: string | undefined; command: Promise<ComposeCommand> } | undefined;
  private stopFollowingSwarm: (() => void) | undefined;

  constructor(private readonly options: StackServiceOptions) {
    this.store = new StackStore(options.dataDir, options.clock);
    this.env = options.env ?? process.env;
    this.clock = options.clock ?? (() => new Date());
    this.watcher = new ProjectWatcher({
      docker: () => options.engine.docker(),
      onEngineEvent: (listener) => options.engine.onEngineEvent(listener),
      onEngineConnected: (listener) => options.engine.onStatus((status) => status.state === 'connected' && listener()),
    });
    this.watcher.onChange((project) => this.publish(project));
    this.catalogue = new StackCatalogue(this.store, this.watcher, this.env, (stackId) => this.deployments.runningFor(stackId), () => options.engine.currentEndpoint?.url, options.swarmStacks);
    const composeCommand = () => this.composeCommand();
    const composeEnv = () => this.composeEnv();
    this.deployments = new StackDeploys({
      catalogue: this.catalogue,
      env: this.env,
      docker: () => options.engine.docker(),
      puller: options.puller,
      credentials: options.credentials,
      composeCommand,
      composeEnv,
      onUpdate: (view) => emit(this.listeners.deploy, view),
      onChange: () => this.publish(),
      timeouts: options.timeouts,
      clock: options.clock,
      throttleMs: options.throttleMs,
    });
    this.actions = new StackActions({
      catalogue: this.catalogue,
      composeCommand,
      composeEnv,
      statusOf: (stackId, project, declared) => this.statusOf(stackId, project, declared),
      deployRunning: (stackId) => this.deployments.runningFor(stackId),
      clock: this.clock,
      timeoutMs: options.timeouts?.actionMs,
    });
    this.editing = new StackEditing({
      store: this.store,
      catalogue: this.catalogue,
      watcher: this.watcher,
      refuseWhileBusy: (stackId) => this.actions.refuseWhileBusy(stackId),
      publish: () => this.publish(),
      chooseComposeSource: options.chooseComposeSource,
      chooseEnvFile: options.chooseEnvFile,
    });
    this.logStreams = new LogStreams({
      docker: () => options.engine.docker(),
      onEngineEvent: (listener) => options.engine.onEngineEvent(listener),
      emit: (batch) => emit(this.listeners.log, batch),
    });
  }

  /** Lists the engine's compose containers once, then follows its events. */
  async start(): Promise<void> {
    if (this.options.swarmStacks && !this.stopFollowingSwarm) this.stopFollowingSwarm = this.followSwarm();
    await this.watcher.start();
    this.publish();
    await this.publishing;
  }

  stop(): void {
    this.watcher.stop();
    this.logStreams.stopAll();
    this.stopFollowingSwarm?.();
    this.stopFollowingSwarm = undefined;
  }

  /**
   * Swarm stacks have services and task containers, not Compose's labels, so the watcher does not see them: their
   * events publish the list again, once per burst (a deploy starts many tasks), with the manager's replica counts.
   */
  private followSwarm(): () => void {
    const republish = debounce(() => this.publish(), { waitMs: 250, maxWaitMs: 1000 });
    const unsubscribe = this.options.engine.onEngineEvent((event) => {
      if (event.Type === 'service' || event.Actor?.Attributes?.[SWARM_STACK_LABEL] !== undefined) republish();
    });
    return () => {
      unsubscribe();
      republish.cancel();
    };
  }

  /** Problems with Stevedore's own stack files, for the notices list. */
  get notices() {
    return this.store.notices;
  }

  // -------------------------------------------------------------------------------------------------- events

  onChange(listener: Listener<StackView[]>): () => void {
    return subscribe(this.listeners.changed, listener);
  }

  onStatus(listener: Listener<StackStatus>): () => void {
    return subscribe(this.listeners.status, listener);
  }

  onDeployProgress(listener: Listener<DeployView>): () => void {
    return subscribe(this.listeners.deploy, listener);
  }

  onLog(listener: Listener<StackLogBatch>): () => void {
    return subscribe(this.listeners.log, listener);
  }

  // -------------------------------------------------------------------------------------------------- stacks

  list(): Promise<StackView[]> {
    return this.catalogue.list();
  }

  get(id: string): Promise<StackDetail> {
    return this.catalogue.detail(id);
  }

  /** Checks compose text (and .env text) from the editor without saving it. */
  validate(input: { yaml: string; env?: string; name?: string }): Promise<StackValidation> {
    return this.catalogue.validate(input);
  }

  /** Editing the list (documented in editing.ts). */
  create(input: { name: string; yaml: string; env?: string }): Promise<StackDetail> {
    return this.editing.create(input);
  }

  save(input: { id: string; yaml: string; env?: string }): Promise<StackDetail> {
    return this.editing.save(input);
  }

  delete(id: string): Promise<boolean> {
    return this.editing.delete(id);
  }

  open(forId?: string): Promise<StackView | undefined> {
    return this.editing.open(forId);
  }

  chooseEnvFile(id: string, clear = false): Promise<StackView> {
    return this.editing.chooseEnvFile(id, clear);
  }

  setProjectName(id: string, projectName: string | undefined): Promise<StackView> {
    return this.editing.setProjectName(id, projectName);
  }

  // -------------------------------------------------------------------------------------------------- preflight and deploy

  async preflight(id: string, options: { redeploy?: boolean } = {}): Promise<PreflightView> {
    return this.deployments.preflight(await this.catalogue.requireStack(id), options);
  }

  /** Starts a deploy, or returns the one already running for this stack. */
  async deploy(id: string, options: { redeploy?: boolean } = {}): Promise<DeployView> {
    const stack = await this.catalogue.requireStack(id);
    const running = this.deployments.runningFor(stack.id);
    if (running === undefined) {
      this.actions.refuseWhileBusy(stack.id);
      await this.recordDeployedEngine(stack.id);
    }
    return this.deployments.start(stack, options);
  }

  /** Remembers the active engine as the one the stack is deployed to (Compose deploys here, Swarm deploys too). */
  async recordDeployedEngine(id: string): Promise<void> {
    const engine = this.options.activeEngine?.();
    if (engine) await this.store.setDeployedEngine(id, engine);
  }

  /** Resolves with the deploy's final view. */
  waitForDeploy(deployId: string): Promise<DeployView> {
    return this.deployments.waitFor(deployId);
  }

  /** Running deploys, then the most recent finished ones. */
  deploys(): DeployView[] {
    return this.deployments.list();
  }

  // -------------------------------------------------------------------------------------------------- actions

  stopStack(id: string): Promise<StackActionResult> {
    return this.actions.act(id, 'stop', ['stop']);
  }

  startStack(id: string): Promise<StackActionResult> {
    return this.actions.act(id, 'start', ['start']);
  }

  /** Recreates only these services with the images already pulled (updates.applyStack: nothing else restarts). */
  recreateServices(id: string, services: readonly string[]): Promise<StackActionResult> {
    // Inside whileUpdating the stack is already busy with this very update.
    return this.actions.actWithin(id, 'update', ['up', '-d', '--no-deps', '--pull', 'never', '--', ...services]);
  }

  /**
   * Runs a stack update (updates/stack-updater.ts) with the stack busy from its check through its pulls to the
   * recreate, as a deploy is for its whole run: other actions on the stack are refused meanwhile (STACK_BUSY).
   */
  whileUpdating<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.actions.whileHolding(id, 'update', work);
  }

  /** Each stack Stevedore has a file for, read now (update checks); one that cannot be read is left out. */
  async projects(): Promise<Array<{ id: string; project: ComposeProject }>> {
    const read = await Promise.all((await this.catalogue.knownStacks()).map(async (stack) => ({ id: stack.id, project: await this.catalogue.readProject(stack).catch(() => undefined) })));
    return read.flatMap(({ id, project }) => (project === undefined ? [] : [{ id, project }]));
  }

  /** Removes containers and networks; named volumes only with `volumes` (the UI asks first). */
  down(id: string, options: { volumes: boolean }): Promise<StackActionResult> {
    return this.actions.act(id, 'down', ['down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])]);
  }

  async status(id: string): Promise<StackStatus> {
    const stack = await this.catalogue.findStack(id);
    if (stack === undefined) return this.statusOf(id, this.catalogue.externalProject(id), []);
    await this.catalogue.refuseOnOtherEngine(stack.id);
    let declared: string[] = [];
    let project: string;
    try {
      const read = await this.catalogue.readProject(stack);
      project = read.name;
      declared = read.services.filter((service) => service.active).map((service) => service.name);
    } catch {
      project = await this.catalogue.projectNameOf(stack);
    }
    return this.statusOf(id, project, declared);
  }

  // -------------------------------------------------------------------------------------------------- logs

  /**
   * Starts streaming one service's logs for `owner` (the window or preview socket that asked); batches arrive
   * through `onLog` with the returned id, until it is stopped or its owner goes away (`endLogsOf`).
   */
  async followLogs(id: string, service: string, options: Pick<FollowLogsOptions, 'tail' | 'follow' | 'after'>, owner: string = MAIN_OWNER): Promise<string> {
    const stack = await this.catalogue.findStack(id);
    if (stack) await this.catalogue.refuseOnOtherEngine(stack.id);
    const project = stack === undefined ? this.catalogue.externalProject(id) : await this.catalogue.projectNameOf(stack);
    return this.logStreams.follow(owner, project, service, options);
  }

  /** Stops a stream; with `owner`, only one that owner opened. */
  stopLogs(streamId: string, owner?: string): boolean {
    return this.logStreams.stop(streamId, owner);
  }

  /** The window or socket `owner` closed or reloaded: every log stream it opened ends. */
  endLogsOf(owner: string): number {
    return this.logStreams.endOwner(owner);
  }

  /** Open log streams, for one owner or in all. */
  logStreamCount(owner?: string): number {
    return this.logStreams.count(owner);
  }

  private statusOf(stackId: string, project: string, declared: readonly string[]): StackStatus {
    return { stackId, project, services: serviceStatuses(this.watcher.containers(project), declared), at: this.clock().toISOString() };
  }

  /** Sends the stack list when it changed and, for a project that changed, its stacks' status. One at a time. */
  private publish(changedProject?: string): void {
    this.publishing = this.publishing.then(async () => {
      try {
        const views = await this.list();
        const text = JSON.stringify(views);
        if (text !== this.lastPublishedList) {
          this.lastPublishedList = text;
          emit(this.listeners.changed, views);
        }
        if (changedProject === undefined) return;
        for (const view of views.filter((candidate) => candidate.project === changedProject)) {
          emit(this.listeners.status, await this.status(view.id));
        }
      } catch {
        // Only when the stack list itself cannot be built (data folder unreadable); the next change tries again,
        // and a view can always ask (stacks.list, stacks.status).
      }
    });
  }

  private composeEnv(): NodeJS.ProcessEnv {
    return composeProcessEnv(this.env, this.options.engine.currentEndpoint);
  }

  /** Compose v2, looked up once per value of the setting (a failed lookup is tried again next time). */
  private composeCommand(): Promise<ComposeCommand> {
    const setting = this.options.composeBinary?.()?.trim() || undefined;
    if (this.composeLookup && this.composeLookup.setting === setting) return this.composeLookup.command;
    const command = findCompose({ setting, env: this.env, run: this.options.runProcess });
    const lookup = { setting, command };
    this.composeLookup = lookup;
    command.catch(() => {
      if (this.composeLookup === lookup) this.composeLookup = undefined;
    });
    return command;
  }
}
