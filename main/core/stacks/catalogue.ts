/**
 * The catalogue of stacks: the ones Stevedore knows (written in the app, opened from disk) and the ones found
 * running on the engine, how each reads (its compose project, cached while its files are unchanged) and how each
 * looks in the list. The stack service (service.ts) edits the catalogue; deploys, actions and status read it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ComposeProblemView, StackDetail, StackValidation, StackView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { messageOf } from '../failures';
import { OVERRIDE_FILE_NAMES } from './project-files';
import { EnvFileError, parseEnvFile } from './env-file';
import { fileStamp, stampsIn } from './file-stamp';
import { isValidProjectName, normalizeProjectName } from './project-name';
import { DEFAULT_ENV_FILE_NAME, parseComposeProject, readComposeProject, type ComposeProject } from './reader';
import { serviceStatuses, type ContainerSummary, type ProjectWatcher } from './status';
import { APP_STACK_FILE, type DeployedEngine, type StackStore } from './store';

/** A Swarm stack's services and tasks running/desired (main/core/swarm/services.ts counts them). */
export type SwarmReplicas = NonNullable<StackView['swarm']>;
import { ComposeFileError } from './yaml-load';

export type StackErrorCode = 'STACK_NOT_FOUND' | 'STACK_READ_ONLY' | 'STACK_BUSY' | 'STACK_RUNNING' | 'DIALOG_UNAVAILABLE' | 'COMPOSE_FAILED' | 'STACK_ON_OTHER_ENGINE';

export class StackError extends StevedoreError {
  declare readonly code: StackErrorCode;
  constructor(code: StackErrorCode, message: string) {
    super(code, message);
  }
}

/** A stack with a compose file Stevedore can act on. */
export interface KnownStack {
  id: string;
  kind: 'app' | 'file';
  name: string;
  file: string;
  /** The entry in stacks.json (opened files). */
  recordId?: string;
  envFile?: string;
  projectName?: string;
}

export class StackCatalogue {
  private readonly projectCache = new Map<string, { key: string; project: ComposeProject; files: string }>();

  constructor(
    readonly store: StackStore,
    readonly watcher: ProjectWatcher,
    private readonly env: NodeJS.ProcessEnv,
    /** The id of the deploy running for a stack, shown in its view. */
    private readonly runningDeployOf: (stackId: string) => string | undefined,
    /** The active engine's endpoint URL; undefined while none is connected. */
    private readonly activeEngineUrl: () => string | undefined = () => undefined,
    /** The Swarm stacks on the active engine by name (none unless it is a Swarm manager). */
    private readonly swarmStacks: () => Promise<ReadonlyMap<string, SwarmReplicas>> = async () => new Map(),
  ) {}

  /**
   * "Deployed to ENGINE — switch to it…" when the stack was last deployed to an engine other than the active one
   * (Stevedore drives one engine at a time, so the active engine's absent containers say nothing about it).
   */
  async otherEngineOf(stackId: string): Promise<{ engine: DeployedEngine; message: string } | undefined> {
    const engine = await this.store.deployedEngine(stackId);
    const active = this.activeEngineUrl();
    if (engine === undefined || active === undefined || active === engine.url) return undefined;
    return { engine, message: `Deployed to ${engine.url} — switch to it to see its status, logs and actions.` };
  }

  /** Status, logs and actions of a stack deployed to another engine would show the active engine's, so they refuse. */
  async refuseOnOtherEngine(stackId: string): Promise<void> {
    const other = await this.otherEngineOf(stackId);
    if (other) throw new StackError('STACK_ON_OTHER_ENGINE', `${other.message} Or deploy it again to the engine in use.`);
  }

  async list(): Promise<StackView[]> {
    const known = await this.knownStacks();
    const swarm = await this.swarmStacks();
    const views = await Promise.all(known.map((stack) => this.viewOf(stack, swarm)));
    const projects = new Set(views.map((view) => view.project));
    for (const project of this.watcher.projectNames()) {
      if (!projects.has(project)) views.push(this.externalView(project));
    }
    return views;
  }

  /** A stack with its compose text and problems, for the editor (an opened file's env file stays in main). */
  async detail(id: string): Promise<StackDetail> {
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

  /** The stack's files changed (or it went): read its project again next time. */
  forget(stackId: string): void {
    this.projectCache.delete(stackId);
  }

  async knownStacks(): Promise<KnownStack[]> {
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

  async findStack(id: string): Promise<KnownStack | undefined> {
    if (id.startsWith('project:')) return undefined;
    if (!id.startsWith('app:') && !id.startsWith('file:')) throw new StackError('STACK_NOT_FOUND', 'That is not a stack id Stevedore gave out.');
    const stack = (await this.knownStacks()).find((candidate) => candidate.id === id);
    if (!stack) throw new StackError('STACK_NOT_FOUND', 'That stack no longer exists. Refresh the list of stacks.');
    return stack;
  }

  /** A stack Stevedore can act on; stacks found on the engine are read-only until their file is opened. */
  async requireStack(id: string): Promise<KnownStack> {
    const stack = await this.findStack(id);
    if (!stack) {
      throw new StackError('STACK_READ_ONLY', 'This stack was started outside Stevedore. Open its compose file (Open file…) to deploy or change it here.');
    }
    return stack;
  }

  externalProject(id: string): string {
    const project = id.startsWith('project:') ? id.slice('project:'.length) : '';
    if (!this.watcher.projectNames().includes(project)) throw new StackError('STACK_NOT_FOUND', 'That stack has no containers on the engine any more.');
    return project;
  }

  /** Reads (or takes from the cache, while file, env file and options are unchanged) the stack's compose project. */
  async readProject(stack: KnownStack): Promise<ComposeProject> {
    // An override file or a .env appearing (or going) beside the compose file changes the project too. The stamps
    // of the files beside it come from one listing of the folder (stampsIn); files elsewhere are stat'ed.
    const directory = path.dirname(stack.file);
    const besideNames = [path.basename(stack.file), DEFAULT_ENV_FILE_NAME, ...OVERRIDE_FILE_NAMES];
    const beside = await stampsIn(directory, besideNames);
    const besideStamps = new Map(besideNames.map((name, index) => [path.join(directory, name), beside[index]]));
    const stampOf = (file: string) => (besideStamps.has(file) ? besideStamps.get(file) : fileStamp(file));
    const [composeStamp, dotEnvStamp, ...overrides] = beside;
    const envFile = stack.envFile ?? (dotEnvStamp === undefined ? undefined : path.join(directory, DEFAULT_ENV_FILE_NAME));
    const key = JSON.stringify([composeStamp, envFile, envFile === undefined ? undefined : await stampOf(envFile), stack.projectName, overrides]);
    const stampsOf = async (files: readonly string[]) => JSON.stringify(await Promise.all(files.map(stampOf)));
    const cached = this.projectCache.get(stack.id);
    if (cached?.key === key && cached.files === (await stampsOf(cached.project.files))) return cached.project;
    const source = { file: stack.file, env: this.env, ...(stack.envFile ? { envFile: stack.envFile } : {}), ...(stack.projectName ? { projectName: stack.projectName } : {}) };
    const project = await readComposeProject(source);
    this.projectCache.set(stack.id, { key, project, files: await stampsOf(project.files) });
    return project;
  }

  /** The project name even when the file cannot be read now (so status and logs keep working). */
  async projectNameOf(stack: KnownStack): Promise<string> {
    try {
      return (await this.readProject(stack)).name;
    } catch {
      return stack.projectName ?? (stack.kind === 'app' ? stack.name : normalizeProjectName(path.basename(path.dirname(stack.file))));
    }
  }

  async viewOf(stack: KnownStack, swarm?: ReadonlyMap<string, SwarmReplicas>): Promise<StackView> {
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
    // Deployed with `docker stack deploy` it has tasks, not Compose containers: listed by its replicas, not "Not deployed".
    const replicas = view.containers.total === 0 ? (swarm ?? (await this.swarmStacks())).get(project) : undefined;
    if (replicas) {
      view.swarm = { ...replicas };
      view.containers = { running: replicas.running, total: replicas.desired };
      view.state = replicas.desired === 0 ? 'stopped' : replicas.running >= replicas.desired ? 'running' : 'partial';
    }
    const deployId = this.runningDeployOf(stack.id);
    if (deployId) view.deployId = deployId;
    const deployedEngine = await this.store.deployedEngine(stack.id);
    if (deployedEngine) view.deployedEngine = deployedEngine;
    const other = await this.otherEngineOf(stack.id);
    if (other) {
      view.onOtherEngine = other.message;
      // Not the active engine's (absent) containers: their state is unknown here.
      view.state = 'not-deployed';
      view.containers = { running: 0, total: 0 };
      delete view.swarm;
    }
    if (problem) {
      view.problem = problem.text;
      view.problemKind = problem.kind;
    }
    return view;
  }

  externalView(project: string): StackView {
    return { id: `project:${project}`, kind: 'external', name: project, project, readOnly: true, ...this.containerCounts(project) };
  }

  private containerCounts(project: string): Pick<StackView, 'state' | 'containers'> {
    const containers = this.watcher.containers(project);
    const running = containers.filter((container: ContainerSummary) => container.state === 'running').length;
    const total = containers.length;
    const state = total === 0 ? 'not-deployed' : running === total ? 'running' : running === 0 ? 'stopped' : 'partial';
    return { state, containers: { running, total } };
  }
}

export function appId(name: string): string {
  return `app:${name}`;
}

export function toKnown(record: { id: string; file: string; envFile?: string; projectName?: string }): KnownStack {
  const stack: KnownStack = { id: `file:${record.id}`, kind: 'file', name: path.basename(path.dirname(record.file)), file: record.file, recordId: record.id };
  if (record.envFile) stack.envFile = record.envFile;
  if (record.projectName) stack.projectName = record.projectName;
  return stack;
}

export function fileRecordId(stack: KnownStack): string {
  if (stack.recordId === undefined) throw new StackError('STACK_READ_ONLY', 'Only opened compose files have this option.');
  return stack.recordId;
}

export function toProblemView(problem: ComposeProblemView): ComposeProblemView {
  const view: ComposeProblemView = { code: problem.code, severity: problem.severity, message: problem.message };
  if (problem.service) view.service = problem.service;
  if (problem.line !== undefined) view.line = problem.line;
  if (problem.column !== undefined) view.column = problem.column;
  return view;
}

/** A file that could not be used, as problems: the most likely cause first, then every other problem found with it. */
export function problemsFromError(error: unknown): ComposeProblemView[] {
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
