/**
 * When the automatic update checks run (issue 14, item 3): never ('off'), hourly or daily, from the setting read at
 * each decision. After a run with a registry problem the next one waits longer (doubling, up to a day), so a
 * registry that is down is not asked every hour; the first run after a clean one goes back to the interval.
 */
import type { UpdateSchedule } from '../../../preload/api';

export const SCHEDULE_INTERVAL_MS: Record<Exclude<UpdateSchedule, 'off'>, number> = { hourly: 60 * 60_000, daily: 24 * 60 * 60_000 };
export const MAX_BACKOFF_MS = 24 * 60 * 60_000;

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface UpdateSchedulerOptions {
  schedule: () => UpdateSchedule;
  /** One scheduled check; `problems` when some registry could not be asked. */
  run: () => Promise<{ problems: boolean }>;
  now?: () => number;
  timers?: Timers;
  /** Told when the next run moves (the view shows it). */
  onPlanned?: (at: Date | undefined) => void;
}

const realTimers: Timers = {
  set: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class UpdateScheduler {
  private handle: unknown;
  private failures = 0;
  private plannedAt: number | undefined;
  private readonly now: () => number;
  private readonly timers: Timers;

  constructor(private readonly options: UpdateSchedulerOptions) {
    this.now = options.now ?? Date.now;
    this.timers = options.timers ?? realTimers;
  }

  get nextAt(): Date | undefined {
    return this.plannedAt === undefined ? undefined : new Date(this.plannedAt);
  }

  /** Plans the next run from now (call at start and whenever the setting changes). */
  plan(): void {
    this.cancel();
    const schedule = this.options.schedule();
    if (schedule === 'off') {
      this.options.onPlanned?.(undefined);
      return;
    }
    const interval = SCHEDULE_INTERVAL_MS[schedule];
    const delay = this.failures === 0 ? interval : Math.min(MAX_BACKOFF_MS, interval * 2 ** this.failures);
    this.plannedAt = this.now() + delay;
    this.handle = this.timers.set(() => void this.fire(), delay);
    this.options.onPlanned?.(this.nextAt);
  }

  stop(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.handle !== undefined) this.timers.clear(this.handle);
    this.handle = undefined;
    this.plannedAt = undefined;
  }

  private async fire(): Promise<void> {
    this.handle = undefined;
    try {
      const { problems } = await this.options.run();
      this.failures = problems ? this.failures + 1 : 0;
    } catch {
      this.failures += 1;
    }
    this.plan();
  }
}
