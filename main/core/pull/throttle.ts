/**
 * Rate-limits one pull's updates to the renderer: the first change goes out at once (leading), changes during
 * the following interval are folded into one update at its end (trailing), and `finish` sends the final state
 * immediately and closes the throttle, so nothing can follow the final update.
 *
 * `emit` builds what it sends when it runs, so a trailing update always carries the latest state.
 */
export interface ThrottleTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const globalTimers: ThrottleTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const DEFAULT_THROTTLE_MS = 100;

export class UpdateThrottle {
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private closed = false;

  constructor(
    private readonly emit: () => void,
    private readonly intervalMs: number = DEFAULT_THROTTLE_MS,
    private readonly now: () => number = () => Date.now(),
    private readonly timers: ThrottleTimers = globalTimers,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Something changed: send it now, or at the end of the current interval. */
  changed(): void {
    if (this.closed || this.timer !== undefined) return;
    const wait = this.lastEmitAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.timer = this.timers.setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.fire();
    }, wait);
  }

  /** Sends the final state now; later calls do nothing. */
  finish(): void {
    if (this.closed) return;
    this.cancelTimer();
    this.closed = true;
    this.emit();
  }

  /** Stops without a final update (the owner sends nothing more). */
  close(): void {
    this.cancelTimer();
    this.closed = true;
  }

  private fire(): void {
    this.lastEmitAt = this.now();
    this.emit();
  }

  private cancelTimer(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
