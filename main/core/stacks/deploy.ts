/**
 * One deploy of a stack, owned by main and followed by views through its id:
 *   checking (preflight, Compose v2 present) → pulling (every image that needs it, through the pull service,
 *   with its own credentials, all at once as compose does; compose's own check of the file runs meanwhile) →
 *   building (services built from source) → starting (`compose up -d --remove-orphans --pull never`) → done |
 *   failed, with a result per service.
 * A pull that fails, or a file compose refuses, stops the deploy before compose builds or starts anything, so a
 * running stack is left exactly as it was (see docs/architecture.md, "Decisions where the specs are silent").
 */
import type { DeployLogLine, DeployView, PullView } from '../../../preload/api';
import { StevedoreError } from '../errors';
import { messageOf, redact } from '../failures';
import { UpdateThrottle } from '../pull/throttle';
import { forServices, runCompose, targetOf, type ComposeCommand, type ComposeTarget } from './compose';
import type { OutputStream } from '../process/run-lines';
import type { Preflight, PlannedAction } from './preflight';
import type { ComposeProblem } from './reader';
import { safeOutputLine } from './sensitive';
import type { ContainerSummary } from './status';
import { failureOf, groupPulls, isFinal, type PullEntry } from './deploy-pulls';

/** What a deploy needs from the pull service (PullService fits as it is). */
export interface StackPuller {
  /** `forDeploy`: started at once past the pull limit, handed over with the deploy's other pulls (`handOver`). */
  start(request: { image: string; platform?: string }, options?: { forDeploy?: boolean }): PullView;
  waitFor(id: string): Promise<PullView>;
  onProgress(listener: (view: PullView) => void): () => void;
  /**
   * The pulls a deploy made that succeeded, in the order they finished, once all are over (after the deploy): recorded
   * among the recent images in one settings write and re-checked for updates from one listing of the engine, instead
   * of a write and a re-check per pull, and not while compose up works the engine (app.ts).
   */
  handOver?(pulled: readonly PullView[]): void;
}

export interface DeployTimeouts {
  /** `compose build`. */
  buildMs: number;
  /** `compose up`: creating networks and containers, waiting for dependencies. */
  upMs: number;
}

const DEFAULT_DEPLOY_TIMEOUTS: DeployTimeouts = { buildMs: 30 * 60_000, upMs: 10 * 60_000 };
const DEPLOY_LOG_LINES = 500;

export interface DeployRequest {
  id: string;
  stackId: string;
  redeploy: boolean;
  /** Reads the compose file again and plans the deploy. */
  preflight: () => Promise<Preflight>;
  /** Compose's own check of the project (`config --quiet`), run while the images pull; error problems stop the deploy. */
  composeCheck?: (preflight: Preflight) => Promise<ComposeProblem[]>;
  /** Finds Compose v2 (throws COMPOSE_NOT_FOUND / COMPOSE_V1). */
  compose: () => Promise<ComposeCommand>;
  /** The environment compose runs with (endpoint set, no credentials). */
  composeEnv: () => NodeJS.ProcessEnv;
  puller: StackPuller;
  /**
   * Called before compose builds and starts the project: its status follows the engine's events meanwhile, without
   * listing it. The returned function lists the project once and returns its containers (ProjectWatcher.followEvents).
   */
  followWhileComposing: (project: string) => () => Promise<ContainerSummary[]>;
  /** Values that must never be shown (secret-looking variables of the environment). */
  secrets: () => string[];
  onUpdate: (view: DeployView) => void;
  timeouts?: Partial<DeployTimeouts>;
  clock?: () => Date;
  throttleMs?: number;
}

class DeployFailure extends Error {
  constructor(readonly failure: NonNullable<DeployView['error']>) {
    super(failure.title);
  }
}

export class DeployRun {
  readonly id: string;
  readonly stackId: string;
  readonly done: Promise<DeployView>;
  private readonly clock: () => Date;
  private readonly throttle: UpdateThrottle;
  private readonly timeouts: DeployTimeouts;
  private project = '';
  private state: DeployView['state'] = 'checking';
  private readonly startedAt: string;
  private finishedAt: string | undefined;
  private pulls: PullEntry[] = [];
  /** The final view of each pull the deploy started, for the hand-over after it. */
  private readonly pullFinals: Array<Promise<PullView>> = [];
  /** The same views in the order the pulls finished. */
  private readonly finishedPulls: PullView[] = [];
  private services: DeployView['services'] = [];
  private log: DeployLogLine[] = [];
  private logDropped = 0;
  private error: DeployView['error'];

  constructor(private readonly request: DeployRequest) {
    this.id = request.id;
    this.stackId = request.stackId;
    this.clock = request.clock ?? (() => new Date());
    this.timeouts = { ...DEFAULT_DEPLOY_TIMEOUTS, ...request.timeouts };
    this.startedAt = this.now();
    this.throttle = new UpdateThrottle(() => request.onUpdate(this.view()), request.throttleMs);
    this.done = this.run();
  }

  get finished(): boolean {
    return this.finishedAt !== undefined;
  }

  view(): DeployView {
    const view: DeployView = {
      id: this.id,
      stackId: this.stackId,
      project: this.project,
      redeploy: this.request.redeploy,
      state: this.state,
      startedAt: this.startedAt,
      percent: this.percent(),
      pulls: this.pulls.map((entry) => {
        // Values from Stevedore's environment (an image named through ${VAR}) are replaced by their text as written.
        const hidden = this.request.secrets();
        const pull: DeployView['pulls'][number] = { image: redact(entry.image, hidden), services: [...entry.services], state: entry.state, percent: entry.percent };
        if (entry.platform) pull.platform = redact(entry.platform, hidden);
        if (entry.pullId) pull.pullId = entry.pullId;
        if (entry.credential) pull.credential = { ...entry.credential, summary: redact(entry.credential.summary, hidden), reason: redact(entry.credential.reason, hidden) };
        if (entry.error) pull.error = redactFailure(entry.error, hidden);
        return pull;
      }),
      services: this.services.map((service) => ({ ...service })),
      log: [...this.log],
      logDropped: this.logDropped,
    };
    if (this.finishedAt) view.finishedAt = this.finishedAt;
    if (this.error) view.error = redactFailure(this.error, this.request.secrets());
    return view;
  }

  private async run(): Promise<DeployView> {
    try {
      const preflight = await this.check();
      const checked = this.checkWithCompose(preflight);
      const pulled = this.pullImages().catch(async (error: unknown) => {
        await checked; // compose's refusal of the file, when it comes, explains more than a pull failure
        throw error;
      });
      await Promise.all([checked, pulled]);
      const command = await this.request.compose();
      const target = targetOf(preflight.project);
      const listAfterCompose = this.request.followWhileComposing(this.project);
      try {
        await this.build(command, target);
        await this.up(command, target);
      } catch (error) {
        // The status shows what compose left, listed once.
        void listAfterCompose().catch(() => undefined);
        throw error;
      }
      this.report(await listAfterCompose());
      this.state = 'done';
      this.note(`Deployed ${this.project}.`);
    } catch (error) {
      this.state = 'failed';
      this.error =
        error instanceof DeployFailure
          ? error.failure
          : {
              code: error instanceof StevedoreError ? error.code : 'UNKNOWN',
              title: 'The deploy failed',
              cause: redact(messageOf(error), this.request.secrets()),
              fix: 'Read the deploy log, correct the problem and deploy again.',
              detail: redact(messageOf(error), this.request.secrets()),
            };
      this.note(`Deploy failed: ${this.error.title}.`);
    }
    this.finishedAt = this.now();
    this.throttle.finish();
    void this.handOverPulls();
    return this.view();
  }

  private async checkWithCompose(preflight: Preflight): Promise<void> {
    const problems = (await this.request.composeCheck?.(preflight)) ?? [];
    const refusal = problems.find((problem) => problem.severity === 'error');
    if (refusal === undefined) {
      for (const problem of problems) this.note(problem.message);
      return;
    }
    throw new DeployFailure({
      code: refusal.code,
      title: 'Compose refuses the compose file',
      cause: refusal.message,
      fix: 'Correct the compose file, then deploy again. Nothing was started; images pulled meanwhile stay on the engine (they change no container).',
      detail: problems.map((problem) => problem.message).join('\n'),
      ...(refusal.service === undefined ? {} : { service: refusal.service }),
    });
  }

  /** Once every pull of the deploy is over: the ones that succeeded, together (StackPuller.handOver). */
  private async handOverPulls(): Promise<void> {
    const handOver = this.request.puller.handOver;
    if (handOver === undefined || this.pullFinals.length === 0) return;
    await Promise.all(this.pullFinals.map((final) => final.catch(() => undefined)));
    const pulled = this.finishedPulls.filter((view) => view.state === 'done');
    if (pulled.length > 0) handOver(pulled);
  }

  private async check(): Promise<Preflight> {
    this.note(this.request.redeploy ? 'Redeploy: reading the compose file and planning.' : 'Reading the compose file and planning.');
    const preflight = await this.request.preflight();
    this.project = preflight.project.name;
    this.services = preflight.services.map((service) => ({ service: service.service, action: service.action }));
    const errors = preflight.problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) {
      throw new DeployFailure({
        code: 'STACK_PROBLEMS',
        title: `The stack has ${errors.length} problem${errors.length === 1 ? '' : 's'} to fix first`,
        cause: errors[0]?.message ?? '',
        fix: 'Fix the problems listed in the preflight, then deploy again. Nothing was pulled or started.',
        detail: errors.map((problem) => problem.message).join('\n'),
      });
    }
    // Before pulling anything: a missing or v1 compose would fail the deploy after the downloads otherwise.
    const command = await this.request.compose();
    this.note(`Using ${command.description} ${command.version}.`);
    this.pulls = groupPulls(preflight);
    for (const service of preflight.services) this.note(`${service.service}: ${ACTION_WORDS[service.action]} — ${service.reason}`);
    this.changed();
    return preflight;
  }

  private async pullImages(): Promise<void> {
    if (this.pulls.length === 0) return;
    this.state = 'pulling';
    this.changed();
    const byPullId = new Map<string, PullEntry>();
    const unsubscribe = this.request.puller.onProgress((view) => {
      const entry = byPullId.get(view.id);
      if (!entry || entry.state === 'building') return;
      this.absorb(entry, view);
    });
    try {
      const waits = this.pulls.map(async (entry) => {
        const request: { image: string; platform?: string } = { image: entry.image };
        if (entry.platform) request.platform = entry.platform;
        let view: PullView;
        try {
          view = this.request.puller.start(request, { forDeploy: true });
        } catch (error) {
          throw new DeployFailure({ ...failureOf(error, entry), image: entry.image, service: entry.services.join(', ') });
        }
        entry.pullId = view.id;
        byPullId.set(view.id, entry);
        this.note(`Pulling ${entry.image}${entry.platform ? ` (${entry.platform})` : ''}.`);
        this.absorb(entry, view);
        const settled = this.request.puller.waitFor(view.id).then((final) => (this.finishedPulls.push(final), final));
        this.pullFinals.push(settled);
        const final = await settled;
        this.absorb(entry, final);
        if (final.state === 'done') {
          this.note(`Pulled ${entry.image}. ${final.credential.summary}`);
          return;
        }
        const failure = final.error ?? failureOf(new Error(`the pull ended as ${final.state}`), entry);
        if (entry.buildOnFailure) {
          entry.state = 'building';
          this.note(`Pulling ${entry.image} failed (${failure.title}); building it from its build: section instead, as compose does.`);
          for (const service of this.services) if (entry.services.includes(service.service)) service.action = 'build';
          this.changed();
          return;
        }
        // Pulls still running are left to finish in the pull service: they may be shared with the Pull screen.
        throw new DeployFailure({ ...failure, image: entry.image, service: entry.services.join(', ') });
      });
      // The first failure decides (Promise.all also handles the rejections that come after it).
      await Promise.all(waits);
    } catch (error) {
      if (error instanceof DeployFailure) {
        this.note(`Deploy stopped before compose ran: ${error.failure.image ?? 'an image'} could not be pulled. Nothing on the engine was changed.`);
      }
      throw error;
    } finally {
      unsubscribe();
    }
  }

  private async build(command: ComposeCommand, target: ComposeTarget): Promise<void> {
    const services = this.services.filter((service) => service.action === 'build').map((service) => service.service);
    if (services.length === 0) return;
    this.state = 'building';
    this.note(`Building ${services.join(', ')}.`);
    await this.compose(command, target, forServices(['build'], services), this.timeouts.buildMs, 'build');
  }

  private async up(command: ComposeCommand, target: ComposeTarget): Promise<void> {
    this.state = 'starting';
    this.note('Starting the stack with docker compose up.');
    await this.compose(command, target, ['up', '-d', '--remove-orphans', '--pull', 'never'], this.timeouts.upMs, 'up');
  }

  private async compose(command: ComposeCommand, target: ComposeTarget, subcommand: string[], timeoutMs: number, step: string): Promise<void> {
    this.changed();
    const stderrTail: string[] = [];
    const secrets = this.request.secrets();
    this.append('stevedore', `$ ${command.description.split(' (')[0]} -p ${target.project} ${target.files.map((file) => `-f ${file}`).join(' ')}${target.envFile ? ` --env-file ${target.envFile}` : ''} ${subcommand.join(' ')}`);
    const result = await runCompose(command, target, subcommand, {
      env: this.request.composeEnv(),
      timeoutMs,
      onLine: (stream: OutputStream, line: string) => {
        const safe = safeOutputLine(line, secrets);
        if (safe === '') return;
        if (stream === 'stderr') {
          stderrTail.push(safe);
          if (stderrTail.length > 20) stderrTail.shift();
        }
        this.append(stream, safe);
      },
    });
    if (result.exitCode !== 0) {
      const detail = stderrTail.join('\n') || `compose exited with ${result.exitCode ?? result.signal}`;
      throw new DeployFailure({
        code: 'COMPOSE_FAILED',
        title: `docker compose ${step} failed`,
        cause: stderrTail.filter((line) => /error|failed|invalid|denied|not found|no such/i.test(line)).pop() ?? stderrTail[stderrTail.length - 1] ?? detail,
        fix: 'Read compose’s output in the deploy log, correct the compose file (or what it names), then deploy again.',
        detail,
      });
    }
  }

  private report(containers: readonly ContainerSummary[]): void {
    for (const service of this.services) {
      if (service.action === 'none') continue;
      const mine = containers.filter((container) => container.service === service.service);
      const first = mine[0];
      if (!first) {
        service.ok = false;
        service.state = 'not-created';
        continue;
      }
      service.state = first.state;
      service.containerId = first.id;
      service.imageId = first.imageId;
      service.ok = mine.every((container) => container.state === 'running' || /^Exited \(0\)/.test(container.status));
      this.note(`${service.service}: ${mine.map((container) => `${container.name} ${container.state}`).join(', ')}`);
    }
  }

  private absorb(entry: PullEntry, view: PullView): void {
    // A throttled update can arrive after the final view (or after the switch to building): it is stale.
    if (isFinal(entry.state)) return;
    entry.state = view.state;
    entry.percent = view.state === 'done' ? 100 : Math.max(entry.percent, view.percent);
    entry.credential = { source: view.credential.source, summary: view.credential.summary, reason: view.credential.reason };
    if (view.error) entry.error = view.error;
    this.changed();
  }

  private percent(): number {
    if (this.pulls.length === 0) return this.state === 'done' ? 100 : 0;
    const total = this.pulls.reduce((sum, entry) => sum + (entry.state === 'building' ? 100 : entry.percent), 0);
    return Math.floor(total / this.pulls.length);
  }

  private note(text: string): void {
    this.append('stevedore', text);
  }

  private append(stream: DeployLogLine['stream'], text: string): void {
    this.log.push({ at: this.now(), stream, text: redact(text, this.request.secrets()) });
    if (this.log.length > DEPLOY_LOG_LINES) this.logDropped += this.log.splice(0, this.log.length - DEPLOY_LOG_LINES).length;
    this.changed();
  }

  private changed(): void {
    this.throttle.changed();
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/** A failure's texts with hidden values replaced (redact puts a marker where each was). */
function redactFailure<T extends { title: string; cause: string; fix: string; detail?: string }>(failure: T, hidden: string[]): T {
  const copy = { ...failure, title: redact(failure.title, hidden), cause: redact(failure.cause, hidden), fix: redact(failure.fix, hidden) };
  if (failure.detail !== undefined) copy.detail = redact(failure.detail, hidden);
  return copy;
}

const ACTION_WORDS: Readonly<Record<PlannedAction, string>> = {
  pull: 'pull',
  'pull-or-build': 'pull (or build)',
  'use-local': 'use the engine’s image',
  build: 'build',
  none: 'nothing to do',
};
