/**
 * Deploys of stacks: the preflight as the window sees it, the deploys running now (one per stack) and the most
 * recent finished ones. One deploy's steps are in deploy.ts; the stack service (service.ts) starts them here.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type Docker from 'dockerode';
import type { CredentialExplanation, DeployView, PreflightView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { messageOf } from '../failures';
import { problemsFromError, StackError, toProblemView, type KnownStack, type StackCatalogue } from './catalogue';
import type { ComposeCommand } from './compose';
import { ComposeVerdicts } from './compose-check';
import { DeployRun, type DeployTimeouts, type StackPuller } from './deploy';
import { runPreflight, type LocalImage, type Preflight } from './preflight';
import type { ComposeProblem, ComposeProject } from './reader';
import { sensitiveValues } from './sensitive';

const FINISHED_DEPLOYS_KEPT = 20;

export interface StackDeploysOptions {
  catalogue: StackCatalogue;
  env: NodeJS.ProcessEnv;
  docker: () => Docker;
  puller: StackPuller;
  credentials: { explain(image: string): Promise<CredentialExplanation> };
  composeCommand: () => Promise<ComposeCommand>;
  composeEnv: () => NodeJS.ProcessEnv;
  onUpdate: (view: DeployView) => void;
  /** A deploy started or finished: the stack list shows it. */
  onChange: () => void;
  timeouts?: Partial<DeployTimeouts>;
  clock?: () => Date;
  throttleMs?: number;
}

export class StackDeploys {
  private readonly active = new Map<string, DeployRun>();
  private finished: DeployView[] = [];
  /** Compose's verdict per project content: the page's preflight and the deploy after it share one `config --quiet`. */
  private readonly verdicts = new ComposeVerdicts();

  constructor(private readonly options: StackDeploysOptions) {}

  /** The id of the deploy running for a stack. */
  runningFor(stackId: string): string | undefined {
    return this.active.get(stackId)?.id;
  }

  async preflight(stack: KnownStack, options: { redeploy?: boolean }): Promise<PreflightView> {
    const { catalogue } = this.options;
    let preflight: Preflight;
    try {
      preflight = await this.checkedPreflight(stack, options);
    } catch (error) {
      if (!(error instanceof StevedoreError)) throw error;
      return { stackId: stack.id, project: await catalogue.projectNameOf(stack), services: [], problems: problemsFromError(error), ok: false };
    }
    const problems = preflight.problems.map(toProblemView);
    let compose: string | undefined;
    try {
      const command = await this.options.composeCommand();
      compose = `${command.description} ${command.version}`;
    } catch (error) {
      problems.push(...problemsFromError(error));
    }
    const { directory, files } = preflight.project;
    return {
      stackId: stack.id,
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

  /** Starts a deploy (the caller checked the stack is not busy); the one already running when there is one. */
  start(stack: KnownStack, options: { redeploy?: boolean }): DeployView {
    const running = this.active.get(stack.id);
    if (running) return running.view();
    let secrets: string[] = sensitiveValues(this.options.env);
    const run = new DeployRun({
      id: randomUUID(),
      stackId: stack.id,
      redeploy: options.redeploy === true,
      preflight: async () => {
        this.options.catalogue.forget(stack.id);
        const preflight = await runPreflight(await this.options.catalogue.readProject(stack), this.preflightDependencies(), options);
        secrets = [...sensitiveValues(preflight.project.environment), ...preflight.project.hiddenValues];
        return preflight;
      },
      // While the images pull (deploy.ts): compose starts in 0.2–2 s, the pulls take longer. Kept while the project
      // is unchanged (ComposeVerdicts), so a deploy of what the page's preflight checked starts no second compose.
      composeCheck: (preflight) => this.composeProblems(preflight.project),
      compose: () => this.options.composeCommand(),
      composeEnv: () => this.options.composeEnv(),
      puller: this.options.puller,
      followWhileComposing: (project) => this.options.catalogue.watcher.followEvents(project),
      secrets: () => secrets,
      onUpdate: this.options.onUpdate,
      timeouts: this.options.timeouts,
      clock: this.options.clock,
      throttleMs: this.options.throttleMs,
    });
    this.active.set(stack.id, run);
    void run.done.then((final) => {
      this.active.delete(stack.id);
      this.finished = [final, ...this.finished].slice(0, FINISHED_DEPLOYS_KEPT);
      this.options.onChange();
    });
    this.options.onChange();
    return run.view();
  }

  /** Resolves with the deploy's final view. */
  waitFor(deployId: string): Promise<DeployView> {
    const running = [...this.active.values()].find((run) => run.id === deployId);
    if (running) return running.done;
    const finished = this.finished.find((view) => view.id === deployId);
    if (finished) return Promise.resolve(finished);
    return Promise.reject(new StackError('STACK_NOT_FOUND', 'There is no such deploy; it may have finished long ago.'));
  }

  /** Running deploys, then the most recent finished ones. */
  list(): DeployView[] {
    return [...[...this.active.values()].map((run) => run.view()), ...this.finished];
  }

  /** Stevedore's preflight, then — when it found no error — compose's own check of the same project. */
  private async checkedPreflight(stack: KnownStack, options: { redeploy?: boolean }): Promise<Preflight> {
    const project = await this.options.catalogue.readProject(stack);
    const preflight = await runPreflight(project, this.preflightDependencies(), options);
    if (!preflight.ok) return preflight;
    preflight.problems.push(...(await this.composeProblems(project)));
    preflight.ok = !preflight.problems.some((problem) => problem.severity === 'error');
    return preflight;
  }

  /** Compose's own check of the project (`config --quiet`): none when compose cannot be found (reported elsewhere). */
  private async composeProblems(project: ComposeProject): Promise<ComposeProblem[]> {
    let command: ComposeCommand;
    try {
      command = await this.options.composeCommand();
    } catch {
      // Reported by the preflight view, and the deploy refuses to start without compose.
      return [];
    }
    const hidden = [...sensitiveValues(project.environment), ...project.hiddenValues];
    return this.verdicts.problems(command, project, { env: this.options.composeEnv(), hidden }).catch((error: unknown) => {
      if (!(error instanceof StevedoreError)) throw error;
      return [{ code: error.code, severity: 'warning' as const, message: `Compose could not check the project: ${messageOf(error)}` }];
    });
  }

  private preflightDependencies() {
    return {
      explain: (image: string) => this.options.credentials.explain(image),
      inspectImage: (reference: string) => inspectLocalImage(this.options.docker(), reference),
    };
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
