/**
 * Compose stacks (stacks.md): the stacks the user has (written in the app, opened from disk, or found running
 * on the engine), their preflight, deploys that pull every image with its own credentials before compose runs,
 * the actions on a running stack, live status from the engine's events, and log streams.
 *
 * Long work is owned here and named by ids (deploys, log streams); views follow it through events and can come
 * and go. The renderer names stacks by id only: paths come from main's dialogs and the app's data folder.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import type {
  ComposeProblemView,
  CredentialExplanation,
  DeployLogLine,
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
import type { EngineEvent } from '../engine/connection';
import type { EngineEndpoint } from '../engine/endpoint';
import { StevedoreError } from '../errors';
import { messageOf } from '../failures';
import { composeProcessEnv, findCompose, runCompose, targetOf, type ComposeCommand } from './compose';
import { checkWithCompose } from './compose-check';
import { OVERRIDE_FILE_NAMES } from './project-files';
import { DeployRun, type DeployTimeouts, type StackPuller } from './deploy';
import { EnvFileError, parseEnvFile } from './env-file';
import { followServiceLogs, type LogFollower } from './logs';
import { runPreflight, type LocalImage, type Preflight } from './preflight';
import { checkProjectName, isValidProjectName, normalizeProjectName } from './project-name';
import { defaultEnvFile, parseComposeProject, readComposeProject, type ComposeProject } from './reader';
import { safeOutputLine, sensitiveValues } from './sensitive';
import { resolveComposeSource } from './sources';
import { serviceStatuses, ProjectWatcher, type ContainerSummary } from './status';
import { APP_STACK_FILE, StackStore } from './store';
import { ComposeFileError } from './yaml-load';

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
  puller: StackPuller;
  /** `CredentialResolver` fits: explains without decrypting anything. */
  credentials: { explain(image: string): Promise<CredentialExplanation> };
  /** Main's open dialog for a compose file or a project folder; undefined when the user cancels. */
  chooseComposeSource?: (options: { defaultPath?: string }) => Promise<string | undefined>;
  /** Main's open dialog for an env file. */
  chooseEnvFile?: (options: { defaultPath?: string }) => Promise<string | undefined>;
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

export type StackErrorCode = 'STACK_NOT_FOUND' | 'STACK_READ_ONLY' | 'STACK_BUSY' | 'STACK_RUNNING' | 'DIALOG_UNAVAILABLE' | 'COMPOSE_FAILED';

export class StackError extends StevedoreError {
  declare readonly code: StackErrorCode;
  constructor(code: StackErrorCode, message: string) {
    super(code, message);
  }
}

/** A stack with a compose file Stevedore can act on. */
interface KnownStack {
  id: string;
  kind: 'app' | 'file';
  name: string;
  file: string;
  /** The entry in stacks.json (opened files). */
  recordId?: string;
  envFile?: string;
  projectName?: string;
}

type Listener<T> = (value: T) => void;

const MAX_LOG_STREAMS = 16;
const FINISHED_DEPLOYS_KEPT = 20;
const DEFAULT_ACTION_TIMEOUT_MS = 5 * 60_000;
const ACTION_LOG_LINES = 200;

export class StackService {
  private readonly store: StackStore;
  private readonly watcher: ProjectWatcher;
  private readonly env: NodeJS.ProcessEnv;
  private readonly clock: () => Date;
  private readonly projectCache = new Map<string, { key: string; project: ComposeProject; files: string }>();
  private readonly activeDeploys = new Map<string, DeployRun>();
  private finishedDeploys: DeployView[] = [];
  private readonly busy = new Map<string, string>();
  private readonly logStreams = new Map<string, LogFollower>();
  private readonly listeners = {
    changed: new Set<Listener<StackView[]>>(),
    status: new Set<Listener<StackStatus>>(),
    deploy: new Set<Listener<DeployView>>(),
    log: new Set<Listener<StackLogBatch>>(),
  };
  private lastPublishedList = '';
  private publishing: Promise<void> = Promise.resolve();
  private composeLookup: { setting: string | undefined; command: Promise<ComposeCommand> } | undefined;

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
  }

  /** Lists the engine's compose containers once, then follows its events. */
  async start(): Promise<void> {
    await this.watcher.start();
    this.publish();
    await this.publishing;
  }

  stop(): void {
    this.watcher.stop();
    for (const follower of this.logStreams.values()) follower.stop();
    this.logStreams.clear();
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

  async list(): Promise<StackView[]> {
    const known = await this.knownStacks();
    const views = await Promise.all(known.map((stack) => this.viewOf(stack)));
    const projects = new Set(views.map((view) => view.project));
    for (const project of this.watcher.projectNames()) {
      if (!projects.has(project)) views.push(this.externalView(project));
    }
    return views;
  }

  async get(id: string): Promise<StackDetail> {
    const stack = await this.findStack(id);
    if (stack === undefined) {
      const view = this.externalView(this.externalProject(id));
      const services = serviceStatuses(this.watcher.containers(view.project)).map((status) => status.service);
      return { stack: view, editable: false, services, problems: [] };
    }
    const detail: StackDetail = { stack: await this.viewOf(stack), editable: stack.kind === 'app', services: [], problems: [] };
    if (stack.kind === 'app') {
      const content = await this.store.readAppStack(stack.name);
      detail.yaml = content.yaml;
      if (content.env !== undefined) detail.env = content.env;
    } else {
      // Opened files are shown, not edited; their env file stays in main (it may hold private values).
      detail.yaml = await readFile(stack.file, 'utf8').catch(() => undefined);
    }
    try {
      const project = await this.readProject(stack);
      detail.services = project.services.map((service) => service.name);
      detail.problems = project.problems.map(toProblemView);
    } catch (error) {
      detail.problems = problemsFromError(error);
    }
    return detail;
  }

  /** Checks compose text (and .env text) from the editor without saving it. */
  async validate(input: { yaml: string; env?: string; name?: string }): Promise<StackValidation> {
    const name = input.name && isValidProjectName(input.name) ? input.name : 'untitled';
    const directory = path.join(this.store.appStacksDir, name);
    const problems: ComposeProblemView[] = [];
    let envFileValues: Record<string, string> | undefined;
    const envFileFromEnvironment = new Set<string>();
    if (input.env !== undefined && input.env !== '') {
      try {
        envFileValues = parseEnvFile(input.env, this.env, '.env', envFileFromEnvironment);
      } catch (error) {
        if (!(error instanceof EnvFileError)) throw error;
        problems.push({ code: error.code, severity: 'error', message: error.message });
      }
    }
    try {
      const project = parseComposeProject(input.yaml, { file: path.join(directory, APP_STACK_FILE), env: this.env, envFileValues, envFileFromEnvironment });
      return { project: project.name, services: project.services.map((service) => service.name), problems: [...problems, ...project.problems.map(toProblemView)] };
    } catch (error) {
      return { services: [], problems: [...problems, ...problemsFromError(error)] };
    }
  }

  async create(input: { name: string; yaml: string; env?: string }): Promise<StackDetail> {
    const content = input.env === undefined || input.env === '' ? { yaml: input.yaml } : { yaml: input.yaml, env: input.env };
    await this.store.createAppStack(input.name, content);
    this.publish();
    return this.get(appId(input.name));
  }

  async save(input: { id: string; yaml: string; env?: string }): Promise<StackDetail> {
    const stack = await this.requireStack(input.id);
    if (stack.kind !== 'app') throw new StackError('STACK_READ_ONLY', 'Only stacks written in Stevedore are edited here; edit an opened compose file in your editor.');
    await this.store.saveAppStack(stack.name, input.env === undefined ? { yaml: input.yaml } : { yaml: input.yaml, env: input.env });
    this.projectCache.delete(stack.id);
    this.publish();
    return this.get(stack.id);
  }

  /** App stacks: deletes their files (refused while the stack has containers). Opened files: forgets them. */
  async delete(id: string): Promise<boolean> {
    const stack = await this.requireStack(id);
    this.refuseWhileBusy(stack.id);
    if (stack.kind === 'app') {
      const project = await this.projectNameOf(stack);
      if (this.watcher.containers(project).length > 0) {
        throw new StackError('STACK_RUNNING', `"${stack.name}" still has containers on the engine. Take it down first, then delete it.`);
      }
      await this.store.deleteAppStack(stack.name);
    } else if (!(await this.store.removeFileStack(fileRecordId(stack)))) {
      throw new StackError('STACK_NOT_FOUND', 'That stack is no longer in the list.');
    }
    this.projectCache.delete(stack.id);
    this.publish();
    return true;
  }

  /** Asks main's dialog for a compose file or folder; `forId` (a stack found on the engine) suggests its folder. */
  async open(forId?: string): Promise<StackView | undefined> {
    const choose = this.options.chooseComposeSource;
    if (!choose) throw new StackError('DIALOG_UNAVAILABLE', 'Opening files is not available here.');
    let defaultPath: string | undefined;
    if (forId !== undefined) {
      const containers = this.watcher.containers(this.externalProject(forId));
      defaultPath = containers.find((container) => container.workingDir)?.workingDir ?? containers.find((c) => c.configFiles)?.configFiles?.split(',')[0];
    }
    const chosen = await choose(defaultPath === undefined ? {} : { defaultPath });
    if (chosen === undefined) return undefined;
    const file = await resolveComposeSource(chosen);
    const record = await this.store.addFileStack(file);
    this.publish();
    return this.viewOf(toKnown(record));
  }

  async chooseEnvFile(id: string, clear = false): Promise<StackView> {
    const stack = await this.requireStack(id);
    if (stack.kind !== 'file') throw new StackError('STACK_READ_ONLY', 'A stack written in Stevedore uses the .env you edit with it.');
    let envFile: string | undefined;
    if (!clear) {
      if (!this.options.chooseEnvFile) throw new StackError('DIALOG_UNAVAILABLE', 'Choosing files is not available here.');
      envFile = await this.options.chooseEnvFile({ defaultPath: path.dirname(stack.file) });
      if (envFile === undefined) return this.viewOf(stack);
      if (!(await stat(envFile).catch(() => undefined))?.isFile()) throw new StackError('STACK_NOT_FOUND', `${envFile} is not a file.`);
    }
    const record = await this.store.updateFileStack(fileRecordId(stack), { envFile });
    this.projectCache.delete(stack.id);
    this.publish();
    return this.viewOf(toKnown(record));
  }

  /** Overrides compose's choice of project name; undefined goes back to it. */
  async setProjectName(id: string, projectName: string | undefined): Promise<StackView> {
    const stack = await this.requireStack(id);
    this.refuseWhileBusy(stack.id);
    const name = projectName?.trim() ? checkProjectName(projectName.trim(), 'The project name') : undefined;
    if (stack.kind === 'app') await this.store.setAppOptions(stack.name, { projectName: name });
    else await this.store.updateFileStack(fileRecordId(stack), { projectName: name });
    this.projectCache.delete(stack.id);
    this.publish();
    const updated = await this.requireStack(id);
    return this.viewOf(updated);
  }

  // -------------------------------------------------------------------------------------------------- preflight and deploy

  async preflight(id: string, options: { redeploy?: boolean } = {}): Promise<PreflightView> {
    const stack = await this.requireStack(id);
    let preflight: Preflight;
    try {
      preflight = await this.checkedPreflight(stack, options);
    } catch (error) {
      if (!(error instanceof StevedoreError)) throw error;
      return { stackId: id, project: await this.projectNameOf(stack), services: [], problems: problemsFromError(error), ok: false };
    }
    const problems = preflight.problems.map(toProblemView);
    let compose: string | undefined;
    try {
      const command = await this.composeCommand();
      compose = `${command.description} ${command.version}`;
    } catch (error) {
      problems.push(...problemsFromError(error));
    }
    const { directory, files } = preflight.project;
    return {
      stackId: id,
      project: preflight.project.name,
      files: files.map((file) => path.relative(directory, file) || path.basename(file)),
      services: preflight.services.map((service) => {
        const { pullReference: _pullReference, localImageId: _localImageId, shown: written, ...shown } = service;
        // Values from Stevedore's environment are shown as written, and nothing derived from them is sent.
        if (written?.image !== undefined) {
          shown.image = written.image;
          delete shown.canonical;
        }
        if (written?.platform !== undefined) shown.platform = written.platform;
        return shown;
      }),
      problems,
      ...(compose ? { compose } : {}),
      ok: !problems.some((problem) => problem.severity === 'error'),
    };
  }

  /** Starts a deploy, or returns the one already running for this stack. */
  async deploy(id: string, options: { redeploy?: boolean } = {}): Promise<DeployView> {
    const stack = await this.requireStack(id);
    const running = this.activeDeploys.get(stack.id);
    if (running) return running.view();
    this.refuseWhileBusy(stack.id);
    let secrets: string[] = sensitiveValues(this.env);
    const run = new DeployRun({
      id: randomUUID(),
      stackId: stack.id,
      redeploy: options.redeploy === true,
      preflight: async () => {
        this.projectCache.delete(stack.id);
        const preflight = await this.checkedPreflight(stack, options);
        secrets = [...sensitiveValues(preflight.project.environment), ...preflight.project.hiddenValues];
        return preflight;
      },
      compose: () => this.composeCommand(),
      composeEnv: () => this.composeEnv(),
      puller: this.options.puller,
      containers: async (project) => {
        await this.watcher.refresh(project);
        return this.watcher.containers(project);
      },
      secrets: () => secrets,
      onUpdate: (view) => emit(this.listeners.deploy, view),
      timeouts: this.options.timeouts,
      clock: this.options.clock,
      throttleMs: this.options.throttleMs,
    });
    this.activeDeploys.set(stack.id, run);
    void run.done.then((final) => {
      this.activeDeploys.delete(stack.id);
      this.finishedDeploys = [final, ...this.finishedDeploys].slice(0, FINISHED_DEPLOYS_KEPT);
      this.publish();
    });
    this.publish();
    return run.view();
  }

  /** Resolves with the deploy's final view. */
  waitForDeploy(deployId: string): Promise<DeployView> {
    const running = [...this.activeDeploys.values()].find((run) => run.id === deployId);
    if (running) return running.done;
    const finished = this.finishedDeploys.find((view) => view.id === deployId);
    if (finished) return Promise.resolve(finished);
    return Promise.reject(new StackError('STACK_NOT_FOUND', 'There is no such deploy; it may have finished long ago.'));
  }

  /** Running deploys, then the most recent finished ones. */
  deploys(): DeployView[] {
    return [...[...this.activeDeploys.values()].map((run) => run.view()), ...this.finishedDeploys];
  }

  // -------------------------------------------------------------------------------------------------- actions

  stopStack(id: string): Promise<StackActionResult> {
    return this.act(id, 'stop', ['stop']);
  }

  startStack(id: string): Promise<StackActionResult> {
    return this.act(id, 'start', ['start']);
  }

  /** Removes containers and networks; named volumes only with `volumes` (the UI asks first). */
  down(id: string, options: { volumes: boolean }): Promise<StackActionResult> {
    return this.act(id, 'down', ['down', '--remove-orphans', ...(options.volumes ? ['--volumes'] : [])]);
  }

  async status(id: string): Promise<StackStatus> {
    const stack = await this.findStack(id);
    if (stack === undefined) return this.statusOf(id, this.externalProject(id), []);
    let declared: string[] = [];
    let project: string;
    try {
      const read = await this.readProject(stack);
      project = read.name;
      declared = read.services.filter((service) => service.active).map((service) => service.name);
    } catch {
      project = await this.projectNameOf(stack);
    }
    return this.statusOf(id, project, declared);
  }

  // -------------------------------------------------------------------------------------------------- logs

  /** Starts streaming one service's logs; batches arrive through `onLog` with the returned id. */
  async followLogs(id: string, service: string, options: { tail: number; follow: boolean }): Promise<string> {
    const stack = await this.findStack(id);
    const project = stack === undefined ? this.externalProject(id) : await this.projectNameOf(stack);
    const streamId = randomUUID();
    // A view that never says stop must not pile up streams.
    if (this.logStreams.size >= MAX_LOG_STREAMS) {
      const [oldest] = this.logStreams.keys();
      if (oldest !== undefined) this.stopLogs(oldest);
    }
    const follower = followServiceLogs({
      docker: () => this.options.engine.docker(),
      onEngineEvent: (listener) => this.options.engine.onEngineEvent(listener),
      project,
      service,
      tail: options.tail,
      follow: options.follow,
      onLines: (lines) => emit(this.listeners.log, { streamId, lines }),
      onEnd: (error) => {
        this.logStreams.delete(streamId);
        emit(this.listeners.log, { streamId, lines: [], ended: true, ...(error ? { error } : {}) });
      },
    });
    this.logStreams.set(streamId, follower);
    return streamId;
  }

  stopLogs(streamId: string): boolean {
    const follower = this.logStreams.get(streamId);
    if (!follower) return false;
    follower.stop();
    this.logStreams.delete(streamId);
    return true;
  }

  // -------------------------------------------------------------------------------------------------- internals

  private async act(id: string, verb: 'stop' | 'start' | 'down', subcommand: string[]): Promise<StackActionResult> {
    const stack = await this.requireStack(id);
    this.refuseWhileBusy(stack.id);
    this.busy.set(stack.id, verb);
    try {
      const project = await this.readProject(stack);
      const command = await this.composeCommand();
      const secrets = [...sensitiveValues(project.environment), ...project.hiddenValues];
      const log: DeployLogLine[] = [];
      const stderr: string[] = [];
      const target = targetOf(project);
      const result = await runCompose(command, target, subcommand, {
        env: this.composeEnv(),
        timeoutMs: this.options.timeouts?.actionMs ?? DEFAULT_ACTION_TIMEOUT_MS,
        onLine: (stream, line) => {
          const text = safeOutputLine(line, secrets);
          if (text === '') return;
          if (stream === 'stderr') stderr.push(text);
          log.push({ at: this.clock().toISOString(), stream, text });
          if (log.length > ACTION_LOG_LINES) log.shift();
        },
      });
      await this.watcher.refresh(project.name);
      if (result.exitCode !== 0) {
        const reason = stderr.filter((line) => /error|fail|denied|no such|not found/i.test(line)).pop() ?? stderr[stderr.length - 1] ?? `exit code ${result.exitCode ?? result.signal}`;
        throw new StackError('COMPOSE_FAILED', `docker compose ${verb} failed: ${reason}`);
      }
      const declared = project.services.filter((service) => service.active).map((service) => service.name);
      return { status: this.statusOf(stack.id, project.name, declared), log };
    } finally {
      this.busy.delete(stack.id);
    }
  }

  private refuseWhileBusy(stackId: string): void {
    if (this.activeDeploys.has(stackId)) throw new StackError('STACK_BUSY', 'The stack is being deployed; wait for the deploy to finish.');
    const verb = this.busy.get(stackId);
    if (verb) throw new StackError('STACK_BUSY', `The stack is busy (${verb}); wait for it to finish.`);
  }

  private statusOf(stackId: string, project: string, declared: readonly string[]): StackStatus {
    return { stackId, project, services: serviceStatuses(this.watcher.containers(project), declared), at: this.clock().toISOString() };
  }

  private async knownStacks(): Promise<KnownStack[]> {
    const apps = await this.store.listAppStacks();
    const appStacks = await Promise.all(
      apps.map(async (name): Promise<KnownStack> => {
        const options = await this.store.appOptions(name);
        const stack: KnownStack = { id: appId(name), kind: 'app', name, file: this.store.appStackFile(name) };
        const envFile = this.store.appStackEnvFile(name);
        if (envFile) stack.envFile = envFile;
        if (options.projectName) stack.projectName = options.projectName;
        return stack;
      }),
    );
    return [...appStacks, ...(await this.store.fileStacks()).map(toKnown)];
  }

  private async findStack(id: string): Promise<KnownStack | undefined> {
    if (id.startsWith('project:')) return undefined;
    if (!id.startsWith('app:') && !id.startsWith('file:')) throw new StackError('STACK_NOT_FOUND', 'That is not a stack id Stevedore gave out.');
    const stack = (await this.knownStacks()).find((candidate) => candidate.id === id);
    if (!stack) throw new StackError('STACK_NOT_FOUND', 'That stack no longer exists. Refresh the list of stacks.');
    return stack;
  }

  /** A stack Stevedore can act on; stacks found on the engine are read-only until their file is opened. */
  private async requireStack(id: string): Promise<KnownStack> {
    const stack = await this.findStack(id);
    if (!stack) {
      throw new StackError('STACK_READ_ONLY', 'This stack was started outside Stevedore. Open its compose file (Open file…) to deploy or change it here.');
    }
    return stack;
  }

  private externalProject(id: string): string {
    const project = id.startsWith('project:') ? id.slice('project:'.length) : '';
    if (!this.watcher.projectNames().includes(project)) throw new StackError('STACK_NOT_FOUND', 'That stack has no containers on the engine any more.');
    return project;
  }

  /** Reads (or takes from the cache, while file, env file and options are unchanged) the stack's compose project. */
  private async readProject(stack: KnownStack): Promise<ComposeProject> {
    const envFile = stack.envFile ?? defaultEnvFile(stack.file);
    // An override file appearing (or going) beside the compose file changes the project too.
    const overrides = await Promise.all(OVERRIDE_FILE_NAMES.map((name) => fileStamp(path.join(path.dirname(stack.file), name))));
    const key = JSON.stringify([await fileStamp(stack.file), envFile, envFile ? await fileStamp(envFile) : undefined, stack.projectName, overrides]);
    const stampsOf = async (files: readonly string[]) => JSON.stringify(await Promise.all(files.map(fileStamp)));
    const cached = this.projectCache.get(stack.id);
    if (cached?.key === key && cached.files === (await stampsOf(cached.project.files))) return cached.project;
    const source = { file: stack.file, env: this.env, ...(stack.envFile ? { envFile: stack.envFile } : {}), ...(stack.projectName ? { projectName: stack.projectName } : {}) };
    const project = await readComposeProject(source);
    this.projectCache.set(stack.id, { key, project, files: await stampsOf(project.files) });
    return project;
  }

  /** The project name even when the file cannot be read now (so status and logs keep working). */
  private async projectNameOf(stack: KnownStack): Promise<string> {
    try {
      return (await this.readProject(stack)).name;
    } catch {
      return stack.projectName ?? (stack.kind === 'app' ? stack.name : normalizeProjectName(path.basename(path.dirname(stack.file))));
    }
  }

  private async viewOf(stack: KnownStack): Promise<StackView> {
    let project: string;
    let problem: { text: string; kind: 'unreadable' | 'invalid' } | undefined;
    try {
      project = (await this.readProject(stack)).name;
    } catch (error) {
      project = await this.projectNameOf(stack);
      const unreadable = error instanceof StevedoreError && error.code === 'COMPOSE_NOT_READABLE';
      problem = { text: messageOf(error), kind: unreadable ? 'unreadable' : 'invalid' };
    }
    const view: StackView = {
      id: stack.id,
      kind: stack.kind,
      name: stack.kind === 'app' ? stack.name : path.basename(path.dirname(stack.file)),
      project,
      readOnly: false,
      ...this.containerCounts(project),
    };
    if (stack.kind === 'file') view.location = stack.file;
    if (stack.kind === 'file' && stack.envFile) view.envFile = stack.envFile;
    if (stack.projectName) view.projectNameOverride = stack.projectName;
    const deploy = this.activeDeploys.get(stack.id);
    if (deploy) view.deployId = deploy.id;
    if (problem) {
      view.problem = problem.text;
      view.problemKind = problem.kind;
    }
    return view;
  }

  private externalView(project: string): StackView {
    return { id: `project:${project}`, kind: 'external', name: project, project, readOnly: true, ...this.containerCounts(project) };
  }

  private containerCounts(project: string): Pick<StackView, 'state' | 'containers'> {
    const containers = this.watcher.containers(project);
    const running = containers.filter((container: ContainerSummary) => container.state === 'running').length;
    const total = containers.length;
    const state = total === 0 ? 'not-deployed' : running === total ? 'running' : running === 0 ? 'stopped' : 'partial';
    return { state, containers: { running, total } };
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

  /** Stevedore's preflight, then — when it found no error — compose's own check of the same project (before any pull). */
  private async checkedPreflight(stack: KnownStack, options: { redeploy?: boolean }): Promise<Preflight> {
    const project = await this.readProject(stack);
    const preflight = await runPreflight(project, this.preflightDependencies(), options);
    if (!preflight.ok) return preflight;
    let command: ComposeCommand;
    try {
      command = await this.composeCommand();
    } catch {
      // Reported by the preflight view, and the deploy refuses to start without compose.
      return preflight;
    }
    const hidden = [...sensitiveValues(project.environment), ...project.hiddenValues];
    const problems = await checkWithCompose(command, project, { env: this.composeEnv(), hidden }).catch((error: unknown) => {
      if (!(error instanceof StevedoreError)) throw error;
      return [{ code: error.code, severity: 'warning' as const, message: `Compose could not check the project: ${messageOf(error)}` }];
    });
    preflight.problems.push(...problems);
    preflight.ok = !preflight.problems.some((problem) => problem.severity === 'error');
    return preflight;
  }

  private preflightDependencies() {
    return {
      explain: (image: string) => this.options.credentials.explain(image),
      inspectImage: (reference: string) => inspectLocalImage(this.options.engine.docker(), reference),
    };
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

async function inspectLocalImage(docker: Docker, reference: string): Promise<LocalImage | undefined> {
  try {
    const info = await docker.getImage(reference).inspect();
    const image: LocalImage = { id: info.Id, os: info.Os, architecture: info.Architecture };
    const variant = (info as { Variant?: string }).Variant;
    if (variant) image.variant = variant;
    return image;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

async function fileStamp(file: string): Promise<string | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info ? `${info.size}:${info.mtimeMs}` : undefined;
}

function appId(name: string): string {
  return `app:${name}`;
}

function toKnown(record: { id: string; file: string; envFile?: string; projectName?: string }): KnownStack {
  const stack: KnownStack = { id: `file:${record.id}`, kind: 'file', name: path.basename(path.dirname(record.file)), file: record.file, recordId: record.id };
  if (record.envFile) stack.envFile = record.envFile;
  if (record.projectName) stack.projectName = record.projectName;
  return stack;
}

function fileRecordId(stack: KnownStack): string {
  if (stack.recordId === undefined) throw new StackError('STACK_READ_ONLY', 'Only opened compose files have this option.');
  return stack.recordId;
}

function toProblemView(problem: ComposeProblemView): ComposeProblemView {
  const view: ComposeProblemView = { code: problem.code, severity: problem.severity, message: problem.message };
  if (problem.service) view.service = problem.service;
  if (problem.line !== undefined) view.line = problem.line;
  if (problem.column !== undefined) view.column = problem.column;
  return view;
}

/** A file that could not be used, as problems: the most likely cause first, then every other problem found with it. */
function problemsFromError(error: unknown): ComposeProblemView[] {
  if (error instanceof ComposeFileError) {
    const at = (position: { line: number; column: number } | undefined) => (position ? { line: position.line, column: position.column } : {});
    return [
      { code: error.code, severity: 'error', message: error.message, ...at(error.position) },
      ...error.others.map((other): ComposeProblemView => ({ code: error.code, severity: 'error', message: other.message, ...at(other.position) })),
    ];
  }
  if (error instanceof StevedoreError) return [{ code: error.code, severity: 'error', message: error.message }];
  throw error;
}

function subscribe<T>(set: Set<Listener<T>>, listener: Listener<T>): () => void {
  set.add(listener);
  return () => set.delete(listener);
}

function emit<T>(set: Set<Listener<T>>, value: T): void {
  for (const listener of [...set]) {
    try {
      listener(value);
    } catch {
      // One broken view must not stop the others.
    }
  }
}
