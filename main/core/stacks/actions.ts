/**
 * Lifecycle actions on a deployed stack — stop, start, down, an update's recreate — run through compose with its
 * output kept (bounded, sensitive values removed) for the window, and the stacks busy with one (or with a deploy),
 * so a second action is refused until it ends (STACK_BUSY).
 */
import type { DeployLogLine, StackActionResult, StackStatus } from '../../../preload/api';
import { StackError, type KnownStack, type StackCatalogue } from './catalogue';
import { runCompose, targetOf, type ComposeCommand } from './compose';
import { safeOutputLine, sensitiveValues } from './sensitive';

const DEFAULT_ACTION_TIMEOUT_MS = 5 * 60_000;
const ACTION_LOG_LINES = 200;

/** `update`: `up -d --no-deps --pull never` of the services whose image changed (main/core/updates/). */
export type StackVerb = 'stop' | 'start' | 'down' | 'update';

export interface StackActionsOptions {
  catalogue: StackCatalogue;
  composeCommand: () => Promise<ComposeCommand>;
  composeEnv: () => NodeJS.ProcessEnv;
  statusOf: (stackId: string, project: string, declared: readonly string[]) => StackStatus;
  /** The id of the deploy running for a stack (deploys.ts), which keeps it busy too. */
  deployRunning: (stackId: string) => string | undefined;
  clock: () => Date;
  timeoutMs?: number;
}

export class StackActions {
  private readonly busy = new Map<string, StackVerb>();
  /** Stacks held busy across several steps (an update: check, pulls, recreate); their own actions run inside. */
  private readonly held = new Set<string>();

  constructor(private readonly options: StackActionsOptions) {}

  /** Refuses (STACK_BUSY) while a deploy or an action has the stack. */
  refuseWhileBusy(stackId: string): void {
    if (this.options.deployRunning(stackId) !== undefined) throw new StackError('STACK_BUSY', 'The stack is being deployed; wait for the deploy to finish.');
    const verb = this.busy.get(stackId);
    if (verb) throw new StackError('STACK_BUSY', `The stack is busy (${verb}); wait for it to finish.`);
  }

  /** One action on a stack that must be free and deployed to the engine in use. */
  async act(id: string, verb: StackVerb, subcommand: string[]): Promise<StackActionResult> {
    const stack = await this.options.catalogue.requireStack(id);
    this.refuseWhileBusy(stack.id);
    await this.options.catalogue.refuseOnOtherEngine(stack.id);
    return this.run(stack, verb, subcommand);
  }

  /** An action of the work holding the stack (`whileHolding`), or one on its own when nothing holds it. */
  async actWithin(id: string, verb: StackVerb, subcommand: string[]): Promise<StackActionResult> {
    if (this.held.has(id)) return this.run(await this.options.catalogue.requireStack(id), verb, subcommand);
    return this.act(id, verb, subcommand);
  }

  /** Runs `work` with the stack busy with `verb` throughout (an update: check, pulls, recreate); refused if busy. */
  async whileHolding<T>(id: string, verb: StackVerb, work: () => Promise<T>): Promise<T> {
    const stack = await this.options.catalogue.requireStack(id);
    this.refuseWhileBusy(stack.id);
    await this.options.catalogue.refuseOnOtherEngine(stack.id);
    this.busy.set(stack.id, verb);
    this.held.add(stack.id);
    try {
      return await work();
    } finally {
      this.held.delete(stack.id);
      this.busy.delete(stack.id);
    }
  }

  /** Runs one action (the caller checked the stack is not busy, or holds it). */
  private async run(stack: KnownStack, verb: StackVerb, subcommand: string[]): Promise<StackActionResult> {
    const { catalogue } = this.options;
    const holding = this.held.has(stack.id);
    if (!holding) this.busy.set(stack.id, verb);
    try {
      const project = await catalogue.readProject(stack);
      const command = await this.options.composeCommand();
      const secrets = [...sensitiveValues(project.environment), ...project.hiddenValues];
      const log: DeployLogLine[] = [];
      const stderr: string[] = [];
      const result = await runCompose(command, targetOf(project), subcommand, {
        env: this.options.composeEnv(),
        timeoutMs: this.options.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS,
        onLine: (stream, line) => {
          const text = safeOutputLine(line, secrets);
          if (text === '') return;
          if (stream === 'stderr') stderr.push(text);
          log.push({ at: this.options.clock().toISOString(), stream, text });
          if (log.length > ACTION_LOG_LINES) log.shift();
        },
      });
      await catalogue.watcher.refresh(project.name);
      if (result.exitCode !== 0) {
        const reason = stderr.filter((line) => /error|fail|denied|no such|not found/i.test(line)).pop() ?? stderr[stderr.length - 1] ?? `exit code ${result.exitCode ?? result.signal}`;
        throw new StackError('COMPOSE_FAILED', `docker compose ${verb} failed: ${reason}`);
      }
      const declared = project.services.filter((service) => service.active).map((service) => service.name);
      return { status: this.options.statusOf(stack.id, project.name, declared), log };
    } finally {
      if (!holding) this.busy.delete(stack.id);
    }
  }
}
