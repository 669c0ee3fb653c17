/**
 * Lifecycle actions on a deployed stack — stop, start, down — run through compose with its output kept (bounded,
 * sensitive values removed) for the window, and the stacks busy with one, so a second action waits its turn.
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
  clock: () => Date;
  timeoutMs?: number;
}

export class StackActions {
  private readonly busy = new Map<string, StackVerb>();
  /** Stacks held busy across several steps (an update: check, pulls, recreate); their own actions run inside. */
  private readonly held = new Set<string>();

  constructor(private readonly options: StackActionsOptions) {}

  /** The action a stack is busy with. */
  busyWith(stackId: string): StackVerb | undefined {
    return this.busy.get(stackId);
  }

  /** Whether the stack is held busy by `hold` (its holder's own actions may run). */
  isHeld(stackId: string): boolean {
    return this.held.has(stackId);
  }

  /** Marks the stack busy with `verb` until the returned release is called (the caller checked it was not busy). */
  hold(stackId: string, verb: StackVerb): () => void {
    this.busy.set(stackId, verb);
    this.held.add(stackId);
    return () => {
      this.held.delete(stackId);
      this.busy.delete(stackId);
    };
  }

  /** Runs one action (the caller checked the stack is not busy, or holds it). */
  async run(stack: KnownStack, verb: StackVerb, subcommand: string[]): Promise<StackActionResult> {
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
